"""Bringing a prospect list into the base (METHOD 4): the writes. A list is kept and checked
(`batch_preview`), its columns set (`batch_set_columns`), then all of it is written at once, or
nothing (`batch_start_commit`, `batch_commit`, `companies_import`). What becomes of each row is
decided in rules.py; what the base already holds is read in selectors.py."""

import hashlib
from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from otdel.algorithm.services import RuleRefused, company_assign
from otdel.base import services as base_services
from otdel.base.models import Category, Company, Section, Segment, Source
from otdel.db import insert_rows
from otdel.org.models import User
from otdel.org.selectors import assignable_owners
from otdel.recorded import recorded

from .files import FileRejected, Table, check_size, read_table
from .models import ColumnMapping, ImportBatch, ImportRow, Job, Outcome
from .rules import PlannedRow, Progress, column_indices, outcome_counts, silent
from .selectors import batch_plan, batch_table, may_change_batch, remembered_columns

Named = TypeVar("Named", Category, Segment)


def _named(model: type[Named], names: set[str]) -> dict[str, int]:
    """Folded name -> id of the categories (or segments) a list names; those the base lacks
    are added, as a directory's headings are the company's own words for its market."""
    names = {n.strip()[:200] for n in names if n.strip()}
    known = {item.name.casefold(): item.pk for item in model.objects.all()}
    missing = {n.casefold(): n for n in names if n.casefold() not in known}
    for item in model.objects.bulk_create([model(name=n) for n in missing.values()]):
        known[item.name.casefold()] = item.pk
    return known


def _into_working_list(
    new: list[PlannedRow], *, owner: User, acting_user: User, filename: str
) -> None:
    """New companies into the owner's working list through company_assign (the cap and every
    other rule of assignment hold), until it refuses: the rest stay in "to call", said so."""
    refused: RuleRefused | None = None
    for row in new:
        if refused is None:
            try:
                company_assign(
                    company=row.company_id or 0,
                    manager=owner,
                    acting_user=acting_user,
                    reason=recorded(gettext_lazy("prospect list %(file)s"), file=filename),
                )
                continue
            except RuleRefused as error:
                refused = error
        row.notes.append(_("left in “to call”: %(why)s") % {"why": refused})


@transaction.atomic
def companies_import(
    *,
    data: bytes,
    filename: str,
    rows: list[PlannedRow],
    acting_user: User,
    owner: User | None,
    source: Source | None,
    batch: ImportBatch | None = None,
    progress: Progress = silent,
) -> ImportBatch:
    """Write the plan, all of it or nothing. New companies go to "to call", or into the
    owner's working list while his cap allows (the rest stays in "to call", said in the row).
    A previewed `batch` is completed; otherwise a new one is recorded."""
    total = outcome_counts(rows)
    if batch is None:
        batch = ImportBatch(created_by=acting_user, filename=filename, source=source, owner=owner)
    batch.file_sha256 = hashlib.sha256(data).hexdigest()
    batch.committed = True
    batch.job = Job.NONE
    batch.content = b""
    for key, value in total.items():
        setattr(batch, key, value)
    batch.save()
    new = [r for r in rows if r.outcome == Outcome.NEW]
    category = _named(Category, {r.values.get("category", "") for r in new})
    segment = _named(Segment, {r.values.get("segment", "") for r in new})
    created = [
        base_services.NewCompany(
            Company(
                legal_name=r.name,
                tax_id=r.tax_id,
                tax_id_kind=r.tax_id_kind,
                website=r.website,
                actual_address=r.values.get("address", ""),
                section=Section.TO_CALL,
                source=source,
                category_id=category.get(r.values.get("category", "").casefold()),
                segment_id=segment.get(r.values.get("segment", "").casefold()),
            ),
            phones=r.phones,
            emails=r.emails,
            contact_name=r.values.get("contact", ""),
        )
        for r in new
    ]
    base_services.companies_create(new=created, acting_user=acting_user, rule="import")
    progress(88)
    company_of_row = {r.number: item.company.pk for r, item in zip(new, created, strict=True)}
    for row in new:
        row.company_id = company_of_row[row.number]
    if owner is not None:
        _into_working_list(new, owner=owner, acting_user=acting_user, filename=filename)
    additions: dict[int, tuple[list[str], list[str]]] = {}
    for row in rows:
        if row.outcome == Outcome.DUPLICATE:
            row.company_id = row.company_id or company_of_row[row.same_as_row or 0]
            phones, emails = additions.setdefault(row.company_id, ([], []))
            phones += row.phones
            emails += row.emails
    base_services.contacts_add(additions)
    progress(94)
    _lines_write(batch, rows)
    return batch


def _lines_write(batch: ImportBatch, rows: list[PlannedRow]) -> None:
    """Each row's outcome, anew: the checked list the page, the report and the PDF read."""
    batch.lines.all().delete()
    insert_rows(
        ImportRow,
        ["batch", "number", "name", "outcome", "company", "score", "reason", "values"],
        (
            (
                batch.pk,
                r.number,
                r.name[:300],
                r.outcome,
                r.company_id,
                r.score,
                "; ".join([r.reason, *r.notes]).strip("; ")[:500],
                r.values,
            )
            for r in rows
        ),
    )


