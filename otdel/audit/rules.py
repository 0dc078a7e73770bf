"""The audit of a sales system (METHOD 9) as plain data: each finding's threshold, which way it
is crossed, how bad it is, the METHOD section that fixes it, and the plan of changes in METHOD's
order. The figures are measured in selectors.py; here they are only judged."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum

# The thresholds (METHOD 9's typical findings; shares in per cent, days, heads).
PERSONAL_PLAN_MAX_MISSING = 0  # managers without a plan line for today: any is one too many
ABC_WINDOW_DAYS = 90  # a segmentation within that many days before the audit's date
ABC_MIN_RUNS = 1
WEEKLY_PLAN_MIN_SHARE = 50.0  # % of managers' plan lines with figures by week
HUNTERS_ON_CLIENTS_MAX_SHARE = 30.0  # % of hunters' activities on existing clients, a quarter
HUNTERS_RISING_QUARTERS = 3  # that many quarters in a row, each higher, is a drift too
BASE_WITH_CONTRACTS_MIN_SHARE = 10.0  # % of the base with a paid order or a signed contract
TIME_ON_CD_MARGIN = 0.0  # points of activity share on C/D clients beyond their revenue share
OVER_CAP_MAX_MANAGERS = 0  # managers whose working list is over the cap
STALE_PROSPECTS_MAX_SHARE = 10.0  # % of companies in work past their deadline
NO_NEXT_STEP_MAX_SHARE = 10.0  # % of companies in work with no next step
LOST_WITHOUT_REASON_MAX_SHARE = 5.0  # % of lost deals with no reason
# A threshold of 0 heads is far beyond at this many.
FAR_HEADS = 3

DEFAULT_MONTHS = 12


class Severity(Enum):
    HIGH = 3
    MEDIUM = 2
    LOW = 1


class Direction(Enum):
    ABOVE = "above"  # crossed when the value is higher than the threshold
    BELOW = "below"  # crossed when the value is lower


@dataclass(frozen=True)
class Rule:
    code: str
    threshold: float
    direction: Direction
    severity: Severity  # when just crossed; one step worse when far beyond (see `far_beyond`)
    method: str  # the METHOD section with the remedy
    step: str  # the step of the plan of changes (STEPS)


RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in (
        Rule(
            "no_personal_plans",
            PERSONAL_PLAN_MAX_MISSING,
            Direction.ABOVE,
            Severity.HIGH,
            "6",
            "plans",
        ),
        Rule("no_abc", ABC_MIN_RUNS, Direction.BELOW, Severity.HIGH, "7", "abc"),
        Rule(
            "monthly_reporting_only",
            WEEKLY_PLAN_MIN_SHARE,
            Direction.BELOW,
            Severity.MEDIUM,
            "6",
            "plans",
        ),
        Rule(
            "hunters_serving_clients",
            HUNTERS_ON_CLIENTS_MAX_SHARE,
            Direction.ABOVE,
            Severity.MEDIUM,
            "5",
            "handoff",
        ),
        Rule(
            "base_without_contracts",
            BASE_WITH_CONTRACTS_MIN_SHARE,
            Direction.BELOW,
            Severity.MEDIUM,
            "2",
            "sections",
        ),
        Rule("time_on_d_clients", TIME_ON_CD_MARGIN, Direction.ABOVE, Severity.LOW, "7", "abc"),
        Rule(
            "working_lists_over_cap",
            OVER_CAP_MAX_MANAGERS,
            Direction.ABOVE,
            Severity.MEDIUM,
            "4",
            "limits",
        ),
        Rule(
            "stale_prospects",
            STALE_PROSPECTS_MAX_SHARE,
            Direction.ABOVE,
            Severity.MEDIUM,
            "4",
            "limits",
        ),
        Rule(
            "no_next_step",
            NO_NEXT_STEP_MAX_SHARE,
            Direction.ABOVE,
            Severity.MEDIUM,
            "3",
            "algorithm",
        ),
        Rule(
            "lost_without_reason",
            LOST_WITHOUT_REASON_MAX_SHARE,
            Direction.ABOVE,
            Severity.LOW,
            "3",
            "algorithm",
        ),
    )
}

# The plan of changes in METHOD's order: base sections, algorithm, limits, hand-off, ABC, plans
# and pay, control; with the METHOD section of each.
STEPS: tuple[tuple[str, str], ...] = (
    ("sections", "2"),
    ("algorithm", "3"),
    ("limits", "4"),
    ("handoff", "5"),
    ("abc", "7"),
    ("plans", "6"),
    ("control", "8"),
)


@dataclass(frozen=True)
class Measure:
    """A figure as measured: the value, the threshold it is judged against (a rule's own, or
    one measured beside it, as the C/D clients' share of revenue), and the rows concerned."""

    code: str
    value: float
    count: int
    threshold: float | None = None
    trend: tuple[float, ...] = ()  # by quarter, oldest first (hunters_serving_clients)
    measured: bool = True  # False when there was nothing to measure (no company, no manager)


@dataclass(frozen=True)
class Finding:
    code: str
    value: float
    threshold: float
    severity: Severity
    count: int
    method: str
    step: str
    trend: tuple[float, ...] = ()


def share(part: int | float, whole: int | float) -> float:
    """Per cent, to one decimal; nothing of nothing is 0."""
    return round(float(part) * 100 / float(whole), 1) if whole else 0.0


def crosses(value: float, threshold: float, direction: Direction) -> bool:
    return value > threshold if direction is Direction.ABOVE else value < threshold


def rising(trend: Sequence[float], quarters: int = HUNTERS_RISING_QUARTERS) -> bool:
    """The last `quarters` values, each higher than the one before."""
    last = list(trend)[-quarters:]
    return len(last) == quarters and all(b > a for a, b in zip(last, last[1:], strict=False))


def far_beyond(value: float, threshold: float, direction: Direction) -> bool:
    """Twice the threshold (half of it, for a floor); FAR_HEADS over a threshold of 0."""
    if direction is Direction.BELOW:
        return value <= threshold / 2
    return value >= threshold * 2 if threshold > 0 else value >= FAR_HEADS


def severity_of(rule: Rule, value: float, threshold: float) -> Severity:
    if far_beyond(value, threshold, rule.direction) and rule.severity is not Severity.HIGH:
        return Severity(rule.severity.value + 1)
    return rule.severity


def judge(measure: Measure) -> Finding | None:
    """The finding when the measure crosses its rule's threshold, else None."""
    rule = RULES[measure.code]
    if not measure.measured:
        return None
    threshold = rule.threshold if measure.threshold is None else measure.threshold + rule.threshold
    crossed = crosses(measure.value, threshold, rule.direction)
    if measure.code == "hunters_serving_clients":
        crossed = crossed or rising(measure.trend)
    if not crossed:
        return None
    return Finding(
        code=measure.code,
        value=measure.value,
        threshold=threshold,
        severity=severity_of(rule, measure.value, threshold),
        count=measure.count,
        method=rule.method,
        step=rule.step,
        trend=measure.trend,
    )


def worst_first(findings: Sequence[Finding]) -> list[Finding]:
    """By severity, then by how far past the threshold (relative), then by code."""

    def distance(f: Finding) -> float:
        gap = abs(f.value - f.threshold)
        return gap / abs(f.threshold) if f.threshold else gap

    return sorted(findings, key=lambda f: (-f.severity.value, -distance(f), f.code))


def findings_of(measures: Sequence[Measure]) -> list[Finding]:
    return worst_first([f for m in measures if (f := judge(m)) is not None])


def period_start(as_of: date, months: int) -> date:
    """The same day `months` months before (the last day of a shorter month)."""
    year, month = divmod(as_of.year * 12 + as_of.month - 1 - months, 12)
    month += 1
    for day in (as_of.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def quarter_of(day: date) -> str:
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


def steps_needed(findings: Sequence[Finding]) -> list[tuple[str, str, list[Finding]]]:
    """Every step of the plan in METHOD's order, with the findings it answers."""
    return [(step, method, [f for f in findings if f.step == step]) for step, method in STEPS]
