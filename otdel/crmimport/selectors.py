"""Who may bring a CRM's export in and read the imports; and the dry run: what every row of an
export would become, against the base, the algorithm's stages and the people as they are now.
Writes nothing."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from otdel.algorithm.models import Activity
from otdel.base.models import Company
from otdel.deals.models import Deal
from otdel.org.models import Department, User
from otdel.org.rules import Scope
from otdel.org.selectors import led_departments, scope_of_user
from otdel.prospecting.files import Table, fold, read_table
from otdel.prospecting.models import Outcome
from otdel.prospecting.selectors import rows_plan
from otdel.recorded import recorded
from otdel.stages import config
from otdel.stages.models import StageKind

from .models import CrmImport, StageMapping
from .rules import (
    DEAL_STAGE_KINDS,
    CrmRow,
    aware,
    crm_row_parse,
    deal_key,
    manager_key,
    recognise_columns,
    stage_guess,
)


def may_import(user: User) -> bool:
    """The owner brings in the whole company's CRM; a department head his departments'."""
    if not user.is_authenticated or not user.is_active:
        return False
    scope = scope_of_user(user)
    return scope is Scope.ALL or (scope is Scope.DEPARTMENT and led_departments(user).exists())


def visible_imports(user: User) -> QuerySet[CrmImport]:
    imports = CrmImport.objects.select_related("created_by").defer("content")
    if not may_import(user):
        return imports.none()
    if scope_of_user(user) is Scope.ALL:
        return imports
    return imports.filter(created_by=user)


def access_import(user: User, pk: int) -> CrmImport:
    """The import, or 404 when the user may not know it exists."""
    if not may_import(user):
        raise PermissionDenied(_("Only the owner and the department heads import a CRM."))
    try:
        return visible_imports(user).defer(None).get(pk=pk)
    except CrmImport.DoesNotExist:
        raise Http404("No such import") from None


def same_file_imported(crm_import: CrmImport) -> CrmImport | None:
    """An earlier import of a file identical to this one (its deals would all be in the base)."""
    if not crm_import.sha256:
        return None
    return (
        CrmImport.objects.defer("content")
        .filter(sha256=crm_import.sha256, committed=True)
        .exclude(pk=crm_import.pk)
        .first()
    )


@dataclass
class Manager:
    """A responsible manager named in the export: the user he is, or one to be created."""

    name: str
    rows: int = 0
    user: User | None = None
    refused: str = ""
    created: bool = False  # the import made him (inactive)


@dataclass
class Plan:
    table: Table
    columns: dict[str, str]
    rows: list[CrmRow]
    # The CRM's stage -> the algorithm's stage code ("" when nobody mapped it yet).
    stages: dict[str, str] = field(default_factory=dict)
    managers: dict[str, Manager] = field(default_factory=dict)
    # Where the new users go: a head's first department.
    department: Department | None = None

    def counts(self) -> dict[str, int]:
        algorithm = config.current()
        taken = [r for r in self.rows if not r.rejected]
        kinds = Counter(
            algorithm.kind_of(self.stages.get(r.stage, ""))
            for r in taken
            if r.has_deal and not r.deal_in_base
        )
        new_companies = [r for r in taken if r.company.outcome == Outcome.NEW]
        return {
            "rows": len(self.rows),
            "taken": len(taken),
            "not_taken": len(self.rows) - len(taken),
            "companies_new": len(new_companies),
            "companies_existing": len(
                {r.company.company_id for r in taken if r.company.outcome != Outcome.NEW} - {None}
            ),
            "contacts": len(contact_keys(self.rows)),
            "deals": sum(kinds[k] for k in DEAL_STAGE_KINDS),
            "deals_won": kinds[StageKind.CLIENT],
            "deals_lost": kinds[StageKind.REFUSAL],
            "leads": sum(n for k, n in kinds.items() if k not in DEAL_STAGE_KINDS),
            "deals_present": sum(1 for r in taken if r.deal_in_base),
            "tasks": sum(1 for r in taken if r.task and not r.task_in_base),
            "tasks_present": sum(1 for r in taken if r.task_in_base),
            "users_matched": sum(
                1 for m in self.managers.values() if m.user and not (m.refused or m.created)
            ),
            "users_created": sum(1 for m in self.managers.values() if m.user is None or m.created),
        }

    def not_taken(self) -> list[dict[str, object]]:
        """Row number and reason (kept to be read in any language: recorded.shown)."""
        return [{"row": r.number, "reason": r.rejected} for r in self.rows if r.rejected]

    def present(self) -> list[dict[str, object]]:
        """The rows whose deal the base has: row number and reason, as `not_taken`."""
        return [{"row": r.number, "reason": r.present} for r in self.rows if r.present]


def contact_keys(rows: list[CrmRow]) -> set[tuple[str, str]]:
    """The contact people the rows name, once each per company (company key, folded name)."""
    return {
        (r.company.key, fold(r.company.values["contact"]))
        for r in rows
        if not r.rejected and r.company.values.get("contact")
    }


def export_table(crm_import: CrmImport) -> Table:
    return read_table(bytes(crm_import.content), crm_import.filename)


def export_columns(table: Table, source: str) -> dict[str, str]:
    """Field -> header, as the CRM's export names its columns."""
    return {f: table.headers[i] for f, i in recognise_columns(table.headers, source).items()}


