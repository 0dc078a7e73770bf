"""The built-in sections of the standard, in the order they are written and applied.

Plans have no templates in Otdel: a sales plan is a period's figures for the departments and
managers (data, not the system), its metrics and periods are fixed in code; so there is no
plans section. The reasons a client chooses us (care.ClientChoice) are fixed in code too; the
big-fish criteria are the care section. Our company's details (documents.Seller) are the
installation's own legal entity and are not carried from one company to another; size rules,
sources and market segments are reference lists kept in the admin, not in the standard.
"""

from django.utils.translation import gettext_lazy as _

from . import selectors, services
from .sections import Field, Group, register_section

TEXT = str


def register() -> None:
    register_section(
        "algorithm",
        title=_("Algorithm and playbook"),
        export=selectors.algorithm_standard,
        apply=services.algorithm_standard_apply,
        order=100,
        groups=[
            Group(
                "stages",
                [
                    Field("name", TEXT),
                    Field("name_en", TEXT),
                    Field("position", int),
                    Field("kind", TEXT),
                    Field("moves_to", list),
                ],
            ),
            Group("playbook", [Field(name, TEXT) for name in selectors.PLAYBOOK_FIELDS]),
            Group("refusal_reasons", [Field("section", TEXT), Field("active", bool)]),
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
            Group(
                "settings",
                [
                    Field(
                        name,
                        {
                            "meeting_checklist": TEXT,
                            "deal_starts_on": TEXT,
                            "language": TEXT,
                            "payment_positions": list,
                            "two_factor_positions": list,
                        }.get(name, int),
                    )
                    for name in selectors.RULE_FIELDS
                ],
                row=True,
            ),
            Group("category_deadlines", [Field("work_days", int)]),
            Group("departments", [Field("kind", TEXT), Field("working_list_cap", int, null=True)]),
            Group("discount_limits", [Field("max_percent", "decimal")]),
        ],
    )
    register_section(
        "clients",
        title=_("The client algorithm"),
        export=selectors.clients_standard,
        apply=services.clients_standard_apply,
        order=300,
        groups=[
            Group(
                "steps",
                [
                    Field("name", TEXT),
                    Field("name_en", TEXT),
                    Field("position", int),
                    Field("kind", TEXT),
                    Field("interval_days", int),
                    Field("playbook", TEXT),
                ],
            )
        ],
    )
    register_section(
        "segments",
        title=_("ABC(D) and hand-off"),
        export=selectors.segments_standard,
        apply=services.segments_standard_apply,
        order=400,
        groups=[
            Group(
                "settings",
                [
                    Field("a_share", "decimal"),
                    Field("b_share", "decimal"),
                    Field("handoff_min_volume", "decimal", null=True),
                    Field("handoff_min_monthly", "decimal", null=True),
                    Field("weight_potential", float),
                    Field("weight_margin", float),
                    Field("weight_frequency", float),
                    Field("d_below", float),
                    Field("handoff_match_all", bool),
                    Field("handoff_min_orders", int, null=True),
                    Field("handoff_volume_days", int),
                    Field("handoff_products", list),
                    Field("handoff_groups", list),
                ],
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
        groups=[
            Group(
                "settings",
                [
                    Field("big_fish_min_employees", int, null=True),
                    Field("big_fish_min_revenue", "decimal", null=True),
                    Field("big_fish_high_potential", bool),
                ],
                row=True,
            )
        ],
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
                    *(
                        Field(
                            name,
                            "decimal",
                            null=name.endswith("below_percent") or name == "kpi_floor_percent",
                        )
                        for name in selectors.SCHEME_DECIMALS
                    ),
                    Field("handoff_share_months", int),
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
