from django import forms
from django.utils.translation import gettext_lazy as _

from otdel.org.models import User
from otdel.org.selectors import assignable_owners

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
    outcome = forms.ChoiceField(label=_("Where it goes"), choices=())
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
    manager = forms.ModelChoiceField(label=_("Manager"), queryset=User.objects.none())
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

    action = forms.ChoiceField(label=_("With the ticked companies"), choices=())
    manager = forms.ModelChoiceField(
        label=_("Manager"), queryset=User.objects.none(), required=False
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


class CompleteForm(forms.Form):
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

    def next_step(self, *, company, assignee) -> Activity | None:
        data = self.cleaned_data
        if not data.get("next_kind"):
            return None
        return Activity(
            company=company,
            kind=data["next_kind"],
            subject=data["next_subject"],
            due_at=data["next_due_at"],
            assignee=assignee,
        )
