from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from otdel.algorithm.models import RefusalReason
from otdel.catalog.models import Product
from otdel.documents.models import Document, DocumentKind
from otdel.stages import config
from otdel.stages.models import StageKind

from .models import Deal


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


class IssueForm(forms.Form):
    kind = forms.ChoiceField(choices=DocumentKind.choices)
    language = forms.ChoiceField(choices=[("ru", "RU"), ("en", "EN")], initial="ru")


class PaymentForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount"), max_digits=14, decimal_places=2)
    paid_on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    refund = forms.BooleanField(label=_("Refund"), required=False)


class SendForm(forms.Form):
    document = forms.ModelChoiceField(label=_("Document"), queryset=Document.objects.none())
    to = forms.CharField(label=_("To"), help_text=_("e-mail addresses, comma-separated"))
    subject = forms.CharField(label=_("Subject"), max_length=200, initial=_("Documents"))
    message = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, deal: Deal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = deal.documents.defer("pdf", "data").order_by("-pk")

    def clean_to(self) -> list[str]:
        addresses = [a.strip() for a in self.cleaned_data["to"].replace(";", ",").split(",")]
        addresses = [a for a in addresses if a]
        for address in addresses:
            try:
                validate_email(address)
            except ValidationError:
                raise ValidationError(
                    _("“%(email)s” is not an e-mail address.") % {"email": address}
                ) from None
        if not addresses:
            raise ValidationError(_("Whom to send it to?"))
        return addresses


class ShipmentForm(forms.Form):
    shipped_on = forms.DateField(
        label=_("Shipped"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    note = forms.CharField(label=_("What, how"), max_length=300, required=False)
