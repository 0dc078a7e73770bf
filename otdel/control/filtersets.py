"""The board's filters (issue 14): whose working list, which state, segment, ABC(D) class and
size. A manager sees his own board; those who lead people see their team's, or one manager's."""

import django_filters
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from otdel.base.models import ABC_CLASSES, Company, Segment, SizeTag
from otdel.org.models import User
from otdel.org.selectors import assignable_owners
from otdel.stages import config


def board_state_choices() -> list[tuple[str, str]]:
    algorithm = config.current()
    return [(code, algorithm.label(code)) for code in algorithm.board]


class BoardFilter(django_filters.FilterSet):
    manager = django_filters.ModelChoiceFilter(
        label=_("Manager"), field_name="owner", queryset=User.objects.none(), empty_label=_("Me")
    )
    state = django_filters.ChoiceFilter(label=_("State"), choices=board_state_choices)
    segment = django_filters.ModelChoiceFilter(label=_("Segment"), queryset=Segment.objects.all())
    abc_class = django_filters.ChoiceFilter(
        label=_("ABC(D) class"), choices=[(c, c) for c in ABC_CLASSES]
    )
    size_tag = django_filters.ChoiceFilter(label=_("Size tag"), choices=SizeTag.choices)

    class Meta:
        model = Company
        fields = ["manager", "state", "segment", "abc_class", "size_tag"]

    def __init__(self, data, *, request: HttpRequest) -> None:
        board = Company.objects.filter(section="", state__in=config.current().board)
        super().__init__(data, queryset=board, request=request)
        # The managers within the user's reach (himself only, for a manager).
        self.filters["manager"].queryset = assignable_owners(request.user)
        if request.user.leads_people:
            self.filters["manager"].extra["empty_label"] = _("My team")

    def filter_queryset(self, queryset: QuerySet[Company]) -> QuerySet[Company]:
        if not self.form.cleaned_data.get("manager"):
            user = self.request.user
            team = assignable_owners(user) if user.leads_people else [user]
            queryset = queryset.filter(owner__in=team)
        return super().filter_queryset(queryset)
