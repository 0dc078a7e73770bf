"""Hiring pages: vacancies with their candidates and spend, a candidate through his stages,
onboarding checklists; thin pages over the hiring selectors and services."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from otdel.refusal import RuleRefused
from otdel.web import act, act_on_form, form_errors, kept_form

from . import rules, selectors, services
from .forms import (
    SETUP_FORMSETS,
    CandidateForm,
    CvForm,
    ExpenseForm,
    HireForm,
    OnboardingStartForm,
    RecordForm,
    RefuseForm,
    VacancyForm,
)
from .models import CriterionScore, Stage


def _hirer(request: HttpRequest) -> None:
    if not selectors.may_hire(request.user):
        raise PermissionDenied(_("Hiring is for those who lead people."))


@login_required
def vacancy_list(request: HttpRequest) -> HttpResponse:
    """The vacancies with their candidates by stage and their spend against the budget."""
    _hirer(request)
    vacancies = list(selectors.vacancies_with_figures(request.user))
    for vacancy in vacancies:
        vacancy.budget_state = rules.budget_state(vacancy.budget, vacancy.spent)
        vacancy.by_stage = [
            (stage, label, getattr(vacancy, f"n_{stage}")) for stage, label in Stage.choices
        ]
    return render(
        request,
        "hiring/list.html",
        {"vacancies": vacancies, "stages": Stage.choices, "configures": request.user.configures},
    )


@login_required
@require_http_methods(["GET", "POST"])
def vacancy_new(request: HttpRequest) -> HttpResponse:
    return _vacancy_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def vacancy_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _vacancy_form(request, selectors.access_vacancy(request.user, pk))


def _vacancy_form(request: HttpRequest, vacancy) -> HttpResponse:
    _hirer(request)
    form = VacancyForm(
        request.POST or None,
        instance=vacancy,
        departments=selectors.hiring_departments(request.user),
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                saved = services.vacancy_save(
                    vacancy=vacancy, changes=form.cleaned_data, acting_user=request.user
                )
            except RuleRefused as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("The vacancy is saved."))
                return redirect("hiring:vacancy", pk=saved.pk)
        else:
            form_errors(request, form)
    return render(request, "hiring/vacancy_form.html", {"form": form, "vacancy": vacancy})


@login_required
def vacancy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The vacancy's text, its candidates as a small pipeline, its spend against the budget."""
    vacancy = selectors.access_vacancy(request.user, pk)
    candidates = list(vacancy.candidates.select_related("refusal_reason").order_by("-stage_since"))
    expenses = list(vacancy.expenses.all())
    spent = sum((e.amount for e in expenses), start=Decimal(0))
    pipeline = [
        (stage, label, [c for c in candidates if c.stage == stage])
        for stage, label in Stage.choices
    ]
    phone_script, questions = selectors.scripts_for(vacancy)
    return render(
        request,
        "hiring/vacancy.html",
        {
            "vacancy": vacancy,
            "candidates": candidates,
            "pipeline": pipeline,
            "expenses": expenses,
            "spent": spent,
            "left": vacancy.budget - spent,
            "budget_state": rules.budget_state(vacancy.budget, spent),
            "phone_script": phone_script,
            "questions": questions,
            "candidate_form": kept_form(request, CandidateForm),
            "expense_form": kept_form(request, ExpenseForm),
        },
    )


