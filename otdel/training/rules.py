"""A test's arithmetic: which answers are right, the score, whether it passes; plain data in,
plain data out."""

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class QuestionKey:
    """A question as the score reads it: its id, its options' ids and the correct ones."""

    id: int
    options: frozenset[int]
    correct: frozenset[int]
    multiple: bool = False


def answered_right(question: QuestionKey, chosen: Collection[int]) -> bool:
    """Right when exactly the correct options are chosen: a single-choice question with one
    option, a multiple-choice one with all the correct ones and none else. Options of other
    questions do not count."""
    picked = set(chosen) & question.options
    if not question.multiple and len(picked) != 1:
        return False
    return picked == question.correct


def attempt_score(questions: Sequence[QuestionKey], answers: Mapping[int, Collection[int]]) -> int:
    """The share of questions answered right, in whole percent; 0 for a test of no questions."""
    if not questions:
        return 0
    right = sum(answered_right(q, answers.get(q.id, ())) for q in questions)
    return round(100 * right / len(questions))


def attempt_passes(score: int, passing_score: int) -> bool:
    return score >= passing_score


def options_of(text: str) -> list[tuple[str, bool]]:
    """Answer options written one a line, the correct ones starting with "*"."""
    found = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        correct = line.startswith("*")
        found.append((line.lstrip("*").strip(), correct))
    return [(text, correct) for text, correct in found if text]


def course_is_for(audience: str, department_kind: str | None) -> bool:
    """A course for hunters is for the active-sales department, one for farmers for the
    client department, one for all for everyone."""
    if audience == "hunters":
        return department_kind == "active_sales"
    if audience == "farmers":
        return department_kind == "client"
    return True
