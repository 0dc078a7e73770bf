from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from otdel.algorithm import config
from otdel.algorithm.models import RefusalReason, StageKind
from otdel.catalog.models import Product
from otdel.documents.models import DocumentKind


class DealForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    expected_close = forms.DateField(label=_("Expected close"), required=False,
                                     widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))  # fmt: skip
    probability = forms.IntegerField(label=_("Probability, %"), min_value=0, max_value=100,
                                     initial=50)  # fmt: skip


class ItemForm(forms.Form):
    product = forms.ModelChoiceField(
        label=_("Product"), queryset=Product.objects.filter(is_active=True)
    )
    quantity = forms.DecimalField(label=_("Quantity"), max_digits=14, decimal_places=3,
                                  min_value=Decimal("0.001"))  # fmt: skip
    unit_price = forms.DecimalField(label=_("Price"), max_digits=14, decimal_places=2, required=False,
                                    help_text=_("empty: from the price list"))  # fmt: skip
    discount_percent = forms.DecimalField(label=_("Discount, %"), max_digits=5, decimal_places=2,
                                          initial=0, required=False)  # fmt: skip


class StateForm(forms.Form):
    state = forms.ChoiceField(label=_("State"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        algorithm = config.current()
        self.fields["state"].choices = [
            (code, algorithm.label(code))
            for code in algorithm.codes(StageKind.DEAL, StageKind.SUPPORT)
        ]


class LoseForm(forms.Form):
    reason = forms.ModelChoiceField(label=_("Why"), queryset=RefusalReason.objects.all())
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class IssueForm(forms.Form):
    kind = forms.ChoiceField(choices=DocumentKind.choices)
    language = forms.ChoiceField(choices=[("ru", "RU"), ("en", "EN")], initial="ru")


class PaymentForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount"), max_digits=14, decimal_places=2)
    paid_on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    refund = forms.BooleanField(label=_("Refund"), required=False)
