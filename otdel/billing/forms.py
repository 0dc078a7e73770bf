"""The form of the deal page that registers a payment or a refund against an invoice."""

from django import forms
from django.utils.translation import gettext_lazy as _


class PaymentForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount"), max_digits=14, decimal_places=2)
    paid_on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    refund = forms.BooleanField(label=_("Refund"), required=False)
