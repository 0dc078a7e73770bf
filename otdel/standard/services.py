"""The import of a standard: the installation made to match the file, all or nothing.

`standard_import` reads and checks the file first (rules.parse), then applies every section the
file has in one transaction, each through its app's services: settings rows through
`settings_row_save` (validated by the model and logged in Settings' changes), pay schemes,
client steps, departments, discount limits, hand-off and big-fish settings through their own
`*_save`/`*_update`/`*_set`. The algorithm's rows are saved one by one the same way and kept as
ONE new algorithm version at the end (not one a row, as a page's save does), and only when the
algorithm and limits differ from the last version: an import that changes nothing, or brings a
system whose last version is its current state, adds none, so export → import → export gives
the same file. The versions of the file's history this installation lacks are added as they
were (without their author: people are not in the standard). Only where no service exists
(stage moves, pay rates by product group, product groups, category deadlines, removals) are
the models written directly, inside the same transaction, with a line in Settings' log.

A refusal anywhere (a service's ValidationError, a name the file uses that is not here) rolls
everything back and names the section, the item and the field. A dry run applies the file the
same way and rolls it back, so it refuses what the import would refuse.
"""

import base64
import binascii
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from otdel.algorithm.models import AlgorithmVersion, PlaybookStep, RefusalReason, RuleSettings
from otdel.algorithm.services import algorithm_snapshot
from otdel.base.models import Category, Company
from otdel.care.services import care_settings_update
from otdel.catalog.models import DiscountLimit, Product, ProductGroup
from otdel.catalog.services import discount_limits_set
from otdel.clients.models import ClientPlan, ClientStep
from otdel.clients.services import client_step_save
from otdel.documents.models import DocumentTemplate
from otdel.documents.services import document_template_set
from otdel.org.models import Department, Position, SettingsSection
from otdel.org.services import department_save, settings_change_record, settings_row_save
from otdel.pay.models import GroupRate, PayAssignment, PayScheme
from otdel.pay.services import pay_scheme_save
from otdel.segments.services import segment_settings_update
from otdel.stages import config
from otdel.stages.models import Stage, Transition

from . import rules, selectors
from .models import StandardState
from .sections import Data, StandardRefused, sections

Notes = list[str]
# The sections whose rows make up an algorithm version's snapshot.
VERSIONED = ("algorithm", "rules")


@contextmanager
def _at(*place: Any) -> Iterator[None]:
    """A service's refusal, named by its place in the standard."""
    try:
        yield
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            name, errors = next(iter(error.message_dict.items()))
            where = place if name == "__all__" else (*place, name)
            raise StandardRefused(" ".join(errors), place=where) from error
        raise StandardRefused(" ".join(error.messages), place=place) from error


def _removed(section: str, subject: Any, acting_user: Any) -> None:
    settings_change_record(
        section=section,
        subject=str(subject),
        changes={_("removed by the standard"): (str(subject), "")},
        acting_user=acting_user,
    )


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _number(value: Any) -> int | float:
    """A figure kept in a JSON field: whole numbers as such."""
    number = Decimal(str(value))
    return int(number) if number == number.to_integral_value() else float(number)


# The algorithm: stages and moves, playbook, refusal reasons, the history of versions.


def _restore_versions(versions: Data) -> Notes:
    notes = []
    have: dict[Any, Any] = dict(AlgorithmVersion.objects.values_list("number", "snapshot"))
    for number in sorted(versions):
        snapshot = versions[number]["snapshot"]
        if number not in have:
            AlgorithmVersion.objects.create(number=number, snapshot=snapshot)
        elif have[number] != snapshot:
            notes.append(
                _("Algorithm version %(n)s: this installation's own is kept.") % {"n": number}
            )
    return notes


def _check_stages(stages: Data) -> None:
    kinds = [item["kind"] for item in stages.values()]
    for kind in config.REQUIRED_KINDS:
        if kind not in kinds:
            raise StandardRefused(
                _("The algorithm needs a stage of the kind “%(kind)s”.") % {"kind": kind},
                place=("algorithm", "stages"),
            )
    for code, item in stages.items():
        for target in item["moves_to"]:
            if target not in stages or target == code:
                raise StandardRefused(
                    _("No stage %(code)s to move to.") % {"code": target},
                    place=("algorithm", "stages", code, "moves_to"),
                )


