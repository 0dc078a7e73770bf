from django import forms
from django.utils.translation import gettext_lazy as _

from otdel.catalog.models import Product

from .models import Needs


class NeedsForm(forms.ModelForm):
    products = forms.ModelMultipleChoiceField(
        label=_("Products of interest"), queryset=Product.objects.none(), required=False
    )

    class Meta:
        model = Needs
        fields = (
            "wants",
            "products",
            "volumes",
            "frequency",
            "budget",
            "timing",
            "current_supplier",
            "notes",
        )
        widgets = {
            "wants": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, products, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["products"].queryset = products
