"""Who learns what and whose record one reads: the same querysets for the pages and the
record's parts, so that they cannot differ."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from otdel.org.models import User
from otdel.org.selectors import led_people

from . import rules
from .models import Audience, Course, Option, Question, TestAttempt

# Parts other apps show on a manager's training record (issue 19: objection drills, the
# onboarding checklist), each a template and the function giving its context for the person
# whose record it is, handed in from their AppConfig.ready().
_RECORD_PARTS: dict[str, Callable[[User], dict[str, Any]]] = {}


def register_record_part(template_name: str, part: Callable[[User], dict[str, Any]]) -> None:
    _RECORD_PARTS[template_name] = part


def record_parts(person: User) -> list[tuple[str, dict[str, Any]]]:
    return [(template_name, part(person)) for template_name, part in _RECORD_PARTS.items()]


def learns(user: User) -> bool:
    """Those who sell take the courses; their heads and the settings' keepers read them."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.sells or user.leads_people or user.configures


def edits_courses(user: User) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.leads_people or user.configures


def _audiences_of(user: User) -> list[str]:
    kind = user.department.kind if user.department_id and user.department else None
    return [a for a in Audience.values if rules.course_is_for(a, kind)]


def visible_courses(user: User) -> QuerySet[Course]:
    """The courses one may open: a manager the active ones for his department, those who
    edit courses every one."""
    if not learns(user):
        return Course.objects.none()
    if edits_courses(user):
        return Course.objects.all()
    return Course.objects.filter(active=True, audience__in=_audiences_of(user))


def access_course(user: User, pk: int) -> Course:
    course = visible_courses(user).filter(pk=pk).first()
    if course is None:
        raise Http404("No such course")
    return course


def course_rows(user: User) -> QuerySet[Course]:
    """The training page's courses, each with the number of its lessons and questions and the
    reader's own attempts (passed or not) prefetched."""
    return (
        visible_courses(user)
        .annotate(
            lesson_count=Count("lessons", distinct=True),
            question_count=Count("questions", distinct=True),
        )
        .prefetch_related(
            Prefetch(
                "attempts",
                queryset=TestAttempt.objects.filter(person=user).order_by("-taken_at", "-pk"),
                to_attr="mine",
            )
        )
    )


def course_questions(course: Course) -> QuerySet[Question]:
    return course.questions.prefetch_related(
        Prefetch("options", queryset=Option.objects.order_by("position", "pk"))
    )


def question_keys(course: Course) -> list[rules.QuestionKey]:
    return [
        rules.QuestionKey(
            id=question.pk,
            options=frozenset(option.pk for option in question.options.all()),
            correct=frozenset(option.pk for option in question.options.all() if option.correct),
            multiple=question.multiple,
        )
        for question in course_questions(course)
    ]


def record_people(user: User) -> QuerySet[User]:
    """Whose training record one reads: a head his departments' people (and the whole base's
    leaders everyone), anyone else himself; those who sell first."""
    if not learns(user):
        return User.objects.none()
    return led_people(user).annotate(
        passed_count=Count(
            "test_attempts__course", filter=Q(test_attempts__passed=True), distinct=True
        ),
        attempt_count=Count("test_attempts", distinct=True),
    )


def access_person(user: User, pk: int) -> User:
    person = record_people(user).filter(pk=pk).first()
    if person is None:
        raise Http404("No such person")
    return person


@dataclass(frozen=True)
class CourseResult:
    course: Course
    best: TestAttempt
    last: TestAttempt
    attempts: int


def record(person: User) -> list[CourseResult]:
    """Each course the person took: his best score (passed or failed), his last attempt and
    how many times he tried, from one query."""
    attempts = TestAttempt.objects.filter(person=person).select_related("course")
    by_course: dict[int, list[TestAttempt]] = {}
    for attempt in attempts.order_by("-taken_at", "-pk"):
        by_course.setdefault(attempt.course_id, []).append(attempt)
    results = [
        CourseResult(
            course=tried[0].course,
            best=max(tried, key=lambda a: (a.score, a.taken_at)),
            last=tried[0],
            attempts=len(tried),
        )
        for tried in by_course.values()
    ]
    return sorted(results, key=lambda r: r.course.title)