def _apply_stages(stages: Data, acting_user: Any) -> None:
    _check_stages(stages)
    existing = {s.code: s for s in Stage.objects.all()}
    for code, item in stages.items():
        row = existing.get(code) or Stage(code=code)
        changes = {name: item[name] for name in ("name", "name_en", "position", "kind")}
        with _at("algorithm", "stages", code):
            existing[code] = settings_row_save(
                row=row,
                changes=changes if row.pk else {"code": code, **changes},
                section=SettingsSection.ALGORITHM,
                acting_user=acting_user,
            )
    for code in sorted(set(existing) - set(stages)):
        in_it = Company.objects.filter(state=code).count()
        if in_it:
            raise StandardRefused(
                _("%(n)s companies are at this stage: move them before it is removed.")
                % {"n": in_it},
                place=("algorithm", "stages", code),
            )
        _removed(SettingsSection.ALGORITHM, existing.pop(code), acting_user)
        Stage.objects.filter(code=code).delete()
    have = set(Transition.objects.values_list("source__code", "target__code"))
    want = {(code, target) for code, item in stages.items() for target in item["moves_to"]}
    for source, target in sorted(have - want):
        Transition.objects.filter(source__code=source, target__code=target).delete()
    Transition.objects.bulk_create(
        Transition(source=existing[source], target=existing[target])
        for source, target in sorted(want - have)
    )
    for source in sorted({s for s, _t in have ^ want}):
        settings_change_record(
            section=SettingsSection.ALGORITHM,
            subject=str(existing[source]),
            changes={
                _("moves to"): (
                    ", ".join(sorted(t for s, t in have if s == source)),
                    ", ".join(sorted(t for s, t in want if s == source)),
                )
            },
            acting_user=acting_user,
        )
    config.forget()


def algorithm_standard_apply(data: Data, acting_user: Any) -> Notes:
    notes = _restore_versions(data["versions"])
    _apply_stages(data["stages"], acting_user)
    steps = {s.state: s for s in PlaybookStep.objects.all()}
    for state, item in data["playbook"].items():
        with _at("algorithm", "playbook", state):
            row = steps.get(state) or PlaybookStep(state=state)
            settings_row_save(
                row=row,
                changes=dict(item),
                section=SettingsSection.ALGORITHM,
                acting_user=acting_user,
                subject=_("Playbook: %(state)s") % {"state": state},
            )
    for state in sorted(set(steps) - set(data["playbook"])):
        _removed(
            SettingsSection.ALGORITHM, _("Playbook: %(state)s") % {"state": state}, acting_user
        )
        steps[state].delete()
    reasons = {r.name: r for r in RefusalReason.objects.all()}
    for name, item in data["refusal_reasons"].items():
        with _at("algorithm", "refusal_reasons", name):
            settings_row_save(
                row=reasons.get(name) or RefusalReason(name=name),
                changes=dict(item),
                section=SettingsSection.ALGORITHM,
                acting_user=acting_user,
            )
    for name in sorted(set(reasons) - set(data["refusal_reasons"])):
        # A reason is switched off, never deleted: companies refused for it keep it.
        if reasons[name].active:
            settings_row_save(
                row=reasons[name],
                changes={"active": False},
                section=SettingsSection.ALGORITHM,
                acting_user=acting_user,
            )
        notes.append(_("Refusal reason “%(name)s” is kept, switched off.") % {"name": name})
    return notes


# The limits: the method's rules, deadlines by category, department caps, discounts.


def rules_standard_apply(data: Data, acting_user: Any) -> Notes:
    notes = []
    unknown = [p for p in data["settings"]["payment_positions"] if p not in Position.values]
    if unknown:
        raise StandardRefused(
            _("Unknown position: %(position)s.") % {"position": unknown[0]},
            place=("rules", "settings", "payment_positions"),
        )
    with _at("rules", "settings"):
        settings_row_save(
            row=RuleSettings.load(),
            changes=dict(data["settings"]),
            section=SettingsSection.RULES,
            acting_user=acting_user,
        )
    categories = {c.name: c for c in Category.objects.all()}
    for name, item in data["category_deadlines"].items():
        with _at("rules", "category_deadlines", name):
            settings_row_save(
                row=categories.get(name) or Category(name=name),
                changes={"work_days": item["work_days"]},
                section=SettingsSection.RULES,
                acting_user=acting_user,
            )
    for name, category in sorted(categories.items()):
        if name not in data["category_deadlines"] and category.work_days is not None:
            settings_row_save(
                row=category,
                changes={"work_days": None},
                section=SettingsSection.RULES,
                acting_user=acting_user,
            )
    departments = {d.name: d for d in Department.objects.all()}
    for name, item in data["departments"].items():
        department = departments.get(name)
        with _at("rules", "departments", name):
            department_save(
                department=department,
                changes=dict(item) if department else {"name": name, **item},
                acting_user=acting_user,
            )
    for name in sorted(set(departments) - set(data["departments"])):
        notes.append(
            _("Department “%(name)s” is kept: its people are not in the standard.") % {"name": name}
        )
    limits: dict[str, Decimal | None] = dict.fromkeys(
        DiscountLimit.objects.values_list("position", flat=True)
    )
    limits |= {p: _decimal(item["max_percent"]) for p, item in data["discount_limits"].items()}
    with _at("rules", "discount_limits"):
        discount_limits_set(limits=limits, acting_user=acting_user)
    return notes


