"""Each figure of issue 15's table printed with its goal beside it, in one shape for every
benchmark, so that a run reads as the table: what, measured, goal, met or missed by how much."""


def goal_line(what: str, value: float, unit: str, *, goal: float) -> str:
    """`value` against an upper bound `goal` (times, memory and ratios all count down)."""
    verdict = "met" if value <= goal else f"MISSED by {value / goal:.1f}x"
    return f"goal  {what:52} {value:9.2f} {unit:3} goal <= {goal:g} {unit}  {verdict}"


# The page and API goals of the issue (p95 server time, ms) by the path measured.
_PAGE_GOAL_MS = {
    "/companies/": 100.0,
    "/api/v1/companies/": 100.0,
    "/work/": 100.0,
    "/control/": 200.0,
    "/reports/": 300.0,
}


def page_goal(path: str, p95_ms: float) -> str:
    """The goal of a page's p95, said after its measurement; "" for a page the table omits."""
    goal = _PAGE_GOAL_MS.get(path)
    if goal is None:
        return ""
    verdict = "met" if p95_ms <= goal else f"MISSED by {p95_ms / goal:.1f}x"
    return f"goal p95 <= {goal:g} ms {verdict}"
