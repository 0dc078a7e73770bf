from django import forms
from django.utils.translation import gettext_lazy as _

from otdel.materials.models import Material

from .models import Audience


class CourseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    audience = forms.ChoiceField(label=_("For whom"), choices=Audience.choices)
    passing_score = forms.IntegerField(
        label=_("Passing score, %"), min_value=0, max_value=100, initial=80
    )
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)


class LessonForm(forms.Form):
    title = forms.CharField(label=_("Lesson"), max_length=200)
    text = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    material = forms.ModelChoiceField(
        label=_("Material"), queryset=Material.objects.none(), required=False
    )

    def __init__(self, *args, materials, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["material"].queryset = materials
        self.fields["material"].empty_label = _("No material")


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), max_length=500)
    options = forms.CharField(
        label=_("Answers, one a line; the correct ones start with *"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    multiple = forms.BooleanField(label=_("Several answers"), required=False)