SYNC_ROWS = 2000  # longer lists are checked and imported by a background job
# Bigger files are read by the background job too: a hostile XLSX must not hold a web worker.
SYNC_BYTES = 2 * 2**20


@transaction.atomic
def batch_preview(
    *, data: bytes, filename: str, acting_user: User, owner: User | None, source: Source | None
) -> ImportBatch:
    """Keep a list (uncommitted) and check it, so that the person can set its columns and
    commit it after reading the outcome of every row. A long list is read and checked by a
    background job (batch.job says so). Raises FileRejected when the file cannot be read."""
    if owner is not None and not assignable_owners(acting_user).filter(pk=owner.pk).exists():
        raise PermissionDenied(_("This manager is outside your department."))
    check_size(filename, len(data))
    table = read_table(data, filename) if len(data) <= SYNC_BYTES else None
    batch = ImportBatch.objects.create(
        created_by=acting_user,
        filename=filename,
        source=source,
        owner=owner,
        content=data,
        file_sha256=hashlib.sha256(data).hexdigest(),
    )
    if table is None or len(table.rows) > SYNC_ROWS:
        from .tasks import check_list  # the tasks module imports this one

        ImportBatch.objects.filter(pk=batch.pk).update(job=Job.CHECKING)
        transaction.on_commit(lambda: check_list(batch.pk))
        batch.job = Job.CHECKING
        return batch
    batch_read(batch=batch, table=table)
    return batch


@transaction.atomic
def batch_read(
    *, batch: ImportBatch, table: Table | None = None, progress: Progress = silent
) -> None:
    """Read a kept list's file, take the columns its source used last, and check it; a file
    that cannot be read, or has no column for the name, leaves the batch with the reason."""
    try:
        table = table or read_table(bytes(batch.content), batch.filename)
    except FileRejected as error:
        batch.job, batch.error = Job.NONE, str(error)
        batch.save(update_fields=["job", "error"])
        return
    batch.headers = table.headers
    batch.mapping = remembered_columns(table, batch.source)
    batch.save(update_fields=["headers", "mapping"])
    try:
        column_indices(table, batch.mapping)
    except FileRejected as error:  # the person picks the columns on the list's page
        batch.job, batch.error = Job.NONE, str(error)
        batch.save(update_fields=["job", "error"])
        return
    batch_recheck(batch=batch, table=table, progress=progress)


@transaction.atomic
def batch_recheck(
    *, batch: ImportBatch, table: Table | None = None, progress: Progress = silent
) -> list[PlannedRow]:
    """Plan a kept list against the base as it is now and store every row's outcome."""
    rows = batch_plan(batch, table, progress=progress)
    for key, value in outcome_counts(rows).items():
        setattr(batch, key, value)
    batch.job, batch.error = Job.NONE, ""
    batch.save()
    _lines_write(batch, rows)
    progress(100)
    return rows


@transaction.atomic
def batch_set_columns(*, batch: ImportBatch, columns: dict[str, str]) -> list[PlannedRow]:
    """Read a kept list with other columns; the source remembers them for its next files.
    Raises FileRejected when the company name has no column."""
    table = batch_table(batch)
    columns = {f: h for f, h in columns.items() if h in table.headers}
    column_indices(table, columns)
    batch.mapping = columns
    if batch.source is not None:
        ColumnMapping.objects.update_or_create(source=batch.source, defaults={"columns": columns})
    return batch_recheck(batch=batch, table=table)


@transaction.atomic
def batch_commit(
    *, batch: ImportBatch, acting_user: User, progress: Progress = silent
) -> ImportBatch:
    """Import a checked list, re-checked against the base as it is now. Once only."""
    locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if locked.committed:
        raise RuleRefused(_("This list has already been imported."))
    rows = batch_plan(locked, progress=lambda percent: progress(percent * 8 // 10))
    data = bytes(locked.content)
    committed = companies_import(
        data=data,
        filename=locked.filename,
        rows=rows,
        acting_user=acting_user,
        owner=locked.owner,
        source=locked.source,
        batch=locked,
        progress=progress,
    )
    progress(100)
    return committed


def batch_start_commit(*, batch: ImportBatch, acting_user: User) -> ImportBatch:
    """Import a checked list now, or, when it is long, by a background job."""
    if not may_change_batch(acting_user, batch):
        raise PermissionDenied(_("This prospect list is read-only for you."))
    if batch.committed or batch.job:
        raise RuleRefused(_("This list has already been imported."))
    if batch.error:
        raise RuleRefused(batch.error)
    if batch.rows <= SYNC_ROWS:
        return batch_commit(batch=batch, acting_user=acting_user)
    from .tasks import import_list  # the tasks module imports this one

    ImportBatch.objects.filter(pk=batch.pk).update(job=Job.IMPORTING, error="")
    batch.job = Job.IMPORTING
    transaction.on_commit(lambda: import_list(batch.pk, acting_user.pk))
    return batch
