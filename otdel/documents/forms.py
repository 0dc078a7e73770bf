"""The forms of the deal page that issue and send the deal's documents."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from otdel.deals.models import Deal

from .models import Document, DocumentKind


class IssueForm(forms.Form):
    kind = forms.ChoiceField(choices=DocumentKind.choices)
    language = forms.ChoiceField(choices=[("ru", "RU"), ("en", "EN")], initial="ru")


class SendForm(forms.Form):
    document = forms.ModelChoiceField(label=_("Document"), queryset=Document.objects.none())
    to = forms.CharField(
        label=pgettext_lazy("e-mail", "To"), help_text=_("e-mail addresses, comma-separated")
    )
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
