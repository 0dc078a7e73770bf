"""Bringing the CRM a company ran on before into Otdel (issue 18): the writes. An export is
kept and checked (`crm_import_preview`), its columns and stages set (`crm_import_set_columns`,
`stage_mappings_save`), then all of it is written at once, or nothing (`crm_import_commit`,
`export_import` for the shell). What a row is read as is decided in rules.py, what it would
become in selectors.py; here the companies are created as a prospect list creates them, the
deals through the deals' own writer, each with its history."""

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Value
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from otdel.algorithm.models import Activity
from otdel.algorithm.services import RuleRefused
from otdel.base import services as base_services
from otdel.base.models import Company, CompanyEvent, Contact, Section
from otdel.deals.models import DealStatus
from otdel.deals.services import ImportedDeal, deals_import
from otdel.org.models import Position, SettingsSection, User
from otdel.org.services import settings_row_save
from otdel.prospecting.files import FileRejected, Table, fold, read_table
from otdel.prospecting.models import Outcome
from otdel.recorded import recorded
from otdel.stages import config
from otdel.stages.models import StageKind

from .models import CrmImport, StageMapping
from .rules import DEAL_STAGE_KINDS, CrmRow, aware, company_state, manager_key
from .selectors import Plan, export_columns, export_plan, import_plan, may_import

RULE = "crm_import"


def _check_may_import(user: User) -> None:
    if not may_import(user):
        raise PermissionDenied(_("Only the owner and the department heads import a CRM."))


def check_columns(table: Table, columns: dict[str, str]) -> None:
    """An export is read only when it names companies (or contact people standing for them)."""
    if not ({"name", "contact"} & {f for f, h in columns.items() if h in table.headers}):
        raise FileRejected(
            _("No column for the company or the contact. Columns found: %(columns)s.")
            % {"columns": ", ".join(f"“{h}”" for h in table.headers) or "—"}
        )


def _keep_result(crm_import: CrmImport, plan: Plan) -> None:
    crm_import.result = {
        "counts": plan.counts(),
        "not_taken": plan.not_taken(),
        "present": plan.present(),
    }


def crm_import_preview(*, data: bytes, filename: str, source: str, acting_user: User) -> CrmImport:
    """Keep an export (not imported) with its columns recognised, and check it. Raises
    FileRejected when the file cannot be read."""
    _check_may_import(acting_user)
    table = read_table(data, filename)
    columns = export_columns(table, source)
    crm_import = CrmImport(
        created_by=acting_user,
        filename=filename,
        source=source,
        content=data,
        sha256=hashlib.sha256(data).hexdigest(),
        columns=columns,
    )
    try:
        check_columns(table, columns)
    except FileRejected as error:  # the person picks the columns on the import's page
        crm_import.result = {"error": str(error)}
    else:
        _keep_result(
            crm_import, export_plan(table, columns, source=source, acting_user=acting_user)
        )
    crm_import.save()
    return crm_import


def crm_import_recheck(*, crm_import: CrmImport, acting_user: User) -> Plan:
    plan = import_plan(crm_import, acting_user)
    _keep_result(crm_import, plan)
    crm_import.save(update_fields=["result"])
    return plan


@transaction.atomic
def crm_import_set_columns(
    *, crm_import: CrmImport, columns: dict[str, str], acting_user: User
) -> Plan:
    """Read a kept export with other columns (a generic table's, or a CRM's renamed ones)."""
    table = read_table(bytes(crm_import.content), crm_import.filename)
    columns = {f: h for f, h in columns.items() if h in table.headers}
    check_columns(table, columns)
    crm_import.columns = columns
    crm_import.save(update_fields=["columns"])
    return crm_import_recheck(crm_import=crm_import, acting_user=acting_user)


@transaction.atomic
def stage_mappings_save(*, source: str, stages: dict[str, str], acting_user: User) -> None:
    """Remember which stage of the algorithm each of a CRM's stages is, for its next files."""
    _check_may_import(acting_user)
    known = set(config.current().codes(*StageKind.values))
    for stage, code in stages.items():
        if code and code not in known:
            raise RuleRefused(_("No such stage: %(code)s.") % {"code": code})
        if code:
            StageMapping.objects.update_or_create(
                source=source, stage=fold(stage)[:200], defaults={"state": code}
            )


def _username(name: str, taken: set[str]) -> str:
    base = slugify(name.split("@")[0], allow_unicode=False)[:100] or "manager"
    candidate, n = f"crm-{base}", 1
    while candidate in taken:
        n += 1
        candidate = f"crm-{base}-{n}"
    taken.add(candidate)
    return candidate


