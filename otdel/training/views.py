"""Training: courses, their tests, and each manager's record; thin pages over the training
selectors and services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from otdel.materials.selectors import visible_materials
from otdel.refusal import RuleRefused
from otdel.web import act

from . import selectors, services
from .forms import CourseForm, LessonForm, QuestionForm
from .models import Course


def _learner(request: HttpRequest) -> None:
    if not selectors.learns(request.user):
        raise PermissionDenied(_("Training is for those who sell and their heads."))


def _editor(request: HttpRequest) -> None:
    if not selectors.edits_courses(request.user):
        raise PermissionDenied(_("Heads and those who configure the sales system edit courses."))


def _form_errors(request: HttpRequest, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))


@login_required
def courses(request: HttpRequest) -> HttpResponse:
    """The courses for the reader, with his own last result in each."""
    _learner(request)
    return render(
        request,
        "training/courses.html",
        {
            "courses": selectors.course_rows(request.user)[:200],
            "may_edit": selectors.edits_courses(request.user),
            "leads": request.user.leads_people,
        },
    )


def _course_form(request: HttpRequest, course: Course | None) -> CourseForm:
    initial = {}
    if course is not None:
        initial = {
            "title": course.title,
            "description": course.description,
            "audience": course.audience,
            "passing_score": course.passing_score,
            "active": course.active,
        }
    return CourseForm(request.POST if request.method == "POST" else None, initial=initial)


def _save_course(request: HttpRequest, course: Course | None) -> HttpResponse | None:
    form = _course_form(request, course)
    if not form.is_valid():
        _form_errors(request, form)
        return None
    try:
        saved = services.course_save(course=course, **form.cleaned_data, acting_user=request.user)
    except RuleRefused as error:
        messages.error(request, str(error))
        return None
    messages.success(request, _("The course is saved."))
    return redirect("training:course_edit", pk=saved.pk)


@login_required
@require_http_methods(["GET", "POST"])
def course_new(request: HttpRequest) -> HttpResponse:
    _editor(request)
    if request.method == "POST" and (done := _save_course(request, None)):
        return done
    return render(request, "training/course_new.html", {"form": _course_form(request, None)})


@login_required
@require_http_methods(["GET", "POST"])
def course(request: HttpRequest, pk: int) -> HttpResponse:
    """The course's lessons and its test; the test posted is scored and kept."""
    course = selectors.access_course(request.user, pk)
    if request.method == "POST":
        answers = {
            key.id: [int(v) for v in request.POST.getlist(f"q{key.id}") if v.isdigit()]
            for key in selectors.question_keys(course)
        }
        try:
            attempt = services.attempt_take(
                course=course, answers=answers, acting_user=request.user
            )
        except RuleRefused as error:
            messages.error(request, str(error))
        else:
            text = (
                _("Your score is %(score)s%%: passed.")
                if attempt.passed
                else _("Your score is %(score)s%%: not passed (%(need)s%% needed).")
            )
            messages.success(request, text % {"score": attempt.score, "need": course.passing_score})
        return redirect("training:course", pk=course.pk)
    return render(
        request,
        "training/course.html",
        {
            "course": course,
            "lessons": course.lessons.select_related("material"),
            "questions": selectors.course_questions(course),
            "attempts": course.attempts.filter(person=request.user)[:20],
            "may_edit": selectors.edits_courses(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def course_edit(request: HttpRequest, pk: int) -> HttpResponse:
    course = selectors.access_course(request.user, pk)
    _editor(request)
    if request.method == "POST" and (done := _save_course(request, course)):
        return done
    return render(
        request,
        "training/course_edit.html",
        {
            "course": course,
            "form": _course_form(request, course),
            "lessons": course.lessons.select_related("material"),
            "questions": selectors.course_questions(course),
            "lesson_form": LessonForm(materials=visible_materials(request.user)),
            "question_form": QuestionForm(),
        },
    )


@login_required
@require_POST
def lesson_add(request: HttpRequest, pk: int) -> HttpResponse:
    course = selectors.access_course(request.user, pk)
    _editor(request)
    back = reverse("training:course_edit", args=[course.pk])
    form = LessonForm(request.POST, materials=visible_materials(request.user))
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(back)
    return act(
        request,
        lambda: services.lesson_add(course=course, **form.cleaned_data, acting_user=request.user),
        _("The lesson is added."),
        back,
    )


@login_required
@require_POST
def question_add(request: HttpRequest, pk: int) -> HttpResponse:
    course = selectors.access_course(request.user, pk)
    _editor(request)
    back = reverse("training:course_edit", args=[course.pk])
    form = QuestionForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(back)
    return act(
        request,
        lambda: services.question_add(course=course, **form.cleaned_data, acting_user=request.user),
        _("The question is added."),
        back,
    )


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@login_required
@require_POST
def course_item_remove(request: HttpRequest, pk: int) -> HttpResponse:
    course = selectors.access_course(request.user, pk)
    _editor(request)
    return act(
        request,
        lambda: services.course_item_remove(
            course=course,
            lesson=_int_or_none(request.POST.get("lesson")),
            question=_int_or_none(request.POST.get("question")),
            acting_user=request.user,
        ),
        _("Removed from the course."),
        reverse("training:course_edit", args=[course.pk]),
    )


@login_required
def people(request: HttpRequest) -> HttpResponse:
    """The training records one reads: a head his departments' people, a manager himself."""
    _learner(request)
    return render(
        request, "training/people.html", {"people": selectors.record_people(request.user)[:500]}
    )


@login_required
def record(request: HttpRequest, pk: int) -> HttpResponse:
    """A manager's training record: courses passed and failed with scores and dates, and the
    parts other apps add (drills, onboarding)."""
    _learner(request)
    person = selectors.access_person(request.user, pk)
    return render(
        request,
        "training/record.html",
        {
            "person": person,
            "results": selectors.record(person),
            "parts": selectors.record_parts(person),
        },
    )
