"""The company's current algorithm (stages, their kinds and the allowed moves) as plain data.

The rules speak of kinds ("a deal stops the clock"), the company of its own stages; this module
translates. It is read on every request that needs it and kept for a minute in the process, and
dropped at once when the head changes the stages in this process.
"""

import time
from dataclasses import dataclass, field

from django.utils.translation import get_language

from otdel.recorded import Words

from .models import Stage, StageKind, Transition

CACHE_SECONDS = 60

# Kinds whose companies sit in a manager's working list (all but clients and preparation).
WORKING_KINDS = (
    StageKind.NEW,
    StageKind.CONTACT,
    StageKind.DEAL,
    StageKind.SUPPORT,
    StageKind.REFUSAL,
    StageKind.RESERVE,
    StageKind.CALL_ROUND,
)
# A deal stops the clocks: the deadline and the three-month rule are about prospects.
DEAL_KINDS = (StageKind.DEAL, StageKind.SUPPORT, StageKind.CLIENT)
# Kinds the services move companies into (a claim, a triage, a deal, a hand-off, the call-round
# job): the algorithm keeps at least one stage of each, whatever the head renames or adds.
REQUIRED_KINDS = (
    StageKind.NEW,
    StageKind.CONTACT,
    StageKind.DEAL,
    StageKind.CLIENT,
    StageKind.REFUSAL,
    StageKind.RESERVE,
    StageKind.CALL_ROUND,
)
BOARD_KINDS = (
    StageKind.NEW,
    StageKind.CONTACT,
    StageKind.DEAL,
    StageKind.SUPPORT,
    StageKind.CLIENT,
)


@dataclass(frozen=True)
class StageInfo:
    code: str
    kind: str
    name: str
    name_en: str

    @property
    def label(self) -> str:
        return self.name_en if (get_language() or "").startswith("en") else self.name


@dataclass(frozen=True)
class Algorithm:
    stages: tuple[StageInfo, ...]
    moves: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def codes(self, *kinds: str) -> tuple[str, ...]:
        return tuple(s.code for s in self.stages if s.kind in kinds)

    def first(self, kind: str) -> str:
        codes = self.codes(kind)
        if not codes:
            raise LookupError(f"the algorithm has no stage of kind {kind}")
        return codes[0]

    def stage(self, code: str) -> StageInfo | None:
        return next((s for s in self.stages if s.code == code), None)

    def label(self, code: str) -> str:
        stage = self.stage(code)
        return stage.label if stage else code

    def words(self, code: str) -> Words:
        """The stage's name in both languages, for a text kept to be read in either."""
        stage = self.stage(code)
        return Words(stage.name, stage.name_en) if stage else Words(code, code)

    def kind_of(self, code: str) -> str | None:
        stage = self.stage(code)
        return stage.kind if stage else None

    def company_states(self) -> tuple[StageInfo, ...]:
        return tuple(s for s in self.stages if s.kind != StageKind.PREPARATION)

    @property
    def working(self) -> tuple[str, ...]:
        return self.codes(*WORKING_KINDS)

    @property
    def deal(self) -> tuple[str, ...]:
        return self.codes(*DEAL_KINDS)

    @property
    def board(self) -> tuple[str, ...]:
        return self.codes(*BOARD_KINDS)


def load() -> Algorithm:
    stages = tuple(
        StageInfo(s.code, s.kind, s.name, s.name_en)
        for s in Stage.objects.order_by("position", "pk")
    )
    moves: dict[str, list[str]] = {}
    for source, target in Transition.objects.order_by("target__position").values_list(
        "source__code", "target__code"
    ):
        moves.setdefault(source, []).append(target)
    return Algorithm(stages=stages, moves={k: tuple(v) for k, v in moves.items()})


# (read at, algorithm): kept as an object, not in Django's cache, which unpickles it at every
# read; My work reads it for each of its rows' stages, eighty times a page.
_kept: tuple[float, Algorithm] | None = None


def current() -> Algorithm:
    global _kept
    kept = _kept
    if kept is None or time.monotonic() - kept[0] > CACHE_SECONDS:
        kept = _kept = (time.monotonic(), load())
    return kept[1]


def forget() -> None:
    global _kept
    _kept = None