def catalog_standard_apply(data: Data, acting_user: Any) -> Notes:
    notes = []
    groups = set(ProductGroup.objects.values_list("name", flat=True))
    for name in sorted(set(data["product_groups"]) - groups):
        with _at("catalog", "product_groups", name):
            settings_row_save(
                row=ProductGroup(name=name),
                changes={},
                section=SettingsSection.PRICES,
                acting_user=acting_user,
            )
            settings_change_record(
                section=SettingsSection.PRICES,
                subject=name,
                changes={_("product group"): ("", name)},
                acting_user=acting_user,
            )
    for name in sorted(groups - set(data["product_groups"])):
        group = ProductGroup.objects.get(name=name)
        if group.products.exists() or group.managers.exists():
            notes.append(
                _("Product group “%(name)s” is kept: it has products or managers.") % {"name": name}
            )
            continue
        GroupRate.objects.filter(group=group).delete()
        _removed(SettingsSection.PRICES, group, acting_user)
        group.delete()
    return notes


# The client algorithm, hand-off and ABC(D), big fish.


def clients_standard_apply(data: Data, acting_user: Any) -> Notes:
    steps = {s.code: s for s in ClientStep.objects.all()}
    for code, item in data["steps"].items():
        step = steps.get(code)
        with _at("clients", "steps", code):
            client_step_save(
                step=step,
                changes=dict(item) if step else {"code": code, **item},
                acting_user=acting_user,
            )
    for code in sorted(set(steps) - set(data["steps"])):
        waiting = ClientPlan.objects.filter(step=steps[code]).count()
        if waiting:
            raise StandardRefused(
                _("%(n)s clients have it as their next step: it cannot be removed.")
                % {"n": waiting},
                place=("clients", "steps", code),
            )
        _removed(SettingsSection.ALGORITHM, steps[code], acting_user)
        steps[code].delete()
    return []


def segments_standard_apply(data: Data, acting_user: Any) -> Notes:
    row = dict(data["settings"])
    for name in selectors.SEGMENT_DECIMALS:
        row[name] = _decimal(row[name])
    codes = row["handoff_products"]
    products = list(Product.objects.filter(code__in=codes))
    missing = sorted(set(codes) - {p.code for p in products})
    if missing:
        raise StandardRefused(
            _("No product with the code %(code)s here (products are data: load them first).")
            % {"code": missing[0]},
            place=("segments", "settings", "handoff_products"),
        )
    groups = list(ProductGroup.objects.filter(name__in=row["handoff_groups"]))
    missing = sorted(set(row["handoff_groups"]) - {g.name for g in groups})
    if missing:
        raise StandardRefused(
            _("No product group “%(name)s”.") % {"name": missing[0]},
            place=("segments", "settings", "handoff_groups"),
        )
    row["handoff_products"], row["handoff_groups"] = products, groups
    with _at("segments", "settings"):
        segment_settings_update(changes=row, acting_user=acting_user)
    return []


def care_standard_apply(data: Data, acting_user: Any) -> Notes:
    row = dict(data["settings"])
    row["big_fish_min_revenue"] = _decimal(row["big_fish_min_revenue"])
    with _at("care", "settings"):
        care_settings_update(changes=row, acting_user=acting_user)
    return []


# Pay schemes and document templates.


def _bonus_steps(steps: list, place: tuple[str, ...]) -> list[list[int | float]]:
    try:
        return [[_number(step), _number(bonus)] for step, bonus in steps]
    except (TypeError, ValueError, ArithmeticError) as error:
        raise StandardRefused(_("Pairs of a plan % and a bonus."), place=place) from error


