"""Fuzzy matching of company names (METHOD 4: a list is checked against the base), after the
exact keys have found what they could.

Two name keys (see normalise.name_key) are the same company when

- their words, sorted, are at least SIMILAR percent alike (typos, a missing or extra letter,
  words in another order: "koninklijke philips electronics" = "koninkljke philips electronic"),
- or all words of the shorter name are found in the longer one (a brand with a place or a
  department after it: "akzo nobel" = "akzo nobel arnhem"), provided the shorter name is not a
  bare acronym of fewer than CONTAINED_MIN_LETTERS letters ("dsm" is not "dsm ip assets");

and, either way, the numbers in them are the same ("Стройтрест 5" is not "Стройтрест 6").

Comparing every pair is quadratic, so names are compared only inside blocks: the first
BLOCK_LETTERS letters of each word, with the numbers of the name. A block shared by more than BLOCK_LIMIT names says nothing
(a word such as "строй" or "international") and is not used.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy
from rapidfuzz import fuzz, process

SIMILAR = 85
CONTAINED = 95
CONTAINED_MIN_LETTERS = 4
BLOCK_LETTERS = 4
BLOCK_LIMIT = 500
NUMBERS_IN_BLOCK = 30
SMALL_BLOCK = 16


@dataclass(frozen=True)
class NameMatch:
    key: str
    score: int
    contained: bool


def name_blocks(key: str) -> set[str]:
    """The blocks a name key is filed under: the first letters of each of its words, with the
    numbers of the name (which must be equal anyway, so they narrow every block)."""
    words = [w for w in key.split() if not w.isdigit()]
    blocks = {w[:BLOCK_LETTERS] for w in words if len(w) >= 3}
    blocks = blocks or ({key[:BLOCK_LETTERS]} if key else set())
    numbers = " ".join(_numbers(key))[:NUMBERS_IN_BLOCK]
    return {f"{block} {numbers}" for block in blocks} if numbers else blocks


def _numbers(key: str) -> list[str]:
    return sorted(w for w in key.split() if w.isdigit())


def compare(a: str, b: str) -> NameMatch | None:
    """How `b` matches `a`, or None when they are different companies."""
    if not a or not b or _numbers(a) != _numbers(b):
        return None
    similar = round(fuzz.token_sort_ratio(a, b))
    if similar >= SIMILAR:
        return NameMatch(b, similar, contained=False)
    shorter = min(a, b, key=len)
    if sum(c.isalpha() for c in shorter) < CONTAINED_MIN_LETTERS:
        return None
    contained = round(fuzz.token_set_ratio(a, b))
    if contained >= CONTAINED:
        return NameMatch(b, contained, contained=True)
    return None


def _by_block(keys: Iterable[str]) -> dict[str, list[str]]:
    by_block: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        for block in name_blocks(key):
            by_block[block].append(key)
    return by_block


def _likely_pairs(left: list[str], right: list[str]) -> Iterator[tuple[str, str]]:
    """The pairs of a block that may match, found by rapidfuzz's vectorised scorers; compare()
    then decides each of them. Small blocks, the most, skip the vectorising overhead."""
    if len(left) * len(right) <= SMALL_BLOCK:
        yield from ((a, b) for a in left for b in right if a != b)
        return
    sort = process.cdist(
        left,
        right,
        scorer=fuzz.token_sort_ratio,
        score_cutoff=SIMILAR,
        dtype=numpy.uint8,
        workers=-1,
    )
    sets = process.cdist(
        left,
        right,
        scorer=fuzz.token_set_ratio,
        score_cutoff=CONTAINED,
        dtype=numpy.uint8,
        workers=-1,
    )
    for i, j in zip(*numpy.nonzero(sort | sets), strict=True):
        if left[i] != right[j]:
            yield left[i], right[j]


def cluster(keys: Iterable[str]) -> dict[str, tuple[str, NameMatch | None]]:
    """Group name keys that are the same company (linked directly or through others).

    Returns, for every key, the first key of its group (in the order given) and the match
    that linked it into the group (None for the first key itself)."""
    order: dict[str, int] = {}
    for key in keys:
        if key:
            order.setdefault(key, len(order))
    parent = {key: key for key in order}

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    edges: dict[str, list[NameMatch]] = defaultdict(list)
    pairs = {
        (a, b)
        for members in _by_block(order).values()
        if 1 < len(members) <= BLOCK_LIMIT
        for a, b in _likely_pairs(members, members)
        if order[a] < order[b]
    }
    for a, b in sorted(pairs, key=lambda pair: (order[pair[0]], order[pair[1]])):
        match = compare(a, b)
        if match is None:
            continue
        edges[a].append(match)
        edges[b].append(NameMatch(a, match.score, match.contained))
        ra, rb = root(a), root(b)
        if ra != rb:
            first, other = (ra, rb) if order[ra] < order[rb] else (rb, ra)
            parent[other] = first

    def reason(key: str) -> NameMatch | None:
        if root(key) == key:
            return None
        # Shown to the person: the closest earlier name, else the closest name of the group.
        return max(edges[key], key=lambda m: (order[m.key] < order[key], m.score))

    return {key: (root(key), reason(key)) for key in order}


def best_matches(keys: Iterable[str], candidates: dict[str, list[str]]) -> dict[str, NameMatch]:
    """For each key, the most alike of the candidate keys filed under its blocks that is the
    same company (contained names rank below similar ones). `candidates` maps a block to the
    keys filed under it, as name_blocks files them."""
    best: dict[str, NameMatch] = {}
    for block, members in _by_block(set(keys)).items():
        others = candidates.get(block)
        if not others:
            continue
        for key, other in _likely_pairs(members, others):
            match = compare(key, other)
            current = best.get(key)
            if match and (
                current is None
                or (not match.contained, match.score) > (not current.contained, current.score)
            ):
                best[key] = match
    return best
