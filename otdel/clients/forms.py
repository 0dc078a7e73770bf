from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ClientStep


class StepDoneForm(forms.Form):
    result = forms.CharField(label=_("Result"), max_length=2000, widget=forms.Textarea)
    next_step = forms.ModelChoiceField(
        label=_("Next step"), queryset=ClientStep.objects.order_by("position", "pk")
    )
    due_on = forms.DateField(label=_("On"), widget=forms.DateInput(attrs={"type": "date"}))
