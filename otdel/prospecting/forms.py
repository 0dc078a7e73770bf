from django import forms
from django.utils.translation import gettext_lazy as _

from otdel.base.models import Source
from otdel.org.models import User
from otdel.org.selectors import assignable_owners


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
