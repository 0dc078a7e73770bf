"""The write paths of training: a course and its lessons and questions (edited by heads and
those who configure the sales system), and a manager's test attempt, scored and kept."""

from collections.abc import Mapping, Sequence

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from otdel.materials.models import Material
from otdel.org.models import User
from otdel.refusal import RuleRefused

from . import rules, selectors
from .models import Audience, Course, Lesson, Option, Question, TestAttempt


def _check_editor(user: User) -> None:
    if not selectors.edits_courses(user):
        raise RuleRefused(_("Heads and those who configure the sales system edit courses."))


def _checked(title: str, audience: str, passing_score: int) -> None:
    if not title.strip():
        raise RuleRefused(_("Give the course a title."), field="title")
    if audience not in Audience.values:
        raise RuleRefused(_("Choose for whom the course is."), field="audience")
    if not 0 <= passing_score <= 100:
        raise RuleRefused(_("The passing score is a percent, 0 to 100."), field="passing_score")


@transaction.atomic
def course_save(
    *,
    course: Course | None,
    title: str,
    description: str,
    audience: str,
    passing_score: int,
    active: bool,
    acting_user: User,
) -> Course:
    """A new course, or the course's title, audience, passing score and whether it is open."""
    _check_editor(acting_user)
    _checked(title, audience, passing_score)
    saved = Course() if course is None else Course.objects.select_for_update().get(pk=course.pk)
    saved.title, saved.description = title.strip(), description.strip()
    saved.audience, saved.passing_score, saved.active = audience, passing_score, active
    saved.save()
    return saved


def _next_position(rows) -> int:
    return (rows.aggregate(last=Max("position"))["last"] or 0) + 1


@transaction.atomic
def lesson_add(
    *, course: Course, title: str, text: str, material: Material | None, acting_user: User
) -> Lesson:
    _check_editor(acting_user)
    if not title.strip():
        raise RuleRefused(_("Give the lesson a title."), field="title")
    if not text.strip() and material is None:
        raise RuleRefused(_("A lesson is a text, a material of the library, or both."))
    if material is not None and not material.active:
        raise RuleRefused(_("This material is not in the library any more."), field="material")
    return Lesson.objects.create(
        course=course,
        position=_next_position(course.lessons),
        title=title.strip(),
        text=text.strip(),
        material=material,
    )


@transaction.atomic
def question_add(
    *, course: Course, text: str, options: str, multiple: bool, acting_user: User
) -> Question:
    """A test question with its options written one a line, the correct ones after "*"."""
    _check_editor(acting_user)
    if not text.strip():
        raise RuleRefused(_("Write the question."), field="text")
    written = rules.options_of(options)
    right = sum(correct for _text, correct in written)
    if len(written) < 2:
        raise RuleRefused(_("Give at least two answers, one a line."), field="options")
    if right == 0:
        raise RuleRefused(_("Mark the correct answer with * at its start."), field="options")
    if not multiple and right > 1:
        raise RuleRefused(
            _("A question with one answer has one correct answer: tick “several answers”."),
            field="options",
        )
    question = Question.objects.create(
        course=course,
        position=_next_position(course.questions),
        text=text.strip(),
        multiple=multiple,
    )
    Option.objects.bulk_create(
        Option(question=question, position=i, text=option, correct=correct)
        for i, (option, correct) in enumerate(written, start=1)
    )
    return question


@transaction.atomic
def course_item_remove(
    *, course: Course, lesson: int | None, question: int | None, acting_user: User
) -> None:
    """A lesson or a question taken out of the course; the attempts keep their scores."""
    _check_editor(acting_user)
    if lesson is not None:
        course.lessons.filter(pk=lesson).delete()
    if question is not None:
        course.questions.filter(pk=question).delete()


@transaction.atomic
def attempt_take(
    *, course: Course, answers: Mapping[int, Sequence[int]], acting_user: User
) -> TestAttempt:
    """The manager's answers to the course's test, scored against its correct answers and its
    passing score; every attempt is kept."""
    if not selectors.visible_courses(acting_user).filter(pk=course.pk, active=True).exists():
        raise RuleRefused(_("This course is not open to you."))
    keys = selectors.question_keys(course)
    if not keys:
        raise RuleRefused(_("The course has no test yet."))
    unanswered = [key for key in keys if not answers.get(key.id)]
    if unanswered:
        raise RuleRefused(
            _("Answer every question: %(count)s left.") % {"count": len(unanswered)},
            field="answers",
        )
    score = rules.attempt_score(keys, answers)
    return TestAttempt.objects.create(
        course=course,
        person=acting_user,
        score=score,
        passed=rules.attempt_passes(score, course.passing_score),
        answers={str(key.id): sorted(set(answers.get(key.id, ()))) for key in keys},
    )
