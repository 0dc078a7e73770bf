"""Reads of the standard: each built-in section's configuration as plain data (natural keys,
no database ids, no people), and the whole standard as the file writes it."""

import base64

from otdel.algorithm.models import AlgorithmVersion, PlaybookStep, RefusalReason, RuleSettings
from otdel.base.models import Category
from otdel.care.models import CareSettings
from otdel.catalog.models import DiscountLimit, ProductGroup
from otdel.clients.models import ClientStep
from otdel.documents.models import DocumentTemplate
from otdel.org.models import Department
from otdel.pay.models import PayScheme
from otdel.segments.models import SegmentSettings
from otdel.stages.models import Stage, Transition

from . import rules
from .models import StandardState
from .sections import Data, sections

PLAYBOOK_FIELDS = ("actions", "materials", "checklist", "script", "objections")
RULE_FIELDS = tuple(f.name for f in RuleSettings._meta.concrete_fields if f.name != "id")
SCHEME_DECIMALS = (
    "base_salary",
    "new_percent",
    "repeat_percent",
    "hunter_share_percent",
    "penalty_below_percent",
    "penalty",
    "kpi_floor_percent",
    "kpi_multiplier",
)
SEGMENT_DECIMALS = ("a_share", "b_share", "handoff_min_volume", "handoff_min_monthly")
SEGMENT_PLAIN = (
    "weight_potential",
    "weight_margin",
    "weight_frequency",
    "d_below",
    "handoff_match_all",
    "handoff_min_orders",
    "handoff_volume_days",
)


def algorithm_standard() -> Data:
    moves: dict[str, list[str]] = {}
    for source, target in Transition.objects.values_list("source__code", "target__code"):
        moves.setdefault(source, []).append(target)
    return {
        "stages": {
            s.code: {
                "name": s.name,
                "name_en": s.name_en,
                "position": s.position,
                "kind": s.kind,
                "moves_to": sorted(moves.get(s.code, [])),
            }
            for s in Stage.objects.all()
        },
        "playbook": {
            step["state"]: {name: step[name] for name in PLAYBOOK_FIELDS}
            for step in PlaybookStep.objects.values("state", *PLAYBOOK_FIELDS)
        },
        "refusal_reasons": {
            r.name: {"section": r.section, "active": r.active} for r in RefusalReason.objects.all()
        },
        "versions": {
            number: {"snapshot": snapshot}
            for number, snapshot in AlgorithmVersion.objects.values_list("number", "snapshot")
        },
    }


def rules_standard() -> Data:
    settings = RuleSettings.load()
    return {
        "settings": {name: getattr(settings, name) for name in RULE_FIELDS},
        "category_deadlines": {
            name: {"work_days": days}
            for name, days in Category.objects.filter(work_days__isnull=False).values_list(
                "name", "work_days"
            )
        },
        "departments": {
            d.name: {"kind": d.kind, "working_list_cap": d.working_list_cap}
            for d in Department.objects.all()
        },
        "discount_limits": {
            d.position: {"max_percent": rules.decimal_text(d.max_percent)}
            for d in DiscountLimit.objects.all()
        },
    }


def catalog_standard() -> Data:
    return {
        "product_groups": {name: {} for name in ProductGroup.objects.values_list("name", flat=True)}
    }


def clients_standard() -> Data:
    return {
        "steps": {
            s.code: {
                "name": s.name,
                "name_en": s.name_en,
                "position": s.position,
                "kind": s.kind,
                "interval_days": s.interval_days,
                "playbook": s.playbook,
            }
            for s in ClientStep.objects.all()
        }
    }


def segments_standard() -> Data:
    s = SegmentSettings.load()
    row: Data = {name: rules.decimal_text(getattr(s, name)) for name in SEGMENT_DECIMALS}
    row |= {name: getattr(s, name) for name in SEGMENT_PLAIN}
    row["handoff_products"] = sorted(s.handoff_products.values_list("code", flat=True))
    row["handoff_groups"] = sorted(s.handoff_groups.values_list("name", flat=True))
    return {"settings": row}


def care_standard() -> Data:
    s = CareSettings.load()
    return {
        "settings": {
            "big_fish_min_employees": s.big_fish_min_employees,
            "big_fish_min_revenue": rules.decimal_text(s.big_fish_min_revenue),
            "big_fish_high_potential": s.big_fish_high_potential,
        }
    }


def pay_standard() -> Data:
    schemes = {}
    for scheme in PayScheme.objects.prefetch_related("group_rates__group"):
        row: Data = {name: rules.decimal_text(getattr(scheme, name)) for name in SCHEME_DECIMALS}
        row["handoff_share_months"] = scheme.handoff_share_months
        row["bonus_steps"] = [
            [rules.decimal_text(step), rules.decimal_text(bonus)]
            for step, bonus in scheme.bonus_steps
        ]
        row["group_rates"] = {
            rate.group.name: rules.decimal_text(rate.percent) for rate in scheme.group_rates.all()
        }
        schemes[scheme.name] = row
    return {"schemes": schemes}


def documents_standard() -> Data:
    return {
        "templates": {
            t.kind: {
                "source": t.source,
                "docx": base64.b64encode(bytes(t.docx)).decode("ascii") if t.docx else "",
            }
            for t in DocumentTemplate.objects.all()
        }
    }


def current_version() -> int:
    return StandardState.load().version


def standard_data(names: list[str] | None = None) -> dict[str, Data]:
    """Every registered section's configuration now (or the named ones)."""
    return {s.name: s.export() for s in sections() if names is None or s.name in names}


def standard_text(*, version: int | None = None) -> str:
    """The standard file of this installation, the same bytes for the same configuration."""
    number = current_version() if version is None else version
    return rules.dump(rules.canonical(sections(), number, standard_data()))
