from django import forms
from django.utils.translation import gettext_lazy as _

from otdel.catalog.models import Product
from otdel.stages import config
from otdel.widgets import NoLabelSuffix

from .models import MaterialKind


def _state_choices() -> list[tuple[str, str]]:
    return [(stage.code, stage.label) for stage in config.current().company_states()]


class LibraryFilter(NoLabelSuffix, forms.Form):
    q = forms.CharField(label=_("Title or tag"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    state = forms.ChoiceField(label=_("Stage"), required=False)
    product = forms.ModelChoiceField(
        label=_("Product"), queryset=Product.objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Any kind")), *MaterialKind.choices]
        self.fields["state"].choices = [("", _("Any stage")), *_state_choices()]
        self.fields["product"].queryset = Product.objects.filter(is_active=True).order_by("name")
        self.fields["product"].empty_label = _("Any product")


class MaterialForm(NoLabelSuffix, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=MaterialKind.choices)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    tags = forms.CharField(label=_("Tags"), required=False, max_length=300)
    products = forms.ModelMultipleChoiceField(
        label=_("Products"), queryset=Product.objects.none(), required=False
    )
    states = forms.MultipleChoiceField(
        label=_("Sent at the stages"), required=False, widget=forms.CheckboxSelectMultiple
    )
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, configures: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["products"].queryset = Product.objects.order_by("name")
        self.fields["states"].choices = _state_choices()
        if not configures:
            del self.fields["active"]


class NewMaterialForm(MaterialForm):
    file = forms.FileField(label=_("File"), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class VersionForm(NoLabelSuffix, forms.Form):
    file = forms.FileField(label=_("File"), required=False)
    note = forms.CharField(label=_("What changed"), required=False, max_length=300)


class SendForm(NoLabelSuffix, forms.Form):
    email_to = forms.CharField(required=False, max_length=254)
