from django import forms
from django.utils.translation import gettext_lazy as _

from .services import COMMENT_MAX


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("What you found and what the manager is to do"),
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
