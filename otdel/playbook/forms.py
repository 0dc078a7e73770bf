from django import forms
from django.utils.translation import gettext_lazy as _

from otdel.org.models import User
from otdel.stages import config
from otdel.widgets import NoLabelSuffix

from .models import CallKind, Objection


def _stage_choices() -> list[tuple[str, str]]:
    return [(s.code, s.label) for s in config.current().company_states()]


class StandardForm(NoLabelSuffix, forms.Form):
    text = forms.CharField(
        label=_("Cold-call standard"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )


class ScriptForm(NoLabelSuffix, forms.Form):
    state = forms.ChoiceField(label=_("Stage"))
    call_kind = forms.ChoiceField(label=_("Kind of call"), choices=CallKind.choices)
    text = forms.CharField(
        label=_("Script"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Empty: the script is removed."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = _stage_choices()


class ObjectionForm(NoLabelSuffix, forms.Form):
    words = forms.CharField(
        label=_("What the client says"),
        max_length=300,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. «дорого»")}),
    )
    states = forms.MultipleChoiceField(
        label=_("Stages it comes up at"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None: any stage."),
    )
    tags = forms.CharField(label=_("Tags"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["states"].choices = _stage_choices()


class AnswerForm(NoLabelSuffix, forms.Form):
    text = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 3}))
    case_client = forms.CharField(
        label=_("Third-party effect: the client"), max_length=200, required=False
    )
    case_story = forms.CharField(
        label=_("Third-party effect: the story"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DrillForm(NoLabelSuffix, forms.Form):
    objection = forms.ModelChoiceField(label=_("Objection"), queryset=Objection.objects.all())
    manager = forms.ModelChoiceField(label=_("Manager"), queryset=User.objects.none())

    def __init__(self, *args, managers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manager"].queryset = managers


class DrillAnswerForm(NoLabelSuffix, forms.Form):
    text = forms.CharField(label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 4}))


class DrillScoreForm(NoLabelSuffix, forms.Form):
    # No score is chosen beforehand: the head picks one himself (a preset 5 was sent unread).
    score = forms.TypedChoiceField(
        label=_("Score"),
        coerce=int,
        choices=[("", "—"), *((n, str(n)) for n in range(1, 6))],
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
