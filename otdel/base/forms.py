from django import forms
from django.utils.translation import gettext_lazy

from otdel.org.models import User
from otdel.org.rules import may_assign_owners
from otdel.org.selectors import assignable_owners, scope_of_user

from .filtersets import stage_choices
from .models import Company, Contact
from .rules import format_phone
from .validation import clean_emails, clean_phones, clean_tax_ids


def split_lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace(",", "\n").splitlines() if line.strip()]


class PhonesEmailsMixin(forms.Form):
    """Phones and e-mails typed one per line; every bad line is named in the message."""

    phones = forms.CharField(
        label=gettext_lazy("Phones"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("One per line. Numbers without a country code are taken as local."),
    )
    emails = forms.CharField(
        label=gettext_lazy("E-mails"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("One per line."),
    )

    def clean_phones(self) -> list[str]:
        return clean_phones(split_lines(self.cleaned_data["phones"]))

    def clean_emails(self) -> list[str]:
        return clean_emails(split_lines(self.cleaned_data["emails"]))

    def initial_lists(self, phones: list[str], emails: list[str]) -> None:
        self.initial["phones"] = "\n".join(format_phone(p) for p in phones)
        self.initial["emails"] = "\n".join(emails)


class CompanyForm(PhonesEmailsMixin, forms.ModelForm):
    reason = forms.CharField(
        label=gettext_lazy("Reason for the change"),
        required=False,
        max_length=500,
        help_text=gettext_lazy("Kept in the history with a change of owner, section or state."),
    )

    class Meta:
        model = Company
        fields = [
            "legal_name", "short_name", "legal_form",
            "tax_id_kind", "tax_id", "kpp", "ogrn",
            "website", "legal_address", "actual_address",
            "category", "segment", "source", "territory", "product_groups",
            "employees", "annual_revenue", "expected_volume", "size_tag_fixed", "size_tag",
            "section", "state", "owner", "reactivation_date", "note",
        ]  # fmt: skip
        widgets = {
            "reactivation_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 3}),
            "product_groups": forms.CheckboxSelectMultiple,
        }

    state = forms.ChoiceField(label=gettext_lazy("State"), choices=stage_choices)

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.user = user
        if may_assign_owners(scope_of_user(user)):
            self.fields["owner"].queryset = assignable_owners(user)  # type: ignore[attr-defined]
        else:
            del self.fields["owner"]
            if not self.instance.pk:
                # A manager's new company goes straight into his own work (see the view).
                del self.fields["section"]
        if not self.instance.pk:
            del self.fields["reason"]
        if self.instance.pk:
            self.initial_lists(
                [p.number for p in self.instance.phones.all() if p.contact_id is None],
                [e.address for e in self.instance.emails.all() if e.contact_id is None],
            )

    def clean(self) -> dict:
        data = super().clean()
        for field, message in clean_tax_ids(data, exclude_pk=self.instance.pk).items():
            self.add_error(field, message)
        return data

    def field_changes(self) -> dict[str, object]:
        """The company's own fields the user changed; lists (phones, groups) go apart."""
        concrete = {f.name for f in Company._meta.concrete_fields}
        return {k: self.cleaned_data[k] for k in self.changed_data if k in concrete}


class ContactForm(PhonesEmailsMixin, forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["full_name", "job_title", "is_decision_maker", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if self.instance.pk:
            self.initial_lists(
                [p.number for p in self.instance.phones.all()],
                [e.address for e in self.instance.emails.all()],
            )