def _users_create(plan: Plan, acting_user: User) -> dict[str, User]:
    """Manager key -> user: those found, and those the export names that Otdel lacks, created
    inactive (their history kept, nobody logs in as them) in the importing head's department."""
    taken = set(User.objects.values_list("username", flat=True))
    users: dict[str, User] = {}
    for key, manager in plan.managers.items():
        if manager.refused:
            continue
        if manager.user is None:
            email = manager.name.strip() if "@" in manager.name else ""
            words = [] if email else manager.name.split()
            changes = {
                "first_name": " ".join(words[1:])[:150] if len(words) > 1 else "",
                "last_name": (words[0] if words else email)[:150],
                "email": email,
                "is_active": False,
                "position": Position.SALES_MANAGER,
                "department": plan.department,
            }
            manager.user = settings_row_save(
                row=User(username=_username(manager.name, taken), password=make_password(None)),
                changes=changes,
                section=SettingsSection.PEOPLE,
                acting_user=acting_user,
                subject=recorded(gettext_lazy("from the CRM: %(name)s"), name=manager.name),
            )
            manager.created = True
        users[key] = manager.user
    return users


@dataclass
class _CompanyOf:
    """The rows of the export that are one company, and the company they became."""

    company_id: int
    new: bool
    rows: list[CrmRow]


def _companies_write(plan: Plan, acting_user: User) -> list[_CompanyOf]:
    """New companies as a prospect list creates them (prospecting's plan decided which rows
    are one company); rows of companies the base has join them, phones and e-mails added."""
    taken = [r for r in plan.rows if not r.rejected]
    new = [r for r in taken if r.company.outcome == Outcome.NEW]
    created = [
        base_services.NewCompany(
            Company(
                legal_name=r.company.name,
                tax_id=r.company.tax_id,
                tax_id_kind=r.company.tax_id_kind,
                website=r.company.website,
                actual_address=r.company.values.get("address", ""),
                section=Section.TO_CALL,
            ),
            phones=r.company.phones,
            emails=r.company.emails,
            contact_name=r.company.values.get("contact", ""),
        )
        for r in new
    ]
    base_services.companies_create(new=created, acting_user=acting_user, rule=RULE)
    company_of_row = {r.number: item.company.pk for r, item in zip(new, created, strict=True)}
    created_ids = set(company_of_row.values())
    groups: dict[int, _CompanyOf] = {}
    additions: dict[int, tuple[list[str], list[str]]] = {}
    for row in taken:
        number = row.company.same_as_row or row.number
        company_id = company_of_row.get(number) or row.company.company_id or 0
        group = groups.setdefault(company_id, _CompanyOf(company_id, company_id in created_ids, []))
        group.rows.append(row)
        if row.number not in company_of_row:
            phones, emails = additions.setdefault(company_id, ([], []))
            phones += row.company.phones
            emails += row.company.emails
    base_services.contacts_add(additions)
    _contacts_write(plan, groups, acting_user)
    return list(groups.values())


def _contacts_write(plan: Plan, groups: dict[int, _CompanyOf], acting_user: User) -> None:
    """The contact people the later rows of a company name (the first one came with it)."""
    have = {
        (company_id, fold(name))
        for company_id, name in Contact.objects.filter(company_id__in=groups).values_list(
            "company_id", "full_name"
        )
    }
    for company_id, group in groups.items():
        for row in group.rows:
            name = row.company.values.get("contact", "")
            if name and (company_id, fold(name)) not in have:
                have.add((company_id, fold(name)))
                base_services.contact_save(
                    contact=Contact(company_id=company_id, full_name=name[:200]),
                    phones=[],
                    emails=[],
                    acting_user=acting_user,
                    rule=RULE,
                )


def _place_companies(
    plan: Plan, groups: list[_CompanyOf], users: dict[str, User], acting_user: User
) -> None:
    """A new company stands where its furthest deal stands, in the working list of the
    manager of its latest row; the history says so, as a rule's bulk change does."""
    algorithm = config.current()
    state_of: dict[str, list[int]] = defaultdict(list)
    owner_of: dict[int, list[int]] = defaultdict(list)
    position = {stage.code: n for n, stage in enumerate(algorithm.stages)}
    for group in groups:
        if not group.new:
            continue
        stages = [
            (code, algorithm.kind_of(code) or "", position[code])
            for row in group.rows
            if row.has_deal
            for code in [plan.stages[row.stage]]
            if code in position
        ]
        state = company_state(stages)
        if state:
            state_of[state].append(group.company_id)
        with_manager = [r for r in group.rows if r.manager]
        if with_manager:
            latest = max(with_manager, key=lambda r: (r.created or datetime.min, r.number))
            owner_of[users[manager_key(latest.manager)].pk].append(group.company_id)
    first_state = algorithm.first(StageKind.NEW)
    for state, ids in state_of.items():
        base_services.record_and_update(
            Company.objects.filter(pk__in=ids).exclude(state=state),
            kind=CompanyEvent.Kind.STATE,
            rule=RULE,
            acting_user=acting_user,
            old_value=Value(first_state),
            new_value=Value(state),
            updates={"state": state},
        )
    now = timezone.now()
    people = User.objects.in_bulk(owner_of)
    for owner_id, ids in owner_of.items():
        companies = Company.objects.filter(pk__in=ids)
        base_services.record_and_update(
            companies,
            kind=CompanyEvent.Kind.OWNER,
            rule=RULE,
            acting_user=acting_user,
            old_value=Value(""),
            new_value=Value(str(people[owner_id])),
            updates={"owner_id": owner_id, "owned_since": now},
        )
        base_services.record_and_update(
            companies,
            kind=CompanyEvent.Kind.SECTION,
            rule=RULE,
            acting_user=acting_user,
            old_value=Value(Section.TO_CALL),
            new_value=Value(""),
            updates={"section": ""},
        )


