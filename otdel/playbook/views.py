"""Scripts, the objection library, answer uses and objection drills: thin pages over the
playbook's selectors and services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from otdel.base.selectors import access_company, can_edit_company
from otdel.org.selectors import led_people
from otdel.refusal import RuleRefused
from otdel.stages import config
from otdel.web import act, act_on_form, form_errors

from . import selectors, services
from .forms import (
    AnswerForm,
    DrillAnswerForm,
    DrillForm,
    DrillScoreForm,
    ObjectionForm,
    ScriptForm,
    StandardForm,
)
from .models import Answer, CallKind, Objection, Script


def _must_configure(request: HttpRequest) -> None:
    if not request.user.configures:
        raise PermissionDenied(_("Only the owner and the head of sales change the playbook."))


def _back(request: HttpRequest, default: str) -> str:
    asked = request.POST.get("next", "")
    if asked and url_has_allowed_host_and_scheme(asked, {request.get_host()}):
        return asked
    return default


@login_required
@require_http_methods(["GET", "POST"])
def scripts(request: HttpRequest) -> HttpResponse:
    """The cold-call standard and the script of each stage and kind of call; those who
    configure edit them here."""
    if request.method == "POST":
        _must_configure(request)
        form = ScriptForm(request.POST)
        return act_on_form(
            request,
            form,
            lambda: services.script_save(**form.cleaned_data, acting_user=request.user),
            _("The script is saved."),
            reverse("playbook:scripts"),
        )
    by_stage: dict[str, dict[str, Script]] = {}
    for script in Script.objects.all():
        by_stage.setdefault(script.state, {})[script.call_kind] = script
    stages = [
        (
            stage,
            [
                (kind, label, by_stage.get(stage.code, {}).get(kind))
                for kind, label in CallKind.choices
            ],
        )
        for stage in config.current().company_states()
    ]
    standard = selectors.call_standard()
    edits = request.user.configures
    return render(
        request,
        "playbook/scripts.html",
        {
            "standard": standard,
            "stages": stages,
            "edits": edits,
            "standard_form": StandardForm(initial={"text": standard.text}) if edits else None,
        },
    )


@login_required
@require_POST
def standard_save(request: HttpRequest) -> HttpResponse:
    _must_configure(request)
    form = StandardForm(request.POST)
    form.is_valid()
    return act(
        request,
        lambda: services.call_standard_save(
            text=form.cleaned_data.get("text", ""), acting_user=request.user
        ),
        _("The cold-call standard is saved."),
        reverse("playbook:scripts"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def objection_list(request: HttpRequest) -> HttpResponse:
    """The library searched by the client's words; those who configure add objections and
    install the defaults here."""
    if request.method == "POST":
        _must_configure(request)
        form = ObjectionForm(request.POST)
        if not form.is_valid():
            form_errors(request, form)
            return redirect("playbook:objections")
        try:
            objection = services.objection_save(
                objection=None, **form.cleaned_data, acting_user=request.user
            )
        except RuleRefused as error:
            messages.error(request, str(error))
            return redirect("playbook:objections")
        messages.success(request, _("The objection is in the library: add its answers."))
        return redirect("playbook:objection", pk=objection.pk)
    query = request.GET.get("q", "")
    return render(
        request,
        "playbook/objections.html",
        {
            "query": query,
            "objections": selectors.search_objections(query)[: selectors.SEARCH_LIMIT],
            "form": ObjectionForm() if request.user.configures else None,
            "empty_library": not Objection.objects.exists(),
        },
    )


@login_required
def objection_search(request: HttpRequest) -> HttpResponse:
    """The search box of the company panel (htmx): the matching objections with their
    answers, the company's stage's own first, each answer one click from being marked used."""
    company = None
    if request.GET.get("company"):
        company = access_company(request.user, request.GET["company"])
    query = request.GET.get("q", "")
    state = company.state if company else ""
    found = selectors.search_objections(query, state=state)
    if not query.strip() and company is not None:
        found = found[: selectors.PANEL_OBJECTIONS]
    else:
        found = found[: selectors.SEARCH_LIMIT]
    return render(
        request,
        "playbook/_results.html",
        {
            "objections": found,
            "query": query,
            "company": company,
            "can_mark": company is not None and can_edit_company(request.user, company),
            "back": request.GET.get("next", ""),
        },
    )


@login_required
@require_POST
def install_defaults(request: HttpRequest) -> HttpResponse:
    _must_configure(request)
    added = services.playbook_install_defaults(acting_user=request.user)
    messages.success(request, _("Defaults installed: %(n)s objections added.") % {"n": added})
    return redirect("playbook:objections")


@login_required
@require_http_methods(["GET", "POST"])
def objection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An objection, its answers and how each did in the uses the reader may see of."""
    objection = get_object_or_404(Objection, pk=pk)
    if request.method == "POST":
        _must_configure(request)
        form = ObjectionForm(request.POST)
        return act_on_form(
            request,
            form,
            lambda: services.objection_save(
                objection=objection, **form.cleaned_data, acting_user=request.user
            ),
            _("The objection is saved."),
            reverse("playbook:objection", args=[pk]),
        )
    answers = list(objection.answers.order_by("position", "pk"))
    figures = selectors.answer_figures(request.user, answers)
    edits = request.user.configures
    return render(
        request,
        "playbook/objection.html",
        {
            "objection": objection,
            "answers": [(a, figures.get(a.pk)) for a in answers],
            "edits": edits,
            "stage_labels": [config.current().label(c) for c in objection.state_codes],
            "form": ObjectionForm(
                initial={
                    "words": objection.words,
                    "states": objection.state_codes,
                    "tags": objection.tags,
                }
            )
            if edits
            else None,
            "answer_form": AnswerForm() if edits else None,
        },
    )


