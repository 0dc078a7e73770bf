from django import forms
from django.utils.translation import gettext_lazy as _

# A standard is a text file; one far larger than any company's configuration is refused
# before it is read.
MAX_BYTES = 5 * 1024 * 1024


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Standard file (YAML)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB: not a standard."))
        try:
            return upload.read().decode("utf-8")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(_("Not a text file in UTF-8.")) from error


class DownloadForm(forms.Form):
    version = forms.IntegerField(label=_("Version"), min_value=0)
