"""The arithmetic of the head's control (METHOD 8): which calls a week's review draws, a call's
score, what an uploaded recording is, and how far back a meeting's agenda looks."""

import random
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta

CALLS_PER_MANAGER = 3

# The first bytes of the audio formats people record calls in (phones, PBX, messengers).
_AUDIO_SIGNATURES: tuple[tuple[int, bytes, str], ...] = (
    (0, b"ID3", "audio/mpeg"),
    (0, b"OggS", "audio/ogg"),
    (0, b"fLaC", "audio/flac"),
    (0, b"#!AMR", "audio/amr"),
    (0, b"\x1a\x45\xdf\xa3", "audio/webm"),
    (4, b"ftyp", "audio/mp4"),
)


def audio_type(head: bytes) -> str | None:
    """The audio type the file's first bytes show, None when they are not audio (whatever
    the file's name or the browser says)."""
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "audio/wav"
    # An MP3 without a tag starts with a frame: eleven bits set.
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0:
        return "audio/mpeg"
    for offset, signature, kind in _AUDIO_SIGNATURES:
        if head[offset : offset + len(signature)] == signature:
            return kind
    return None


def week_of(day: date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_bounds(week: str) -> tuple[date, date]:
    """Monday and Sunday of an ISO week written as 2026-W48; ValueError when it is not one."""
    year, _w, number = week.partition("-W")
    monday = date.fromisocalendar(int(year), int(number), 1)
    return monday, monday + timedelta(days=6)


def review_draw(
    calls: Mapping[int, Sequence[int]], *, week: str, per_manager: int = CALLS_PER_MANAGER
) -> dict[int, list[int]]:
    """Each manager's calls to listen to this week: `per_manager` of his calls at random, the
    same draw whenever the page is opened (seeded by the week and the manager), by id."""
    drawn = {}
    for manager, ids in calls.items():
        pool = sorted(ids)
        chooser = random.Random(f"{week}:{manager}")  # noqa: S311 - a fair draw, not a secret
        drawn[manager] = sorted(chooser.sample(pool, min(per_manager, len(pool))))
    return drawn


def review_queue(drawn: Mapping[int, Sequence[int]], flagged: Iterable[int]) -> list[int]:
    """The week's queue: the drawn calls and the flagged ones, each once, by id."""
    return sorted({*flagged, *(i for ids in drawn.values() for i in ids)})


def call_score(checklist: Sequence[str], ticked: Iterable[str]) -> int:
    """The share of the checklist's items the call did, in whole percent."""
    if not checklist:
        return 0
    done = set(ticked) & set(checklist)
    return round(100 * len(done) / len(checklist))


# How far back a meeting's agenda looks at the work done (D clients taking time).
LOOK_BACK_DAYS = {"daily": 1, "weekly": 7, "monthly": 30}


def look_back_from(kind: str, day: date) -> date:
    return day - timedelta(days=LOOK_BACK_DAYS.get(kind, 7))