# A deal the CRM closed is won (its company a client) or lost (a refusal), as METHOD 3 says.
_STATUS_OF_KIND: dict[str, str] = {
    StageKind.CLIENT: DealStatus.WON,
    StageKind.REFUSAL: DealStatus.LOST,
}


def _deals_write(
    plan: Plan, groups: list[_CompanyOf], users: dict[str, User], acting_user: User
) -> None:
    """The rows at a deal stage become deals: open, won (the client's) or lost (refused)."""
    algorithm = config.current()
    support = algorithm.codes(StageKind.SUPPORT)
    first_deal = algorithm.first(StageKind.DEAL)
    deals = []
    for group in groups:
        for row in group.rows:
            code = plan.stages.get(row.stage, "")
            kind = algorithm.kind_of(code)
            if not row.has_deal or row.deal_in_base or kind not in DEAL_STAGE_KINDS:
                continue
            status = _STATUS_OF_KIND.get(kind, DealStatus.OPEN)
            closed = aware(row.closed or row.created) if status != DealStatus.OPEN else None
            deals.append(
                ImportedDeal(
                    company_id=group.company_id,
                    owner_id=users[manager_key(row.manager)].pk,
                    title=row.deal_title,
                    state=code
                    if kind in (StageKind.DEAL, StageKind.SUPPORT)
                    else (support[-1] if support and status == DealStatus.WON else first_deal),
                    status=status,
                    amount=row.amount or Decimal(0),
                    currency=row.currency,
                    created_at=aware(row.created) or timezone.now(),
                    closed_at=closed or (timezone.now() if status != DealStatus.OPEN else None),
                    expected_close=row.closed.date()
                    if row.closed and status == DealStatus.OPEN
                    else None,
                )
            )
    deals_import(deals=deals, acting_user=acting_user)


def _tasks_write(groups: list[_CompanyOf], users: dict[str, User], acting_user: User) -> None:
    now = timezone.now()
    Activity.objects.bulk_create(
        Activity(
            company_id=group.company_id,
            kind=row.task_kind,
            subject=row.task,
            due_at=aware(row.due),
            done_at=(aware(row.due) or now) if row.done else None,
            assignee=users[manager_key(row.manager)],
            author=acting_user,
        )
        for group in groups
        for row in group.rows
        if row.task and not row.task_in_base
    )


@transaction.atomic
def plan_write(*, plan: Plan, acting_user: User) -> dict[str, int]:
    """Write the plan of an export, all of it or nothing: users, companies with their
    contacts, stages and owners, deals and tasks. Returns the counts written."""
    counts = plan.counts()
    users = _users_create(plan, acting_user)
    groups = _companies_write(plan, acting_user)
    _place_companies(plan, groups, users, acting_user)
    _deals_write(plan, groups, users, acting_user)
    _tasks_write(groups, users, acting_user)
    return counts


@transaction.atomic
def crm_import_commit(*, crm_import: CrmImport, acting_user: User) -> CrmImport:
    """Import a checked export, checked again against the base as it is now. Once only."""
    _check_may_import(acting_user)
    locked = CrmImport.objects.select_for_update().get(pk=crm_import.pk)
    if locked.committed:
        raise RuleRefused(_("This export has already been imported."))
    if locked.result.get("error"):
        raise RuleRefused(locked.result["error"])
    plan = import_plan(locked, acting_user)
    plan_write(plan=plan, acting_user=acting_user)
    _keep_result(locked, plan)
    locked.committed, locked.content = True, b""
    locked.save()
    return locked


def export_import(
    *, data: bytes, filename: str, source: str, acting_user: User, dry_run: bool
) -> Plan:
    """The shell's import: recognise the columns, plan, and write unless a dry run."""
    _check_may_import(acting_user)
    table = read_table(data, filename)
    columns = export_columns(table, source)
    check_columns(table, columns)
    plan = export_plan(table, columns, source=source, acting_user=acting_user)
    if not dry_run:
        with transaction.atomic():
            plan_write(plan=plan, acting_user=acting_user)
            CrmImport.objects.create(
                created_by=acting_user,
                filename=filename,
                source=source,
                columns=columns,
                sha256=hashlib.sha256(data).hexdigest(),
                committed=True,
                result={
                    "counts": plan.counts(),
                    "not_taken": plan.not_taken(),
                    "present": plan.present(),
                },
            )
    return plan