@login_required
@require_POST
def expense_add(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = selectors.access_vacancy(request.user, pk)
    back = reverse("hiring:vacancy", args=[vacancy.pk])
    form = ExpenseForm(request.POST)
    return act_on_form(
        request,
        form,
        lambda: services.expense_add(
            vacancy=vacancy, **form.cleaned_data, acting_user=request.user
        ),
        _("The expense is recorded against the budget."),
        back,
    )


@login_required
@require_POST
def candidate_add(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = selectors.access_vacancy(request.user, pk)
    back = reverse("hiring:vacancy", args=[vacancy.pk])
    form = CandidateForm(request.POST, request.FILES)
    return act_on_form(
        request,
        form,
        lambda: services.candidate_add(
            vacancy=vacancy, **form.cleaned_data, acting_user=request.user
        ),
        _("The response is recorded."),
        back,
    )


@login_required
def candidate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = selectors.access_candidate(request.user, pk)
    vacancy = candidate.vacancy
    scores = dict(
        CriterionScore.objects.filter(candidate=candidate).values_list("criterion_id", "score")
    )
    portrait = [(c, scores.get(c.pk)) for c in selectors.portrait_for(vacancy.position)]
    phone_script, questions = selectors.scripts_for(vacancy)
    labels = dict(Stage.choices)
    return render(
        request,
        "hiring/candidate.html",
        {
            "candidate": candidate,
            "vacancy": vacancy,
            "open": candidate.stage not in rules.FINAL,
            "next_stages": [
                (stage, labels[stage])
                for stage in rules.next_stages(candidate.stage)
                if stage != Stage.HIRED
            ],
            "may_hire": candidate.stage == Stage.OFFER,
            "portrait": portrait,
            "phone_script": phone_script,
            "questions": questions,
            "events": candidate.events.select_related("author")[:100],
            "record_form": kept_form(request, RecordForm, instance=candidate),
            "refuse_form": kept_form(request, RefuseForm),
            "hire_form": kept_form(request, HireForm),
            "cv_form": CvForm(),
            "pipeline": [(stage, labels[stage]) for stage in rules.PIPELINE],
        },
    )


def _back(candidate) -> str:
    return reverse("hiring:candidate", args=[candidate.pk])


@login_required
@require_POST
def candidate_move(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = selectors.access_candidate(request.user, pk)
    to = request.POST.get("to", "")
    return act(
        request,
        lambda: services.candidate_move(candidate=candidate, to=to, acting_user=request.user),
        _("The candidate is moved to «%(stage)s».") % {"stage": dict(Stage.choices).get(to, to)},
        _back(candidate),
    )


@login_required
@require_POST
def candidate_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = selectors.access_candidate(request.user, pk)
    form = RefuseForm(request.POST)
    return act_on_form(
        request,
        form,
        lambda: services.candidate_refuse(
            candidate=candidate,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
            acting_user=request.user,
        ),
        _("The candidate is refused."),
        _back(candidate),
    )


@login_required
@require_POST
def candidate_record(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = selectors.access_candidate(request.user, pk)
    form = RecordForm(request.POST, instance=candidate)
    return act_on_form(
        request,
        form,
        lambda: services.candidate_record(
            candidate=candidate,
            changes={name: form.cleaned_data[name] for name in form.changed_data},
            acting_user=request.user,
        ),
        _("The notes are saved."),
        _back(candidate),
    )


@login_required
@require_POST
def candidate_score(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = selectors.access_candidate(request.user, pk)
    scores = {}
    for key, value in request.POST.items():
        if key.startswith("criterion-") and key[10:].isdigit() and value.isdigit():
            scores[int(key[10:])] = int(value)
    return act(
        request,
        lambda: services.candidate_score(
            candidate=candidate, scores=scores, acting_user=request.user
        ),
        _("The interview is scored."),
        _back(candidate),
    )


@login_required
@require_POST
def candidate_hire(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = selectors.access_candidate(request.user, pk)
    form = HireForm(request.POST)
    return act_on_form(
        request,
        form,
        lambda: services.candidate_hire(
            candidate=candidate,
            username=form.cleaned_data["username"],
            start_on=form.cleaned_data["start_on"],
            acting_user=request.user,
        ),
        _(
            "The candidate is hired: his user and onboarding checklist are created. "
            "He logs in once his password is set."
        ),
        _back(candidate),
    )


@login_required
@require_http_methods(["GET", "POST"])
def candidate_cv(request: HttpRequest, pk: int) -> HttpResponse:
    """The candidate's CV, to those who may see him; a new one posted here replaces it."""
    candidate = selectors.access_candidate(request.user, pk)
    if request.method == "POST":
        form = CvForm(request.POST, request.FILES)
        return act_on_form(
            request,
            form,
            lambda: services.candidate_cv_save(
                candidate=candidate, upload=form.cleaned_data["cv"], acting_user=request.user
            ),
            _("The CV is attached."),
            _back(candidate),
        )
    if not candidate.cv:
        messages.info(request, _("The candidate has no CV yet."))
        return redirect(_back(candidate))
    return FileResponse(
        candidate.cv.open("rb"),
        content_type=candidate.cv_content_type or "application/octet-stream",
        as_attachment=True,
        filename=candidate.cv.name.rsplit("/", 1)[-1],
    )


@login_required
@require_http_methods(["GET", "POST"])
def onboarding(request: HttpRequest) -> HttpResponse:
    """The onboarding checklists of the people one leads, overdue items flagged; a leader
    starts one for a person here."""
    _hirer(request)
    people = selectors.onboarding_candidates(request.user)
    form = OnboardingStartForm(request.POST or None, people=people)
    if request.method == "POST":
        return act_on_form(
            request,
            form,
            lambda: services.onboarding_start(**form.cleaned_data, acting_user=request.user),
            _("The onboarding checklist is started."),
            reverse("hiring:onboarding"),
        )
    return render(
        request,
        "hiring/onboarding.html",
        {
            "checklists": selectors.team_checklists(request.user, timezone.localdate()),
            "form": form,
        },
    )


@login_required
def onboarding_mine(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "hiring/onboarding_mine.html",
        {"checklist": selectors.my_checklist(request.user, timezone.localdate())},
    )


@login_required
@require_POST
def onboarding_tick(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.access_onboarding_item(request.user, pk)
    back = request.POST.get("next", "")
    if back not in (reverse("hiring:onboarding"), reverse("hiring:onboarding_mine")):
        back = reverse("hiring:onboarding_mine")
    return act(
        request,
        lambda: services.onboarding_tick(
            item=item, done=request.POST.get("done") != "0", acting_user=request.user
        ),
        _("The checklist is saved."),
        back,
    )


SETUP_TITLES = {
    "portrait": _("Portrait of the wanted employee"),
    "onboarding": _("Onboarding checklist"),
    "reasons": _("Candidate refusal reasons"),
    "scripts": _("Interview scripts and questions"),
}


@login_required
@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest, kind: str) -> HttpResponse:
    """The hiring lists the owner and the head of sales keep: the portrait's criteria per
    position, the onboarding template, the refusal reasons, the scripts."""
    if not request.user.configures:
        raise PermissionDenied(_("Only the owner and the head of sales change these settings."))
    if kind not in SETUP_FORMSETS:
        raise Http404("No such list")
    formset = SETUP_FORMSETS[kind](request.POST or None)
    if request.method == "POST":
        if formset.is_valid():
            services.hiring_list_save(formset=formset, acting_user=request.user)
            messages.success(request, _("Saved."))
            return redirect("hiring:setup", kind=kind)
        messages.error(request, _("Check the rows marked below."))
    return render(
        request,
        "hiring/setup.html",
        {"formset": formset, "kind": kind, "title": SETUP_TITLES[kind], "kinds": SETUP_TITLES},
    )