def remembered_stages(source: str) -> dict[str, str]:
    return dict(StageMapping.objects.filter(source=source).values_list("stage", "state"))


def _stage_map(stages: set[str], source: str) -> dict[str, str]:
    """Each stage of the file -> the algorithm's code: as remembered for the source (the
    preview page saves there), else the CRM's default stage by its kind, else ""."""
    algorithm = config.current()
    first_of_kind: dict[str, str] = {}
    for info in algorithm.company_states():
        first_of_kind.setdefault(info.kind, info.code)
    remembered = remembered_stages(source)
    known = set(algorithm.codes(*StageKind.values))
    result: dict[str, str] = {}
    for stage in sorted(stages):
        code = remembered.get(fold(stage), "")
        result[stage] = code if code in known else stage_guess(stage, first_of_kind)
    return result


def _find_user(name: str, users: list[User]) -> User | None:
    key = manager_key(name)
    for user in users:
        if "@" in name and user.email and user.email.casefold() == name.strip().casefold():
            return user
        full = manager_key(f"{user.first_name} {user.last_name}")
        if key in (full, manager_key(user.username)):
            return user
    return None


def export_plan(
    table: Table,
    columns: dict[str, str],
    *,
    source: str,
    acting_user: User,
) -> Plan:
    """What would become of each row of an export: the dry run.

    A row is not taken when a cell cannot be read (the column named), its stage is mapped to
    no stage of the algorithm, or its manager works outside the importing head's departments.
    The companies of the rows taken are matched as a prospect list's are."""
    mapping = {f: table.headers.index(h) for f, h in columns.items() if h in table.headers}
    rows = [
        crm_row_parse(n, cells, mapping, table.headers, table.row_errors.get(n, ""))
        for n, cells in enumerate(table.rows, start=2)
    ]
    plan = Plan(table=table, columns=columns, rows=rows)
    plan.stages = _stage_map({r.stage for r in rows if r.has_deal and not r.rejected}, source)
    stage_header = columns.get("stage", "")
    for row in rows:
        if not row.rejected and row.has_deal and not plan.stages.get(row.stage):
            row.rejected = recorded(
                gettext_lazy("column “%(column)s”: stage “%(stage)s” is mapped to no stage"),
                column=stage_header,
                stage=row.stage,
            )
    _plan_managers(plan, acting_user)
    for row in rows:
        if row.rejected:
            row.company.outcome = Outcome.REJECTED
    rows_plan([r.company for r in rows], owner=None)
    _keep_to_departments(plan, acting_user)
    _find_present(plan)
    return plan


