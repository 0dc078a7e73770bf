"""The funnel's period and cohort, and the weekly report's week: filters read from the address,
so a report can be bookmarked and sent to someone who may see it."""

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from otdel.base.models import Category, Segment, SizeTag, Source
from otdel.org.models import Department, User

from . import rules
from .selectors import reported_departments, reported_managers

# A month of days by default: long enough for a state's median, short enough to steer by.
DEFAULT_DAYS = 28


class FunnelForm(forms.Form):
    # A date input takes ISO dates whatever the reader's language.
    first = forms.DateField(
        label=_("Period from"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    last = forms.DateField(
        label=_("Period to"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    manager = forms.ModelChoiceField(
        label=_("Manager"), queryset=User.objects.none(), required=False, empty_label=_("All")
    )
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.none(),
        required=False,
        empty_label=_("All"),
    )
    source = forms.ModelChoiceField(
        label=_("Source"), queryset=Source.objects.all(), required=False, empty_label=_("All")
    )
    segment = forms.ModelChoiceField(
        label=_("Segment"), queryset=Segment.objects.all(), required=False, empty_label=_("All")
    )
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.all(), required=False, empty_label=_("All")
    )
    size = forms.ChoiceField(
        label=_("Size tag"), choices=[("", _("All")), *SizeTag.choices], required=False
    )

    def __init__(self, data: Any, *, viewer: User, today: date) -> None:
        defaults = {"first": today - timedelta(days=DEFAULT_DAYS - 1), "last": today}
        super().__init__({**defaults, **{k: v for k, v in data.items() if v}})
        self.fields["manager"].queryset = reported_managers(viewer).order_by("last_name", "pk")
        if viewer.leads_people:
            self.fields["department"].queryset = reported_departments(viewer)
        else:  # a manager sees his own funnel: nobody else to choose
            del self.fields["manager"], self.fields["department"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        first, last = data.get("first"), data.get("last")
        if first and last and first > last:
            self.add_error("last", _("The period ends before it begins."))
        if first and last and (last - first).days > 366:
            self.add_error("last", _("A period of at most a year."))
        return data

    def cohort(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data.get(name)
            for name in ("manager", "department", "source", "segment", "category", "size")
        }


def week_from(text: str | None, today: date) -> rules.IsoWeek:
    """The week asked for; by default this week so far, to correct course while it runs (the
    Monday e-mail brings the week just over)."""
    return rules.parse_week(text) if text else rules.week_of(today)