def _answer_form_save(request: HttpRequest, objection: Objection, answer: Answer | None):
    form = AnswerForm(request.POST)
    return act_on_form(
        request,
        form,
        lambda: services.answer_save(
            objection=objection, answer=answer, **form.cleaned_data, acting_user=request.user
        ),
        _("The answer is saved."),
        reverse("playbook:objection", args=[objection.pk]),
    )


@login_required
@require_POST
def answer_add(request: HttpRequest, pk: int) -> HttpResponse:
    _must_configure(request)
    return _answer_form_save(request, get_object_or_404(Objection, pk=pk), None)


@login_required
@require_POST
def answer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _must_configure(request)
    answer = get_object_or_404(Answer.objects.select_related("objection"), pk=pk)
    return _answer_form_save(request, answer.objection, answer)


@login_required
@require_POST
def answer_use(request: HttpRequest, company: int, pk: int) -> HttpResponse:
    """One click from the company panel: this answer was used with the company, and it worked
    or not."""
    target = access_company(request.user, company, for_edit=True)
    answer = get_object_or_404(Answer, pk=pk)
    return act(
        request,
        lambda: services.answer_use_record(
            answer=answer,
            company=target,
            worked=request.POST.get("worked", ""),
            acting_user=request.user,
        ),
        _("The answer you used is recorded."),
        _back(request, reverse("base:company_detail", args=[target.pk])),
    )


@login_required
def answers_report(request: HttpRequest) -> HttpResponse:
    """Which answers win, of the uses the reader may see (his departments' for a head)."""
    return render(
        request,
        "playbook/answers.html",
        {"rows": selectors.answers_report(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def drills(request: HttpRequest) -> HttpResponse:
    """The drills the reader may see; those who lead people give a new one here. With
    `?manager=`, that manager's training record: his scored drills and their average."""
    managers = selectors.drilled_managers(request.user)
    if request.method == "POST":
        if not request.user.leads_people:
            raise PermissionDenied(_("Only those who lead managers give drills."))
        form = DrillForm(request.POST, managers=managers)
        return act_on_form(
            request,
            form,
            lambda: services.drill_create(**form.cleaned_data, acting_user=request.user),
            _("The drill is given: the manager answers it."),
            reverse("playbook:drills"),
        )
    record = None
    if request.GET.get("manager", "").isdigit():
        manager = get_object_or_404(led_people(request.user), pk=int(request.GET["manager"]))
        record = selectors.training_record(request.user, manager)
    return render(
        request,
        "playbook/drills.html",
        {
            "drills": selectors.visible_drills(request.user)[:200],
            "record": record,
            "form": DrillForm(managers=managers) if request.user.leads_people else None,
        },
    )


@login_required
def drill_detail(request: HttpRequest, pk: int) -> HttpResponse:
    drill = selectors.access_drill(request.user, pk)
    answers = drill.manager_id == request.user.pk and drill.scored_at is None
    scores = selectors.trains(request.user, drill.manager) and drill.answered_at is not None
    return render(
        request,
        "playbook/drill.html",
        {
            "drill": drill,
            "answers": list(drill.objection.answers.order_by("position", "pk"))
            if drill.scored_at or scores
            else [],
            "answer_form": DrillAnswerForm(initial={"text": drill.answer_text})
            if answers
            else None,
            "score_form": DrillScoreForm(initial={"score": drill.score, "comment": drill.comment})
            if scores
            else None,
        },
    )


@login_required
@require_POST
def drill_answer(request: HttpRequest, pk: int) -> HttpResponse:
    drill = selectors.access_drill(request.user, pk)
    if drill.manager_id != request.user.pk:
        raise PermissionDenied(_("Only the drilled manager answers."))
    return act(
        request,
        lambda: services.drill_answer(
            drill=drill, text=request.POST.get("text", ""), acting_user=request.user
        ),
        _("Your answer is sent to your head."),
        reverse("playbook:drill", args=[pk]),
    )


@login_required
@require_POST
def drill_score(request: HttpRequest, pk: int) -> HttpResponse:
    drill = selectors.access_drill(request.user, pk)
    if not selectors.trains(request.user, drill.manager):
        raise PermissionDenied(_("Only the manager's leaders score his drills."))
    form = DrillScoreForm(request.POST)
    return act_on_form(
        request,
        form,
        lambda: services.drill_score(drill=drill, **form.cleaned_data, acting_user=request.user),
        _("The drill is scored."),
        reverse("playbook:drill", args=[pk]),
    )