def _day(moment: datetime | None) -> date | None:
    if moment is None:
        return None
    return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()


def _find_present(plan: Plan) -> None:
    """A deal or a task the base already has (the same export, or an overlapping one, imported
    before) is not created again: its row still brings its company and contact people."""
    algorithm = config.current()
    rows = [
        r
        for r in plan.rows
        if not r.rejected and r.company.outcome != Outcome.NEW and r.company.company_id
    ]
    companies = {r.company.company_id or 0 for r in rows}
    deals: set[tuple] = set()
    for company_id, title, amount, created in Deal.objects.filter(
        company_id__in=companies
    ).values_list("company_id", "title", "amount", "created_at"):
        deals.add(deal_key(company_id, title, amount, _day(created)))
        deals.add(deal_key(company_id, title, amount, None))
    tasks = set(
        Activity.objects.filter(company_id__in=companies).values_list(
            "company_id", "subject", "due_at"
        )
    )
    for row in rows:
        company_id = row.company.company_id or 0
        row.deal_in_base = (
            row.has_deal
            and algorithm.kind_of(plan.stages.get(row.stage, "")) in DEAL_STAGE_KINDS
            and deal_key(company_id, row.deal_title, row.amount, _day(row.created)) in deals
        )
        row.task_in_base = bool(row.task) and (company_id, row.task, aware(row.due)) in tasks
        if row.deal_in_base:
            row.present = recorded(
                gettext_lazy("the deal “%(deal)s” is already in the base"), deal=row.deal_title
            )
        elif row.task_in_base:
            row.present = recorded(
                gettext_lazy("the task “%(task)s” is already in the base"), task=row.task
            )


def _keep_to_departments(plan: Plan, acting_user: User) -> None:
    """A head brings nothing onto a company of the base that another department works: such
    a row is not taken, with the company and its manager named (prospecting's reason)."""
    if scope_of_user(acting_user) is Scope.ALL:
        return
    departments = set(led_departments(acting_user).values_list("pk", flat=True))
    worked = [r for r in plan.rows if not r.rejected and r.company.outcome == Outcome.CONFLICT]
    department_of: dict[int | None, int | None] = dict(
        Company.objects.filter(pk__in={r.company.company_id for r in worked}).values_list(
            "pk", "owner__department_id"
        )
    )
    for row in worked:
        if department_of.get(row.company.company_id) not in departments:
            row.rejected = row.company.reason


def _plan_managers(plan: Plan, acting_user: User) -> None:
    """Each manager named -> the user he is (by e-mail or name), or one to be created inactive
    in the head's department; a head's import takes no rows of people outside his departments."""
    scope = scope_of_user(acting_user)
    departments = list(led_departments(acting_user)) if scope is not Scope.ALL else []
    plan.department = departments[0] if departments else None
    users = list(User.objects.all())
    for row in plan.rows:
        if row.rejected or not row.manager:
            continue
        key = manager_key(row.manager)
        manager = plan.managers.get(key)
        if manager is None:
            manager = plan.managers[key] = Manager(name=row.manager)
            manager.user = _find_user(row.manager, users)
            outside = manager.user is not None and (
                scope is not Scope.ALL
                and manager.user.department_id not in {d.pk for d in departments}
            )
            if outside:
                manager.refused = recorded(
                    gettext_lazy("%(manager)s works outside your departments"),
                    manager=str(manager.user),
                )
        manager.rows += 1
        if manager.refused:
            row.rejected = manager.refused


def import_plan(crm_import: CrmImport, acting_user: User, table: Table | None = None) -> Plan:
    """The plan of a kept export, with its columns and the stages remembered for its source."""
    table = table or export_table(crm_import)
    return export_plan(
        table,
        crm_import.columns,
        source=crm_import.source,
        acting_user=acting_user,
    )
