"""The playbook's decisions as plain functions: how an objection's words are normalised and
searched, which share of an answer's uses worked and how the report ranks answers, what a
drill's score may be.

The search rule (one for both databases, so that a manager finds the same answers on either):
the text is case-folded with "ё" read as "е" and cut into words of letters and digits; a typed
word is cut to its stem (a common Russian ending dropped while at least four letters remain)
and matches any word of the objection that begins with that stem; every typed word must match.
So "дорого" (stem "дорог") finds "Дорого", "дороговато" and "дорогой", and "поставщики" finds
"у нас уже есть поставщик". Words of one or two letters and a few words every objection has
("у нас уже есть") are not searched by. PostgreSQL answers it with its full-text index (the
'simple' configuration: no stemming of its own, so that the stems are ours), SQLite by looking
for " stem" in the normalised text."""

import math
import re
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

# Endings dropped from a typed word, longest first (adjective, noun and adverb endings).
ENDINGS = (
    "ыми",
    "ими",
    "ого",
    "его",
    "ому",
    "ему",
    "ами",
    "ями",
    "ать",
    "ять",
    "ить",
    "еть",
    "ый",
    "ий",
    "ой",
    "ая",
    "яя",
    "ое",
    "ее",
    "ые",
    "ие",
    "ых",
    "их",
    "ым",
    "им",
    "ую",
    "юю",
    "ов",
    "ев",
    "ей",
    "ам",
    "ям",
    "ах",
    "ях",
    "ом",
    "ем",
    "ью",
    "а",
    "я",
    "о",
    "е",
    "ы",
    "и",
    "у",
    "ю",
    "ь",
)
MIN_STEM = 4
MIN_WORD = 3
# Said in nearly every objection: searching by them would find everything.
STOP_WORDS = frozenset(
    {"нас", "нам", "вас", "вам", "уже", "есть", "это", "что", "как", "для", "так", "все", "всё"}
)
_WORD = re.compile(r"\w+")


def normalise(text: str) -> str:
    """The words of a text, case-folded, "ё" as "е", one space between and around them (so
    that " stem" finds a word's beginning)."""
    words = _WORD.findall(text.casefold().replace("ё", "е"))
    return f" {' '.join(words)} " if words else ""


def stem(word: str) -> str:
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: -len(ending)]
    return word


def search_stems(query: str) -> list[str]:
    """The stems a typed query is searched by, in its order, each once."""
    stems: list[str] = []
    for word in normalise(query).split():
        if len(word) < MIN_WORD or word in STOP_WORDS or "_" in word:
            continue
        found = stem(word)
        if found not in stems:
            stems.append(found)
    return stems


def text_matches(search_text: str, stems: Iterable[str]) -> bool:
    """The rule itself, as the SQLite fallback asks it of each row."""
    return all(f" {s}" in search_text for s in stems)


def tsquery(stems: Iterable[str]) -> str:
    """The stems as a PostgreSQL prefix query ("дорог:* & цен:*"); they hold only letters and
    digits (normalise), so nothing in them is tsquery syntax."""
    return " & ".join(f"{s}:*" for s in stems)


def states_field(codes: Iterable[str]) -> str:
    """Stage codes as Objection.states keeps them: each between commas."""
    codes = [c for c in dict.fromkeys(codes) if c]
    return f",{','.join(codes)}," if codes else ""


def share_worked(worked: int, not_worked: int) -> Decimal | None:
    """The share of an answer's uses that worked, in per cent, of the uses whose outcome is
    known (a use marked "not known yet" says nothing either way); None before any is known."""
    known = worked + not_worked
    if known <= 0:
        return None
    return (Decimal(100) * worked / known).quantize(Decimal(1), rounding=ROUND_HALF_UP)


# How sure the ranking wants to be that an answer works: 95 % (the normal quantile 1.96).
RANK_CONFIDENCE_Z = 1.96


def rank_worked(worked: int, not_worked: int) -> float | None:
    """What the report ranks answers by: the lower bound of the Wilson score interval of the
    share that worked, as a fraction (0 to 1); None before any outcome is known.

    The plain share favours tiny samples: one use that worked (100 %) would rank above nine
    that worked five times in seven (71 %). The lower bound is the share the answer surely
    reaches given how few its known uses are: 1 of 1 ranks at 0.21, 5 of 7 at 0.36, 18 of 20
    at 0.70, while 30 of 100 (many wins, a poor share) stays at 0.22. Sorting by wins alone
    would favour such much-used but mediocre answers instead."""
    known = worked + not_worked
    if known <= 0:
        return None
    z2 = RANK_CONFIDENCE_Z**2
    share = worked / known
    spread = RANK_CONFIDENCE_Z * math.sqrt(share * (1 - share) / known + z2 / (4 * known**2))
    return (share + z2 / (2 * known) - spread) / (1 + z2 / known)


DRILL_SCORES = (1, 2, 3, 4, 5)


def valid_score(score: int) -> bool:
    return score in DRILL_SCORES


def average_score(scores: Iterable[int]) -> Decimal | None:
    """A manager's average drill score, to one decimal; None before any drill is scored."""
    values = list(scores)
    if not values:
        return None
    return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
