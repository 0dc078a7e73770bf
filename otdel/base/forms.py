from django import forms
from django.utils.translation import gettext_lazy

from otdel.org.models import User
from otdel.org.rules import may_assign_owners
from otdel.org.selectors import assignable_owners, scope_of_user

from .filtersets import stage_choices
from .models import Company, Contact
from .rules import format_phone
from .services import ALGORITHM_FIELDS
from .validation import (
    algorithm_field_errors,
    clean_emails,
    clean_phones,
    clean_tax_ids,
    legal_form_errors,
)


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
        help_text=gettext_lazy("Kept in the history with the changes."),
    )

    class Meta:
        model = Company
        fields = [
            "legal_name",
            "short_name",
            "legal_form",
            "tax_id_kind",
            "tax_id",
            "kpp",
            "ogrn",
            "website",
            "legal_address",
            "actual_address",
            "category",
            "segment",
            "source",
            "territory",
            "product_groups",
            "employees",
            "annual_revenue",
            "expected_volume",
            "size_tag_fixed",
            "size_tag",
            "section",
            "state",
            "owner",
            "reactivation_date",
            "note",
        ]
        help_texts = {
            "legal_name": gettext_lazy(
                "As you write it: “ООО «Альфа»” is kept as the legal form ООО and the name "
                "Альфа, which the lists sort by."
            ),
        }
        widgets = {
            "reactivation_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 3}),
            "product_groups": forms.CheckboxSelectMultiple,
        }

    state = forms.ChoiceField(label=gettext_lazy("State"), choices=stage_choices)

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.user = user
        owner = self.fields["owner"]
        if self.instance.pk:
            # Owner, state and section are the algorithm's: shown here, changed by the card's
            # actions (move, triage, assign), which keep the method's rules and history.
            for name in ALGORITHM_FIELDS:
                self.fields[name].disabled = True
            owner.queryset = User.objects.filter(pk=self.instance.owner_id)  # type: ignore[attr-defined]
            self.initial_lists(
                [p.number for p in self.instance.phones.all() if p.contact_id is None],
                [e.address for e in self.instance.emails.all() if e.contact_id is None],
            )
            return
        # A new company enters like a claim (algorithm.services.company_create_by_hand).
        for name in ("reason", "state", "section", "reactivation_date"):
            del self.fields[name]
        if may_assign_owners(scope_of_user(user)):
            owner.queryset = assignable_owners(user)  # type: ignore[attr-defined]
            owner.help_text = gettext_lazy(
                "Into this manager's working list while his cap allows; empty: “to call”."
            )
        else:
            del self.fields["owner"]

    def clean(self) -> dict:
        data = super().clean()
        for field, message in (
            clean_tax_ids(data, exclude_pk=self.instance.pk, user=self.user)
            | legal_form_errors(data, self.instance if self.instance.pk else None)
        ).items():
            self.add_error(field, message)
        if self.instance.pk:
            # Disabled fields ignore what is posted: a changed value is refused, not dropped.
            sent = {
                name: self.data[self.add_prefix(name)]
                for name in ALGORITHM_FIELDS
                if self.add_prefix(name) in self.data
            }
            current = {
                "owner": self.instance.owner_id,
                "state": self.instance.state,
                "section": self.instance.section,
                "reactivation_date": self.instance.reactivation_date,
            }
            for field, message in algorithm_field_errors(current, sent).items():
                self.add_error(field, message)
        return data

    def field_changes(self) -> dict[str, object]:
        """The company's own fields the user changed; lists (phones, groups) go apart."""
        concrete = {f.name for f in Company._meta.concrete_fields} - set(ALGORITHM_FIELDS)
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
