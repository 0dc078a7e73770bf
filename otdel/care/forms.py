from datetime import timedelta

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from otdel.deals.models import Deal
from otdel.org.models import User

from .models import ComplaintKind, Criterion, RelationshipPlan

# An input of type date takes ISO dates whatever the language of the page.
DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})

# The default time to resolve a complaint: a delivery fault is put right within days.
RESOLVE_DAYS = 3


class ComplaintForm(forms.Form):
    kind = forms.ChoiceField(label=_("About"), choices=ComplaintKind.choices)
    deal = forms.ModelChoiceField(label=_("Deal"), queryset=Deal.objects.none(), required=False)
    description = forms.CharField(
        label=_("What happened"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )
    owner = forms.ModelChoiceField(label=_("Responsible"), queryset=User.objects.none())
    due_on = forms.DateField(label=_("Resolve by"), widget=DATE)

    def __init__(self, *args, deals: QuerySet[Deal], owners: QuerySet[User], owner=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deal"].queryset = deals
        self.fields["owner"].queryset = owners
        self.fields["owner"].initial = owner
        today = timezone.localdate()
        self.fields["due_on"].initial = today + timedelta(days=RESOLVE_DAYS)
        # The browser offers no day the service would refuse (rules.due_too_early).
        self.fields["due_on"].widget.attrs["min"] = today.isoformat()


class CloseForm(forms.Form):
    resolution = forms.CharField(label=_("Resolution"), max_length=4000)


class ChoiceForm(forms.Form):
    recorded_on = forms.DateField(label=_("Review meeting"), widget=DATE)
    criteria = forms.MultipleChoiceField(
        label=_("Why he chooses us"),
        choices=Criterion.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("In his words"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recorded_on"].initial = timezone.localdate()


class PlanForm(forms.ModelForm):
    class Meta:
        model = RelationshipPlan
        fields = ["decision_makers", "next_meeting", "wallet_share", "growth_target", "growth_note"]
        widgets = {
            "decision_makers": forms.Textarea(attrs={"rows": 2}),
            "growth_note": forms.Textarea(attrs={"rows": 2}),
            "next_meeting": DATE,
        }
