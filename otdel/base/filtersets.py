"""The company list's filters, shared by the page, the export and the API."""

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from otdel.org.models import Territory, User
from otdel.stages import config

from .models import ABC_CLASSES, Category, Company, Section, Segment, SizeTag, Source
from .selectors import lookalikes, search_companies

IN_WORK = "in_work"


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
    )
    q = django_filters.CharFilter(
        label=_("Search"), method="search", help_text=_("Name, tax id, phone or e-mail")
    )
    section = django_filters.ChoiceFilter(
        label=_("Section"),
        choices=[*Section.choices, (IN_WORK, _("In work (no section)"))],
        method="filter_section",
    )
    state = django_filters.ChoiceFilter(label=_("State"), choices=stage_choices)
    size_tag = django_filters.ChoiceFilter(label=_("Size tag"), choices=SizeTag.choices)
    abc_class = django_filters.ChoiceFilter(
        label=_("ABC(D) class"), choices=[(c, c) for c in ABC_CLASSES]
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Category"), queryset=Category.objects.all()
    )
    segment = django_filters.ModelChoiceFilter(label=_("Segment"), queryset=Segment.objects.all())
    source = django_filters.ModelChoiceFilter(label=_("Source"), queryset=Source.objects.all())
    territory = django_filters.ModelChoiceFilter(
        label=_("Territory"), queryset=Territory.objects.all()
    )
    owner = django_filters.ModelChoiceFilter(
        label=_("Owner"), queryset=User.objects.filter(is_active=True), null_label=_("Nobody")
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
            "lookalike",
        ]

    def filter_scope(self, queryset: QuerySet[Company], name: str, value: str):
        if value == Scope.MINE:
            return queryset.filter(owner=self.request.user)
        if value == Scope.FREE:
            return queryset.filter(owner__isnull=True, section=Section.TO_CALL)
        return queryset

    def filter_section(self, queryset: QuerySet[Company], name: str, value: str):
        return queryset.filter(section="" if value == IN_WORK else value)

    def filter_lookalike(self, queryset: QuerySet[Company], name: str, value: bool):
        return lookalikes(queryset) if value else queryset

    def search(self, queryset: QuerySet[Company], name: str, value: str):
        return search_companies(queryset, value)