def pay_standard_apply(data: Data, acting_user: Any) -> Notes:
    notes = []
    schemes = {s.name: s for s in PayScheme.objects.all()}
    groups = {g.name: g for g in ProductGroup.objects.all()}
    for name, item in data["schemes"].items():
        place = ("pay", "schemes", name)
        changes: dict[str, Any] = {f: _decimal(item[f]) for f in selectors.SCHEME_DECIMALS}
        changes["handoff_share_months"] = item["handoff_share_months"]
        changes["bonus_steps"] = _bonus_steps(item["bonus_steps"], (*place, "bonus_steps"))
        scheme = schemes.get(name)
        with _at(*place):
            scheme = pay_scheme_save(
                scheme=scheme,
                changes=changes if scheme else {"name": name, **changes},
                acting_user=acting_user,
            )
        rates = {r.group.name: r for r in scheme.group_rates.select_related("group")}
        for group_name, percent in item["group_rates"].items():
            if group_name not in groups:
                raise StandardRefused(
                    _("No product group “%(name)s”.") % {"name": group_name},
                    place=(*place, "group_rates"),
                )
            with _at(*place, "group_rates", group_name):
                settings_row_save(
                    row=rates.get(group_name) or GroupRate(scheme=scheme, group=groups[group_name]),
                    changes={"percent": _decimal(percent)},
                    section=SettingsSection.PAY,
                    acting_user=acting_user,
                    subject=f"{scheme}: {group_name}",
                )
        for group_name in sorted(set(rates) - set(item["group_rates"])):
            _removed(SettingsSection.PAY, rates[group_name], acting_user)
            rates[group_name].delete()
    for name in sorted(set(schemes) - set(data["schemes"])):
        if PayAssignment.objects.filter(scheme=schemes[name]).exists():
            notes.append(
                _("Pay scheme “%(name)s” is kept: managers are paid by it.") % {"name": name}
            )
            continue
        _removed(SettingsSection.PAY, schemes[name], acting_user)
        schemes[name].delete()
    return notes


def documents_standard_apply(data: Data, acting_user: Any) -> Notes:
    templates = {t.kind: t for t in DocumentTemplate.objects.all()}
    for kind, item in data["templates"].items():
        place = ("documents", "templates", kind)
        try:
            docx = base64.b64decode(item["docx"], validate=True)
        except (binascii.Error, ValueError) as error:
            raise StandardRefused(_("Not base64."), place=(*place, "docx")) from error
        with _at(*place):
            template = settings_row_save(
                row=templates.get(kind) or DocumentTemplate(kind=kind),
                changes={"source": item["source"]},
                section=SettingsSection.COMPANY,
                acting_user=acting_user,
            )
            if bytes(template.docx) != docx:
                document_template_set(kind=kind, docx=docx or None, acting_user=acting_user)
    for kind in sorted(set(templates) - set(data["templates"])):
        _removed(SettingsSection.COMPANY, templates[kind], acting_user)
        templates[kind].delete()
    return []


# The import.


@dataclass
class ImportReport:
    version: int
    diffs: list[rules.SectionDiff]
    notes: list[str] = field(default_factory=list)
    dry_run: bool = False
    new_algorithm_version: int | None = None

    @property
    def changed(self) -> bool:
        return bool(self.diffs)


class _RolledBack(Exception):
    pass


def algorithm_version_keep(acting_user: Any) -> int | None:
    """One new version of the algorithm for the whole import, when it differs from the last."""
    last = AlgorithmVersion.objects.order_by("-number").first()
    new = algorithm_snapshot(acting_user=acting_user)
    new.refresh_from_db()
    if last is not None and last.snapshot == new.snapshot:
        new.delete()
        return None
    return new.number


def standard_import(*, text: str | bytes, acting_user: Any, dry_run: bool = False) -> ImportReport:
    """Make this installation follow the standard in `text` (all or nothing). Raises
    StandardRefused with the place of what is wrong; nothing is written then."""
    registry = sections()
    version, data = rules.parse(text, registry)
    current = selectors.standard_data(list(data))
    report = ImportReport(
        version=version, diffs=rules.diff(registry, current, data, only_new=True), dry_run=dry_run
    )
    try:
        with transaction.atomic():
            for section in registry:
                if section.name in data:
                    report.notes += section.apply(data[section.name], acting_user) or []
            if any(name in data for name in VERSIONED):
                report.new_algorithm_version = algorithm_version_keep(acting_user)
            state = StandardState.load()
            state.version = version
            state.save(update_fields=["version"])
            if dry_run:
                raise _RolledBack
    except _RolledBack:
        pass
    finally:
        config.forget()
    return report
