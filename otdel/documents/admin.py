from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import DocumentTemplate, Seller


@admin.register(Seller)
class SellerAdmin(admin.ModelAdmin):
    list_display = ["legal_name", "tax_id", "bank_name"]

    def has_add_permission(self, request) -> bool:
        return not Seller.objects.exists()  # one row: our company


class DocumentTemplateForm(forms.ModelForm):
    docx_file = forms.FileField(
        label=_("Word template (DOCX)"),
        required=False,
        help_text=_(
            "Download the default from the deal page's document list, change it in "
            "Word keeping the {{ ... }} tags, upload it here."
        ),
    )

    class Meta:
        model = DocumentTemplate
        fields = ["kind", "source"]

    def save(self, commit: bool = True) -> DocumentTemplate:
        template = super().save(commit=False)
        upload = self.cleaned_data.get("docx_file")
        if upload:
            template.docx = upload.read()
        if commit:
            template.save()
        return template


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(admin.ModelAdmin):
    form = DocumentTemplateForm
    list_display = ["kind", "updated_at"]
