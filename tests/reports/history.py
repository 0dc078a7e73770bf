"""The funnel of a hand-built history, cut into stays in plain Python: what the stays the
database keeps (base.CompanyStay) and counts (reports.selectors) must agree with."""

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from otdel.reports.rules import FunnelRow, Tally, funnel_of


@dataclass(frozen=True)
class Move:
    """One row of the history: the company went from `old` to `new` at `at`, for `reason`."""

    company: int
    old: str
    new: str
    at: datetime
    reason: str = ""


@dataclass(frozen=True)
class Span:
    company: int
    state: str
    entered_at: datetime
    left_at: datetime | None = None
    next_state: str | None = None
    reason: str = ""  # why it left (the move's reason)


@dataclass(frozen=True)
class Born:
    """When a company was created, and the state it is in now."""

    at: datetime
    state: str


def spans_of(moves: Iterable[Move], born: Mapping[int, Born]) -> list[Span]:
    """The stays of each company between its moves. `moves` are in time order per company;
    `born` gives when companies were created: the first stay of each starts then, in the state
    its first move left or, if it has not moved, the state it is in. A company not in `born`
    has only the stays its moves began."""
    by_company: dict[int, list[Move]] = {company: [] for company in born}
    for move in moves:
        by_company.setdefault(move.company, []).append(move)
    spans: list[Span] = []
    for company, own in by_company.items():
        if not own:
            spans.append(Span(company, born[company].state, born[company].at))
            continue
        if company in born:
            first = own[0]
            spans.append(
                Span(company, first.old, born[company].at, first.at, first.new, first.reason)
            )
        for move, following in zip(own, [*own[1:], None], strict=True):
            spans.append(
                Span(
                    company,
                    move.new,
                    move.at,
                    following.at if following else None,
                    following.new if following else None,
                    following.reason if following else "",
                )
            )
    return spans


def funnel(
    spans: Iterable[Span],
    *,
    states: Sequence[str],
    lost_states: Iterable[str],
    start: datetime,
    end: datetime,
    known_reasons: Sequence[str] = (),
) -> list[FunnelRow]:
    """The funnel of the spans that began in [start, end), by the funnel's states in order."""
    counted: Counter[tuple[str, str, str]] = Counter()
    lengths: dict[str, list[timedelta]] = {}
    for span in spans:
        if not start <= span.entered_at < end:
            continue
        if span.left_at is not None and span.left_at < end and span.next_state is not None:
            counted[span.state, span.next_state, span.reason] += 1
            lengths.setdefault(span.state, []).append(span.left_at - span.entered_at)
        else:
            counted[span.state, "", ""] += 1
    return funnel_of(
        [Tally(*key, number) for key, number in counted.items()],
        lengths,
        states=states,
        lost_states=lost_states,
        known_reasons=known_reasons,
    )
