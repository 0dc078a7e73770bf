"""The company list's filters, shared by the page, the export and the API."""

from collections.abc import Callable

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from otdel.org.models import Territory, User
from otdel.stages import config
from otdel.widgets import QuickSelect

from .models import ABC_CLASSES, Category, Company, Section, Segment, SizeTag, Source
from .selectors import lookalikes, search_companies

IN_WORK = "in_work"

# What the apps above base let the list be filtered by (control: a working list's companies
# that need the head, each figure of Control a link to its list): name -> (label, condition).
_ATTENTION: dict[str, tuple[object, Callable[[], Q]]] = {}


def register_attention(name: str, label: object, condition: Callable[[], Q]) -> None:
    _ATTENTION[name] = (label, condition)


def attention_choices() -> list[tuple[str, object]]:
    return [(name, label) for name, (label, _condition) in _ATTENTION.items()]


def stage_choices() -> list[tuple[str, str]]:
    return [(s.code, s.label) for s in config.current().company_states()]


class Scope:
    MINE = "mine"
    FREE = "free"
    ALL = "all"


class CompanyFilter(django_filters.FilterSet):
    scope = django_filters.ChoiceFilter(
        label=_("Companies"),
        choices=[
            (Scope.MINE, _("Mine")),
            (Scope.FREE, _("Free to call")),
            (Scope.ALL, _("All I can see")),
        ],
        method="filter_scope",
        empty_label=None,
        widget=QuickSelect,
    )
    q = django_filters.CharFilter(
        label=_("Search"), method="search", help_text=_("Name, tax id, phone or e-mail")
    )
    section = django_filters.ChoiceFilter(
        label=_("Section"),
        choices=[*Section.choices, (IN_WORK, _("In work (no section)"))],
        method="filter_section",
        widget=QuickSelect,
    )
    state = django_filters.ChoiceFilter(label=_("State"), choices=stage_choices, widget=QuickSelect)
    size_tag = django_filters.ChoiceFilter(
        label=_("Size tag"), choices=SizeTag.choices, widget=QuickSelect
    )
    abc_class = django_filters.ChoiceFilter(
        label=_("ABC(D) class"), choices=[(c, c) for c in ABC_CLASSES], widget=QuickSelect
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Category"), queryset=Category.objects.all(), widget=QuickSelect
    )
    segment = django_filters.ModelChoiceFilter(
        label=_("Segment"), queryset=Segment.objects.all(), widget=QuickSelect
    )
    source = django_filters.ModelChoiceFilter(
        label=_("Source"), queryset=Source.objects.all(), widget=QuickSelect
    )
    territory = django_filters.ModelChoiceFilter(
        label=_("Territory"), queryset=Territory.objects.all(), widget=QuickSelect
    )
    owner = django_filters.ModelChoiceFilter(
        label=_("Owner"),
        queryset=User.objects.filter(is_active=True),
        null_label=_("Nobody"),
        widget=QuickSelect,
    )
    attention = django_filters.ChoiceFilter(
        label=_("Needs attention"),
        choices=attention_choices,
        method="filter_attention",
        widget=QuickSelect,
    )
    lookalike = django_filters.BooleanFilter(
        label=_("Look like A clients"), method="filter_lookalike", widget=forms.CheckboxInput
    )

    class Meta:
        model = Company
        fields = [
            "scope",
            "q",
            "section",
            "state",
            "size_tag",
            "abc_class",
            "category",
            "segment",
            "source",
            "territory",
            "owner",
            "attention",
            "lookalike",
        ]

    def only_searches(self) -> bool:
        """Whether the list asks for all the user may see, with nothing but a search."""
        if not self.is_valid():
            return False
        asked = self.form.cleaned_data
        others = (value for key, value in asked.items() if key not in ("scope", "q"))
        return asked.get("scope") == Scope.ALL and not any(others)

    def filter_scope(self, queryset: QuerySet[Company], name: str, value: str):
        if value == Scope.MINE:
            return queryset.filter(owner=self.request.user)
        if value == Scope.FREE:
            return queryset.filter(owner__isnull=True, section=Section.TO_CALL)
        return queryset

    def filter_section(self, queryset: QuerySet[Company], name: str, value: str):
        return queryset.filter(section="" if value == IN_WORK else value)

    def filter_attention(self, queryset: QuerySet[Company], name: str, value: str):
        return queryset.filter(_ATTENTION[value][1]())

    def filter_lookalike(self, queryset: QuerySet[Company], name: str, value: bool):
        return lookalikes(queryset) if value else queryset

    def search(self, queryset: QuerySet[Company], name: str, value: str):
        return search_companies(queryset, value)
