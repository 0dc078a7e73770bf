from django import forms
from django.forms import modelformset_factory
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from otdel.org.models import User
from otdel.widgets import NoLabelSuffix

from .models import (
    Candidate,
    HiringScript,
    OnboardingTemplate,
    PortraitCriterion,
    RejectionReason,
    Vacancy,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VacancyForm(NoLabelSuffix, forms.ModelForm):
    class Meta:
        model = Vacancy
        fields = [
            "title",
            "position",
            "department",
            "status",
            "opened_on",
            "budget",
            "channels",
            "text",
            "phone_script",
            "questions",
        ]
        widgets = {
            "opened_on": DATE,
            "text": forms.Textarea(attrs={"rows": 6}),
            "phone_script": forms.Textarea(attrs={"rows": 4}),
            "questions": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.fields["opened_on"].initial = timezone.localdate


class ExpenseForm(NoLabelSuffix, forms.Form):
    channel = forms.CharField(label=_("Channel"), max_length=200)
    amount = forms.DecimalField(label=_("Amount"), max_digits=12, decimal_places=2)
    spent_on = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class CandidateForm(NoLabelSuffix, forms.Form):
    # The candidate's own name, a person's: "ФИО", not "Название" (the name of a thing).
    full_name = forms.CharField(label=capfirst(_("full name")), max_length=200)
    phone = forms.CharField(label=_("Phone"), max_length=50, required=False)
    email = forms.EmailField(label=capfirst(_("e-mail")), required=False)
    channel = forms.CharField(label=_("Channel"), max_length=200, required=False)
    cv = forms.FileField(label=_("CV (PDF or DOCX)"), required=False)


class CvForm(NoLabelSuffix, forms.Form):
    cv = forms.FileField(label=_("CV (PDF or DOCX)"))


class RecordForm(NoLabelSuffix, forms.ModelForm):
    class Meta:
        model = Candidate
        fields = [
            "phone_notes",
            "interview_notes",
            "test_given_on",
            "test_received_on",
            "test_score",
            "offer_note",
        ]
        widgets = {
            "phone_notes": forms.Textarea(attrs={"rows": 4}),
            "interview_notes": forms.Textarea(attrs={"rows": 4}),
            "offer_note": forms.Textarea(attrs={"rows": 2}),
            "test_given_on": DATE,
            "test_received_on": DATE,
        }


class RefuseForm(NoLabelSuffix, forms.Form):
    reason = forms.ModelChoiceField(
        label=_("Reason"),
        queryset=RejectionReason.objects.filter(active=True),
        empty_label=_("Why refused"),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class HireForm(NoLabelSuffix, forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        required=False,
        help_text=_("Empty: made from the name."),
    )
    start_on = forms.DateField(label=_("First day"), widget=DATE, initial=timezone.localdate)


class OnboardingStartForm(NoLabelSuffix, forms.Form):
    user = forms.ModelChoiceField(label=_("Person"), queryset=User.objects.none())
    start_on = forms.DateField(label=_("First day"), widget=DATE, initial=timezone.localdate)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people


SETUP_FORMSETS = {
    "portrait": modelformset_factory(
        PortraitCriterion,
        fields=["position", "name", "weight", "description", "order"],
        extra=2,
        can_delete=True,
        widgets={"description": forms.TextInput()},
    ),
    "onboarding": modelformset_factory(
        OnboardingTemplate,
        fields=["title", "days_after_start", "position", "order"],
        extra=2,
        can_delete=True,
    ),
    "reasons": modelformset_factory(
        RejectionReason, fields=["name", "active", "order"], extra=2, can_delete=True
    ),
    "scripts": modelformset_factory(
        HiringScript,
        fields=["position", "phone_script", "questions"],
        extra=1,
        can_delete=True,
        widgets={
            "phone_script": forms.Textarea(attrs={"rows": 4}),
            "questions": forms.Textarea(attrs={"rows": 4}),
        },
    ),
}
