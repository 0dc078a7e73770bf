"""The forms of Settings: they parse and check one field at a time; the owning app's service
checks the whole row again (for every caller) and saves it with its log."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from otdel.algorithm.models import PlaybookStep, RefusalReason, RuleSettings
from otdel.care.models import CareSettings
from otdel.catalog.models import PriceList, Product
from otdel.clients.models import ClientStep
from otdel.documents.models import DocumentKind, Seller
from otdel.org.models import Department, Position, User
from otdel.pay.models import PayScheme
from otdel.segments.models import SegmentSettings
from otdel.stages.models import Stage


def model_changes(form: forms.ModelForm) -> dict:
    """The model fields of a valid form, as a service takes them."""
    return {
        name: form.cleaned_data[name] for name in form._meta.fields if name in form.cleaned_data
    }


class RuleSettingsForm(forms.ModelForm):
    class Meta:
        model = RuleSettings
        fields = [
            "working_list_cap",
            "cap_min",
            "cap_max",
            "work_days",
            "warn_days_before",
            "triage_grace_days",
            "reassign_after_days",
            "reclaim_cooldown_days",
            "repeat_meeting_days",
            "deal_starts_on",
            "payment_positions",
            "two_factor_positions",
            "meeting_checklist",
        ]


class StageForm(forms.ModelForm):
    moves_to = forms.ModelMultipleChoiceField(
        label=_("may move to"),
        queryset=Stage.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Stage
        fields = ["code", "name", "name_en", "position", "kind"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["moves_to"].queryset = Stage.objects.exclude(pk=self.instance.pk)
        if self.instance.pk:
            # Companies store the code: it stays as it was made.
            self.fields["code"].disabled = True
            self.fields["moves_to"].initial = [m.target_id for m in self.instance.moves_out.all()]


class RefusalReasonForm(forms.ModelForm):
    class Meta:
        model = RefusalReason
        fields = ["name", "section", "active"]


class ClientStepForm(forms.ModelForm):
    class Meta:
        model = ClientStep
        fields = ["position", "code", "name", "name_en", "kind", "interval_days", "playbook"]


class PlaybookForm(forms.ModelForm):
    class Meta:
        model = PlaybookStep
        fields = ["actions", "materials", "checklist", "script", "objections"]


class SegmentSettingsForm(forms.ModelForm):
    class Meta:
        model = SegmentSettings
        fields = [
            "a_share",
            "b_share",
            "weight_potential",
            "weight_margin",
            "weight_frequency",
            "d_below",
            "handoff_match_all",
            "handoff_min_orders",
            "handoff_min_volume",
            "handoff_volume_days",
            "handoff_products",
            "handoff_groups",
            "handoff_min_monthly",
        ]


class CareSettingsForm(forms.ModelForm):
    class Meta:
        model = CareSettings
        fields = ["big_fish_min_employees", "big_fish_min_revenue", "big_fish_high_potential"]


class PaySchemeForm(forms.ModelForm):
    bonus_steps = forms.CharField(
        label=_("bonus steps"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One step a line: plan fulfilment % and the bonus, e.g. “100 15000”."),
    )

    class Meta:
        model = PayScheme
        fields = [
            "name",
            "base_salary",
            "new_percent",
            "repeat_percent",
            "hunter_share_percent",
            "handoff_share_months",
            "bonus_steps",
            "penalty_below_percent",
            "penalty",
            "kpi_floor_percent",
            "kpi_multiplier",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["bonus_steps"] = "\n".join(
                f"{step} {bonus}" for step, bonus in self.instance.bonus_steps
            )

    def clean_bonus_steps(self) -> list[list[float]]:
        steps = []
        for n, line in enumerate(self.cleaned_data["bonus_steps"].splitlines(), start=1):
            if not line.strip():
                continue
            try:
                step, bonus = (Decimal(part.replace(",", ".")) for part in line.split())
            except (ValueError, InvalidOperation):
                raise forms.ValidationError(
                    _("Line %(n)s: two numbers, the plan %% and the bonus."), params={"n": n}
                ) from None
            steps.append([float(step), float(bonus)])
        return steps


class PayAssignmentForm(forms.Form):
    user = forms.ModelChoiceField(label=_("manager"), queryset=User.objects.filter(is_active=True))
    scheme = forms.ModelChoiceField(label=_("pay scheme"), queryset=PayScheme.objects.all())
    since = forms.DateField(label=_("since"), widget=forms.DateInput(attrs={"type": "date"}))


class PriceListForm(forms.ModelForm):
    """The list's name and dates, and one price field per product sold."""

    class Meta:
        model = PriceList
        fields = ["name", "currency", "valid_from", "valid_until"]
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, products=(), prices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.products = list(products)
        for product in self.products:
            self.fields[f"price_{product.pk}"] = forms.DecimalField(
                label=f"{product.code} {product.name}",
                required=False,
                min_value=0,
                max_digits=14,
                decimal_places=2,
                initial=(prices or {}).get(product.pk),
            )

    def price_fields(self):
        return [self[f"price_{product.pk}"] for product in self.products]

    def header_fields(self):
        return [self[name] for name in self._meta.fields]

    def prices(self) -> dict[Product, Decimal | None]:
        return {p: self.cleaned_data[f"price_{p.pk}"] for p in self.products}


class DiscountLimitsForm(forms.Form):
    """The largest discount of each position; empty: that position gives none."""

    def __init__(self, *args, limits=None, **kwargs):
        super().__init__(*args, **kwargs)
        for position, label in Position.choices:
            self.fields[position] = forms.DecimalField(
                label=label,
                required=False,
                min_value=0,
                max_value=100,
                max_digits=5,
                decimal_places=2,
                initial=(limits or {}).get(position),
            )


class SellerForm(forms.ModelForm):
    class Meta:
        model = Seller
        fields = [
            "legal_name",
            "tax_id",
            "kpp",
            "ogrn",
            "address",
            "phone",
            "email",
            "director",
            "accountant",
            "bank_name",
            "bic",
            "account",
            "correspondent_account",
            "payment_days",
        ]


class DocumentTemplateForm(forms.Form):
    kind = forms.ChoiceField(choices=DocumentKind.choices, widget=forms.HiddenInput)
    docx_file = forms.FileField(label=_("Word template (DOCX)"), required=False)
    to_default = forms.BooleanField(label=_("back to the default"), required=False)

    def clean(self):
        data = super().clean()
        if not data.get("docx_file") and not data.get("to_default"):
            raise forms.ValidationError({"docx_file": _("Choose the file to upload.")})
        return data


class UserForm(forms.ModelForm):
    # The interface language is the locale's field (its own helper adds it); not here.
    class Meta:
        model = User
        fields = [
            "first_name",
            "last_name",
            "email",
            "position",
            "department",
            "matrix_leader",
            "working_list_cap",
            "is_active",
        ]


class NewUserForm(UserForm):
    password = forms.CharField(
        label=_("password"), widget=forms.PasswordInput(render_value=True), strip=False
    )

    class Meta(UserForm.Meta):
        fields = ["username", *UserForm.Meta.fields]


class PasswordForm(forms.Form):
    password = forms.CharField(label=_("new password"), widget=forms.PasswordInput, strip=False)


class DepartmentForm(forms.ModelForm):
    class Meta:
        model = Department
        fields = ["name", "kind", "head", "working_list_cap"]
