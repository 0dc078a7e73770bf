from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from otdel.algorithm.models import RefusalReason
from otdel.catalog.models import Product
from otdel.stages import config
from otdel.stages.models import StageKind


class DealForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    expected_close = forms.DateField(
        label=_("Expected close"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    probability = forms.IntegerField(
        label=_("Probability, %"), min_value=0, max_value=100, initial=50
    )


class ItemForm(forms.Form):
    product = forms.ModelChoiceField(
        label=_("Product"), queryset=Product.objects.filter(is_active=True)
    )
    quantity = forms.DecimalField(
        label=_("Quantity"), max_digits=14, decimal_places=3, min_value=Decimal("0.001")
    )
    unit_price = forms.DecimalField(
        label=_("Price"),
        max_digits=14,
        decimal_places=2,
        required=False,
        help_text=_("empty: from the price list"),
    )
    discount_percent = forms.DecimalField(
        label=_("Discount, %"), max_digits=5, decimal_places=2, initial=0, required=False
    )


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


class ShipmentForm(forms.Form):
    shipped_on = forms.DateField(
        label=_("Shipped"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    note = forms.CharField(label=_("What, how"), max_length=300, required=False)
