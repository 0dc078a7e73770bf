from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from otdel.org.models import User
from otdel.pay.models import PayScheme
from otdel.widgets import NoLabelSuffix

from .models import PilotKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PilotForm(NoLabelSuffix, forms.Form):
    kind = forms.ChoiceField(label=_("What is changed"), choices=PilotKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("The change"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What is tried and what is expected of it."),
    )
    starts_on = forms.DateField(label=_("Starts"), widget=DATE, initial=timezone.localdate)
    ends_on = forms.DateField(
        label=_("Ends"), widget=DATE, initial=lambda: timezone.localdate() + timedelta(days=34)
    )
    managers = forms.ModelMultipleChoiceField(
        label=_("Pilot group"), queryset=User.objects.none(), widget=forms.SelectMultiple
    )
    control = forms.ModelMultipleChoiceField(
        label=_("Control group"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Empty: the other sellers of the same position."),
    )
    scheme = forms.ModelChoiceField(
        label=_("New pay scheme"), queryset=PayScheme.objects.all(), required=False
    )
    cap = forms.IntegerField(label=_("New working-list cap"), required=False, min_value=1)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["managers"].queryset = candidates
        self.fields["control"].queryset = candidates


class EndForm(NoLabelSuffix, forms.Form):
    note = forms.CharField(label=_("Why"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
