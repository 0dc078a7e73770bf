from django import forms
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from otdel.org.models import User
from otdel.org.selectors import assignable_owners
from otdel.stages import config
from otdel.stages.models import StageKind
from otdel.widgets import NoLabelSuffix, QuickSelect

from . import services
from .models import Activity, ActivityKind, RefusalReason
from .selectors import BulkAction, bulk_actions_for
from .services import Outcome

OUTCOME_CHOICES = [
    (Outcome.WON, _("A deal is under way (invoice issued)")),
    (Outcome.STRATEGIC_ARCHIVE, _("Strategic archive")),
    (Outcome.FOLLOW_UP, _("Refusal with call-round")),
    (Outcome.NON_CORE, _("Non-core / hard refusal")),
]


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


REASON_PREFIX = "reason:"


def triage_choices() -> list[tuple[str, object]]:
    """Nothing chosen yet (a decision is never pre-made), a deal under way, each refusal reason
    (which decides the section), or a section chosen directly."""
    reasons = [
        (f"{REASON_PREFIX}{reason.pk}", f"{reason.name} → {reason.get_section_display()}")
        for reason in RefusalReason.objects.filter(active=True)
    ]
    return [
        ("", _("— where does it go? —")),
        OUTCOME_CHOICES[0],
        (_("Refusal reason"), reasons),
        (_("Section"), OUTCOME_CHOICES[1:]),
    ]


class TriageForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Where it goes"), choices=(), widget=QuickSelect)
    reactivation_date = forms.DateField(
        label=_("Call again on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Needed for a refusal with call-round."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Reason")}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read once: My work renders this one form in every row of the triage queue.
        self.fields["outcome"].choices = triage_choices()

    @cached_property
    def row_fields(self) -> str:
        """The labelled fields of a row of the triage queue. The form is unbound, so every row's
        are the same: rendered once (a select of every refusal reason per row was most of My
        work's time)."""
        return render_to_string("algorithm/_triage_fields.html", {"form": self})

    def clean(self):
        data = super().clean()
        choice = data.get("outcome") or ""
        if choice and not choice.startswith(REASON_PREFIX) and not data.get("reason", "").strip():
            self.add_error("reason", _("Write the reason."))
        return data

    def service_arguments(self) -> dict:
        """The triage as the service takes it: an outcome, or a refusal reason."""
        data = self.cleaned_data
        choice = data["outcome"]
        arguments = {"reason": data["reason"], "reactivation_date": data["reactivation_date"]}
        if choice.startswith(REASON_PREFIX):
            reason = RefusalReason.objects.get(pk=int(choice.removeprefix(REASON_PREFIX)))
            return {**arguments, "outcome": "", "refusal_reason": reason}
        return {**arguments, "outcome": choice}


class AssignForm(forms.Form):
    manager = forms.ModelChoiceField(
        label=_("Manager"), queryset=User.objects.none(), widget=QuickSelect
    )
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)

    def __init__(self, *args, managers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manager"].queryset = managers


BULK_LABELS = {
    BulkAction.CLAIM: _("Claim into my work"),
    BulkAction.ASSIGN: _("Assign to a manager"),
    BulkAction.MOVE: _("Move to a section"),
}


class BulkForm(TriageForm):
    """The company list's action bar: an action for the ticked rows, with what it needs (the
    manager to assign to; where the companies go and why, as in triage)."""

    action = forms.ChoiceField(label=_("With the ticked companies"), choices=(), widget=QuickSelect)
    manager = forms.ModelChoiceField(
        label=_("Manager"), queryset=User.objects.none(), required=False, widget=QuickSelect
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [(a, BULK_LABELS[a]) for a in bulk_actions_for(user)]
        self.fields["manager"].queryset = assignable_owners(user)
        self.fields["outcome"].required = False
        self.fields["outcome"].label = _("Section")

    def clean(self):
        data = super().clean()
        ticked = self.data.getlist("companies") if hasattr(self.data, "getlist") else []
        if not ticked:
            raise forms.ValidationError(_("Tick the companies first."))
        if not all(pk.isdigit() for pk in ticked):
            raise forms.ValidationError(_("A ticked row is not a company's number."))
        data["companies"] = [int(pk) for pk in ticked]
        action = data.get("action")
        if action == BulkAction.ASSIGN and not data.get("manager"):
            self.add_error("manager", _("Choose a manager you lead."))
        if action == BulkAction.MOVE and not data.get("outcome"):
            self.add_error("outcome", _("Choose where the companies go."))
        return data

    def bulk_arguments(self) -> dict:
        """The bulk action as services.companies_bulk takes it."""
        data = self.cleaned_data
        triage = self.service_arguments() if data["action"] == BulkAction.MOVE else {}
        if data["action"] == BulkAction.ASSIGN:
            triage = {"reason": data["reason"]}
        return {
            "action": data["action"],
            "companies": data["companies"],
            "manager": data.get("manager"),
            "triage": triage,
        }


class MoveForm(forms.Form):
    state = forms.CharField(max_length=20)


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["kind", "subject", "due_at", "assignee"]
        widgets = {
            "due_at": DateTimeInput(),
            "subject": forms.TextInput(attrs={"placeholder": _("What to do")}),
        }

    def __init__(self, *args, assignees, **kwargs):
        super().__init__(*args, **kwargs)
        # Only those the user may set tasks for (org.selectors.task_assignees); empty: the owner.
        self.fields["assignee"].queryset = assignees
        self.fields["assignee"].required = False
        self.fields["assignee"].empty_label = _("Assignee: the owner")


class CompleteForm(NoLabelSuffix, forms.Form):
    result = forms.CharField(label=_("Result"), widget=forms.Textarea(attrs={"rows": 2}))
    next_kind = forms.ChoiceField(
        label=_("Next step"), choices=[("", "—"), *ActivityKind.choices], required=False
    )
    next_subject = forms.CharField(
        label=_("What"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Next step: what to do")}),
    )
    next_due_at = forms.DateTimeField(label=_("When"), required=False, widget=DateTimeInput())

    def clean(self):
        data = super().clean()
        given = [bool(data.get(f)) for f in ("next_kind", "next_subject", "next_due_at")]
        if any(given) and not all(given):
            raise forms.ValidationError(_("A next step needs its kind, what to do and when."))
        return data

    def next_step(self, *, company) -> Activity | None:
        """The next step asked for; the service gives it to the company's owner."""
        data = self.cleaned_data
        if not data.get("next_kind"):
            return None
        return Activity(
            company=company,
            kind=data["next_kind"],
            subject=data["next_subject"],
            due_at=data["next_due_at"],
        )


STATE_PREFIX = "state:"


class CallLogForm(forms.Form):
    """A call in one form (services.call_log): its result, where the company goes, the next
    step. Only the outcomes the company's stage allows now are offered."""

    planned = forms.TypedChoiceField(
        label=_("Planned call"), coerce=int, required=False, empty_value=None
    )
    result = forms.CharField(
        label=_("Result of the call"),
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": _("What was said and agreed")}),
    )
    outcome = forms.ChoiceField(label=_("Outcome"), required=False)
    reactivation_date = forms.DateField(
        label=_("Call again on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Needed for a refusal with call-round."),
    )
    # Not required: the next step is given by what and when (a refusal needs none).
    next_kind = forms.ChoiceField(
        label=_("Next step"),
        choices=ActivityKind.choices,
        initial=ActivityKind.CALL,
        required=False,
    )
    next_subject = forms.CharField(
        label=_("Next step: what"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Next step: what to do")}),
    )
    next_due_at = forms.DateTimeField(
        label=_("Next step: when"), required=False, widget=DateTimeInput()
    )

    # The service's arguments a refusal may name, and the field that shows it.
    FIELD_OF_ARGUMENT = {
        "result": "result",
        "state": "outcome",
        "outcome": "outcome",
        "reactivation_date": "reactivation_date",
        "next_step": "next_due_at",
        "planned": "planned",
    }

    def __init__(self, *args, company, **kwargs):
        # Its own ids: My work shows the triage forms' fields (outcome, reactivation date) too.
        super().__init__(*args, auto_id="call_%s", **kwargs)
        algorithm = config.current()
        # The day the company's active work ends, explained beside the call (METHOD 4): no call
        # moves it; a deal stops the clock, so then there is none to show.
        self.deadline = None if company.state in algorithm.deal else company.work_deadline
        self.planned_calls = {
            call.pk: call
            for call in company.activities.filter(
                kind=ActivityKind.CALL, done_at__isnull=True
            ).order_by("due_at", "pk")
        }
        self.fields["planned"].choices = [
            ("", _("— not planned —")),
            *((pk, _call_label(call)) for pk, call in self.planned_calls.items()),
        ]
        # The call planned for today or overdue is the one being made; a later one is not.
        today = timezone.localdate()
        self.fields["planned"].initial = next(
            (
                pk
                for pk, call in self.planned_calls.items()
                if call.due_at is None or timezone.localdate(call.due_at) <= today
            ),
            None,
        )
        choices: list[tuple[str, object]] = [
            ("", _("Stay at “%(stage)s”") % {"stage": algorithm.label(company.state)})
        ]
        self.refusal_reasons: dict[int, RefusalReason] = {}
        # A company in a section (archive, refusal) is taken back into work before it moves.
        if company.section == "":
            moves = services.moves_open(company)
            if moves:
                choices.append(
                    (_("Next stage"), [(f"{STATE_PREFIX}{s.code}", f"→ {s.label}") for s in moves])
                )
            leaving = []
            if all(s.kind != StageKind.DEAL for s in moves) and services.may_win(company):
                leaving.append(OUTCOME_CHOICES[0])
            self.refusal_reasons = {r.pk: r for r in RefusalReason.objects.filter(active=True)}
            leaving += [
                (f"{REASON_PREFIX}{pk}", f"{reason.name} → {reason.get_section_display()}")
                for pk, reason in self.refusal_reasons.items()
            ]
            choices.append((_("Leave active work"), leaving))
        self.fields["outcome"].choices = choices

    def clean(self):
        data = super().clean()
        if bool(data.get("next_subject")) != bool(data.get("next_due_at")):
            missing = "next_due_at" if data.get("next_subject") else "next_subject"
            self.add_error(missing, _("A next step needs what to do and when."))
        return data

    def service_arguments(self) -> dict:
        """The call as services.call_log takes it."""
        data = self.cleaned_data
        choice = data["outcome"]
        arguments: dict = {
            "result": data["result"],
            "reactivation_date": data["reactivation_date"],
            "planned": self.planned_calls.get(data["planned"]),
            "next_step": services.NextStep(
                kind=data["next_kind"] or ActivityKind.CALL,
                subject=data["next_subject"],
                due_at=data["next_due_at"],
            )
            if data.get("next_due_at")
            else None,
        }
        if choice.startswith(STATE_PREFIX):
            return {**arguments, "state": choice.removeprefix(STATE_PREFIX)}
        if choice.startswith(REASON_PREFIX):
            reason = self.refusal_reasons[int(choice.removeprefix(REASON_PREFIX))]
            return {**arguments, "refusal_reason": reason}
        return {**arguments, "outcome": choice}

    def refuse(self, error: services.RuleRefused) -> None:
        """Show the service's refusal beside the field it is about (above the form if none)."""
        self.add_error(self.FIELD_OF_ARGUMENT.get(error.field), str(error))


def _call_label(call: Activity) -> str:
    when = (
        date_format(timezone.localtime(call.due_at), "SHORT_DATETIME_FORMAT") if call.due_at else ""
    )
    return " · ".join(filter(None, (when, call.subject)))
