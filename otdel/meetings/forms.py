from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from otdel.org.models import Department, User
from otdel.widgets import NoLabelSuffix

from .models import MeetingKind


class MeetingForm(NoLabelSuffix, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    held_on = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
    )
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.none(),
        required=False,
        empty_label=_("The whole sales force"),
    )

    def __init__(self, *args, departments, whole: bool, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["department"]
        field.queryset = departments
        if not whole:
            field.required = True
            field.empty_label = None


class DecisionForm(NoLabelSuffix, forms.Form):
    text = forms.CharField(
        label=_("Decision"),
        max_length=300,
        widget=forms.TextInput(attrs={"placeholder": _("What is decided")}),
    )
    company = forms.TypedChoiceField(label=_("Company"), coerce=int)
    owner = forms.ModelChoiceField(label=_("Who"), queryset=User.objects.none())
    due_on = forms.DateField(
        label=_("By"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, companies, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].choices = companies
        self.fields["owner"].queryset = owners
        self.fields["owner"].empty_label = _("Who does it")


class RecordingForm(NoLabelSuffix, forms.Form):
    file = forms.FileField(label=_("Audio file"), required=False)
    link = forms.URLField(
        label=_("or a link to the recording"), required=False, max_length=500, assume_scheme="https"
    )


class ReviewForm(NoLabelSuffix, forms.Form):
    comment = forms.CharField(
        label=_("Comment to the manager"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
