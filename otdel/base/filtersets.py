"""The company list's filters, shared by the page, the export and the API."""

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from otdel.org.models import Territory, User

from .models import Category, Company, Phone, Section, Segment, SizeTag, Source, State
from .rules import fold_name, phone_search_digits

IN_WORK = "in_work"


class CompanyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="search", help_text=_("Name, tax id or phone")
    )
    section = django_filters.ChoiceFilter(
        label=_("Section"),
        choices=[*Section.choices, (IN_WORK, _("In work (no section)"))],
        method="filter_section",
    )
    state = django_filters.ChoiceFilter(label=_("State"), choices=State.choices)
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
        fields = ["q", "section", "state", "size_tag", "category", "segment", "source",
                  "territory", "owner"]  # fmt: skip

    def filter_section(self, queryset: QuerySet[Company], name: str, value: str):
        return queryset.filter(section="" if value == IN_WORK else value)

    def search(self, queryset: QuerySet[Company], name: str, value: str):
        value = value.strip()
        if not value:
            return queryset
        condition = Q(search_name__contains=fold_name(value)) | Q(tax_id=value.replace(" ", ""))
        digits = phone_search_digits(value)
        if digits:
            # Local numbers are typed with a trunk prefix (8 or 0); match on the last digits.
            tail = digits[-10:] if len(digits) > 10 else digits
            condition |= Q(
                Exists(Phone.objects.filter(company=OuterRef("pk"), number__endswith=tail))
            )
        return queryset.filter(condition)
