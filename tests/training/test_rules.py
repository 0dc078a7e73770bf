"""A test's score without HTTP: exactly the correct options make a right answer."""

import pytest

from otdel.training.rules import (
    QuestionKey,
    answered_right,
    attempt_passes,
    attempt_score,
    course_is_for,
    options_of,
)

SINGLE = QuestionKey(id=1, options=frozenset({10, 11, 12}), correct=frozenset({11}))
MULTIPLE = QuestionKey(
    id=2, options=frozenset({20, 21, 22}), correct=frozenset({20, 21}), multiple=True
)


@pytest.mark.parametrize(
    ("question", "chosen", "right"),
    [
        (SINGLE, {11}, True),
        (SINGLE, {10}, False),
        (SINGLE, {10, 11}, False),  # two ticks on a one-answer question: not right
        (SINGLE, set(), False),
        (SINGLE, {11, 20}, True),  # another question's option does not count
        (MULTIPLE, {20, 21}, True),
        (MULTIPLE, {20}, False),  # half the correct ones
        (MULTIPLE, {20, 21, 22}, False),  # all of them, and a wrong one
    ],
)
def test_a_question_is_right_with_exactly_its_correct_options(question, chosen, right):
    assert answered_right(question, chosen) is right


def test_the_score_is_the_share_of_right_answers_in_whole_percent():
    third = QuestionKey(id=3, options=frozenset({30, 31}), correct=frozenset({31}))
    keys = [SINGLE, MULTIPLE, third]
    assert attempt_score(keys, {1: [11], 2: [20, 21], 3: [31]}) == 100
    assert attempt_score(keys, {1: [11], 2: [20], 3: [31]}) == 67
    assert attempt_score(keys, {1: [11]}) == 33  # unanswered is wrong
    assert attempt_score(keys, {}) == 0
    assert attempt_score([], {}) == 0


def test_passing_is_at_or_above_the_passing_score():
    assert attempt_passes(80, 80)
    assert not attempt_passes(79, 80)
    assert attempt_passes(0, 0)


def test_options_are_one_a_line_the_correct_ones_marked():
    assert options_of(" Секретарь\n*ЛПР \n\n* Бухгалтер\n*\n") == [
        ("Секретарь", False),
        ("ЛПР", True),
        ("Бухгалтер", True),
    ]


def test_a_course_is_for_its_department():
    assert course_is_for("hunters", "active_sales")
    assert not course_is_for("hunters", "client")
    assert course_is_for("farmers", "client")
    assert not course_is_for("farmers", None)
    assert course_is_for("all", None)
