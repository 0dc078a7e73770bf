"""The company list's filters, shared by the page, the export and the API."""

import contextlib

import django_filters
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from otdel.org.models import Territory, User
from otdel.stages import config

from .models import Category, Company, Phone, Section, Segment, SizeTag, Source
from .rules import fold_name, normalise_phone, phone_search_digits

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
        label=_("Search"), method="search", help_text=_("Name, tax id or phone")
    )
    section = django_filters.ChoiceFilter(
        label=_("Section"),
        choices=[*Section.choices, (IN_WORK, _("In work (no section)"))],
        method="filter_section",
    )
    state = django_filters.ChoiceFilter(label=_("State"), choices=stage_choices)
    size_tag = django_filters.ChoiceFilter(label=_("Size tag"), choices=SizeTag.choices)
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

    class Meta:
        model = Company
        fields = [
            "scope",
            "q",
            "section",
            "state",
            "size_tag",
            "category",
            "segment",
            "source",
            "territory",
            "owner",
        ]

    def filter_scope(self, queryset: QuerySet[Company], name: str, value: str):
        if value == Scope.MINE:
            return queryset.filter(owner=self.request.user)
        if value == Scope.FREE:
            return queryset.filter(owner__isnull=True, section=Section.TO_CALL)
        return queryset

    def filter_section(self, queryset: QuerySet[Company], name: str, value: str):
        return queryset.filter(section="" if value == IN_WORK else value)

    def search(self, queryset: QuerySet[Company], name: str, value: str):
        value = value.strip()
        if not value:
            return queryset
        digits = phone_search_digits(value)
        if digits is None:
            return queryset.filter(
                Q(search_name__contains=fold_name(value)) | Q(tax_id=value.replace(" ", ""))
            )
        # Digits are a tax id or a phone, whole or its tail: indexed look-ups first.
        phones = Phone.objects.filter(number__endswith=digits[-10:])
        with contextlib.suppress(ValidationError):
            phones = Phone.objects.filter(
                number=normalise_phone(value, settings.OTDEL_PHONE_REGION)
            )
        return queryset.filter(
            Q(tax_id=digits) | Q(ogrn=digits) | Q(pk__in=phones.values("company_id"))
        )
