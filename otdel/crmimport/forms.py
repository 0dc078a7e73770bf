from django import forms
from django.utils.translation import gettext_lazy as _

from otdel.prospecting.forms import FIELD_LABELS as PROSPECT_LABELS
from otdel.stages import config

from .models import Export

FIELD_LABELS = {
    "name": PROSPECT_LABELS["name"],
    "contact": PROSPECT_LABELS["contact"],
    "tax_id": PROSPECT_LABELS["tax_id"],
    "phones": PROSPECT_LABELS["phones"],
    "emails": PROSPECT_LABELS["emails"],
    "website": PROSPECT_LABELS["website"],
    "address": PROSPECT_LABELS["address"],
    "deal": _("Deal title"),
    "stage": _("Deal stage"),
    "amount": _("Deal amount"),
    "currency": _("Currency"),
    "manager": _("Responsible manager"),
    "created": _("Created on"),
    "closed": _("Closed on"),
    "task": _("Task"),
    "task_kind": _("Task type"),
    "due": _("Task due"),
    "done": _("Task done"),
}


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Export file (CSV or XLSX)"))
    source = forms.ChoiceField(
        label=_("Exported from"), choices=Export.choices, initial=Export.AMOCRM
    )


class StagesForm(forms.Form):
    """Which stage of the algorithm each stage of the CRM is (remembered for the CRM)."""

    def __init__(self, *args, stages: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.stage_of_field: dict[str, str] = {}
        choices = [("", "—"), *((s.code, s.label) for s in config.current().company_states())]
        for n, (stage, code) in enumerate(stages.items()):
            name = f"stage_{n}"
            self.stage_of_field[name] = stage
            self.fields[name] = forms.ChoiceField(
                label=stage, choices=choices, initial=code, required=False
            )

    def stages(self) -> dict[str, str]:
        return {stage: self.cleaned_data[name] for name, stage in self.stage_of_field.items()}
