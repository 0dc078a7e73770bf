"""The built-in sections of the standard, in the order they are written and applied.

Plans have no templates in Otdel: a sales plan is a period's figures for the departments and
managers (data, not the system), its metrics and periods are fixed in code; so there is no
plans section. The reasons a client chooses us (care.ClientChoice) are fixed in code too; the
big-fish criteria are the care section. Our company's details (documents.Seller) are the
installation's own legal entity and are not carried from one company to another; size rules,
sources and market segments are reference lists kept in the admin, not in the standard.
"""

from collections.abc import Sequence
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from otdel.algorithm.models import PositionsField, RefusalReason, RuleSettings
from otdel.care.models import CareSettings
from otdel.catalog.models import DiscountLimit
from otdel.clients.models import ClientStep
from otdel.pay.models import PayScheme
from otdel.segments.models import SegmentSettings
from otdel.stages.models import Stage

from . import selectors, services
from .sections import Field, Group, register_section

TEXT = str


def _kind(field: Any) -> Any:
    """The type in the file of a model field's value."""
    if isinstance(field, PositionsField | models.ManyToManyField):
        return list
    if isinstance(field, models.BooleanField):
        return bool
    if isinstance(field, models.DecimalField):
        return "decimal"
    if isinstance(field, models.FloatField):
        return float
    if isinstance(field, models.IntegerField):
        return int
    if isinstance(field, models.CharField | models.TextField):
        return TEXT
    raise TypeError(f"{field} has no type in the standard")


def model_fields(
    model: type[models.Model], names: Sequence[str] = (), *, key: str = ""
) -> list[Field]:
    """The fields `names` of the model, or else its editable fields but the id and the item's
    natural key `key`, in the model's order; each typed and nullable as the model says."""
    meta = model._meta
    fields = (
        [meta.get_field(name) for name in names]
        if names
        else [
            f
            for f in [*meta.concrete_fields, *meta.many_to_many]
            if f.editable and not f.primary_key and f.name != key
        ]
    )
    return [Field(f.name, _kind(f), null=f.null) for f in fields]


def register() -> None:
    register_section(
        "algorithm",
        title=_("Algorithm and playbook"),
        export=selectors.algorithm_standard,
        apply=services.algorithm_standard_apply,
        order=100,
        groups=[
            Group("stages", [*model_fields(Stage, key="code"), Field("moves_to", list)]),
            Group("playbook", [Field(name, TEXT) for name in selectors.PLAYBOOK_FIELDS]),
            Group("refusal_reasons", model_fields(RefusalReason, key="name")),
            Group("versions", [Field("snapshot", dict)], key=int),
        ],
    )
    register_section(
        "catalog",
        title=_("Product groups"),
        export=selectors.catalog_standard,
        apply=services.catalog_standard_apply,
        order=150,
        groups=[Group("product_groups", [])],
    )
    register_section(
        "rules",
        title=_("Limits of the method"),
        export=selectors.rules_standard,
        apply=services.rules_standard_apply,
        order=200,
        groups=[
            Group("settings", model_fields(RuleSettings, selectors.RULE_FIELDS), row=True),
            Group("category_deadlines", [Field("work_days", int)]),
            Group("departments", [Field("kind", TEXT), Field("working_list_cap", int, null=True)]),
            Group("discount_limits", model_fields(DiscountLimit, key="position")),
        ],
    )
    register_section(
        "clients",
        title=_("The client algorithm"),
        export=selectors.clients_standard,
        apply=services.clients_standard_apply,
        order=300,
        groups=[Group("steps", model_fields(ClientStep, key="code"))],
    )
    register_section(
        "segments",
        title=_("ABC(D) and hand-off"),
        export=selectors.segments_standard,
        apply=services.segments_standard_apply,
        order=400,
        groups=[
            # In the order the file writes them (the selector's), not the model's.
            Group(
                "settings",
                model_fields(
                    SegmentSettings,
                    (
                        *selectors.SEGMENT_DECIMALS,
                        *selectors.SEGMENT_PLAIN,
                        "handoff_products",
                        "handoff_groups",
                    ),
                ),
                row=True,
            )
        ],
    )
    register_section(
        "care",
        title=_("Big fish"),
        export=selectors.care_standard,
        apply=services.care_standard_apply,
        order=500,
        groups=[Group("settings", model_fields(CareSettings), row=True)],
    )
    register_section(
        "pay",
        title=_("Pay schemes"),
        export=selectors.pay_standard,
        apply=services.pay_standard_apply,
        order=600,
        groups=[
            Group(
                "schemes",
                [
                    *model_fields(PayScheme, (*selectors.SCHEME_DECIMALS, "handoff_share_months")),
                    Field("bonus_steps", list),
                    Field("group_rates", dict),
                ],
            )
        ],
    )
    register_section(
        "documents",
        title=_("Document templates"),
        export=selectors.documents_standard,
        apply=services.documents_standard_apply,
        order=700,
        groups=[Group("templates", [Field("source", TEXT), Field("docx", TEXT)])],
    )
