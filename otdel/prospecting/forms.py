from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from otdel.base.models import Source
from otdel.org.models import User
from otdel.org.selectors import assignable_owners

from .files import REQUIRED


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File (CSV or XLSX)"))
    owner = forms.ModelChoiceField(
        label=_("Into the working list of"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("nobody: to “to call”"),
    )
    source = forms.ModelChoiceField(
        label=_("Source"), queryset=Source.objects.all(), required=False
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        # A manager's own list goes into his own work; those who lead people choose.
        self.fields["owner"].queryset = assignable_owners(user)
        if not user.leads_people:
            self.fields["owner"].initial = user.pk


FIELD_LABELS = {
    "name": _("Company name"),
    "tax_id": _("Tax id"),
    "phones": _("Phones"),
    "emails": _("E-mails"),
    "website": _("Website"),
    "address": _("Address"),
    "category": _("Category"),
    "segment": _("Segment"),
    "contact": _("Contact person"),
}


class ColumnsForm(forms.Form):
    """Which column of the file each field is read from (remembered for the list's source)."""

    def __init__(
        self,
        *args,
        headers: list[str],
        labels: dict[str, Any] = FIELD_LABELS,
        required: tuple[str, ...] = REQUIRED,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.labels = labels
        choices = [("", "—"), *((h, h) for h in headers)]
        for fieldname, label in labels.items():
            self.fields[fieldname] = forms.ChoiceField(
                label=label, choices=choices, required=fieldname in required
            )

    def clean(self):
        cleaned = super().clean()
        used: dict[str, str] = {}
        for fieldname, header in list(cleaned.items()):
            if header and header in used:
                self.add_error(
                    fieldname,
                    _("Column “%(column)s” is already read as %(field)s.")
                    % {"column": header, "field": self.labels[used[header]]},
                )
            used.setdefault(header, fieldname)
        return cleaned

    def columns(self) -> dict[str, str]:
        return {f: h for f, h in self.cleaned_data.items() if h}
