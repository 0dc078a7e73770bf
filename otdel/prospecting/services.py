"""Bringing a prospect list into the base (METHOD 4): every row is new, already in the base
(merged), worked by another manager (struck off) or rejected with its reason; then all of it
is written at once, or nothing."""

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar, cast

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Count, Field
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from otdel.algorithm import config
from otdel.algorithm.services import RuleRefused, company_assign
from otdel.base import services as base_services
from otdel.base.models import (
    Category,
    Company,
    Email,
    Phone,
    Section,
    Segment,
    Source,
    TaxIdKind,
)
from otdel.base.rules import normalise_phone, normalise_tax_id
from otdel.db import batched, insert_rows
from otdel.org.models import User
from otdel.org.selectors import assignable_owners

from .files import FileRejected, Table, check_mapping, guess_mapping, read_table
from .matching import BLOCK_LIMIT, NameMatch, best_matches, cluster, name_blocks
from .models import ColumnMapping, ImportBatch, ImportRow, Job, NameBlock, Outcome
from .normalise import company_email_domain, name_key, website_domain
from .selectors import may_change_batch

Progress = Callable[[int], None]  # told the percent done
_SPLIT = (",", ";", "/", "\n")


def _split(value: str) -> list[str]:
    for separator in _SPLIT[1:]:
        value = value.replace(separator, _SPLIT[0])
    return [part.strip() for part in value.split(_SPLIT[0]) if part.strip()]


def _tax_id_kind(value: str) -> str:
    compact = value.replace(" ", "").upper()
    if compact.startswith("RO"):
        return TaxIdKind.RO_CUI
    if compact.isdigit() and len(compact) in (10, 12):
        return TaxIdKind.RU_INN
    return TaxIdKind.OTHER


@dataclass
class PlannedRow:
    number: int
    name: str
    values: dict[str, str]
    outcome: str = Outcome.NEW
    reason: str = ""
    tax_id: str = ""
    tax_id_kind: str = TaxIdKind.OTHER
    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    website: str = ""
    company_id: int | None = None
    same_as_row: int | None = None
    score: int | None = None
    key: str = ""  # the name's matching key
    notes: list[str] = field(default_factory=list)

    def match_keys(self) -> list[tuple[str, str]]:
        keys = [("tax_id", self.tax_id)] if self.tax_id else []
        keys += [("phone", p) for p in self.phones]
        if self.website:
            keys.append(("website", website_domain(self.website)))
        keys += [("email", d) for d in {company_email_domain(e) for e in self.emails} if d]
        keys.append(("name", self.key))
        return [(kind, value) for kind, value in keys if value]


_FIELD_OF_COLUMN = {"name": "legal_name", "tax_id": "tax_id", "website": "website",
                    "address": "actual_address"}  # fmt: skip
_FIELDS = {
    column: cast(Field, Company._meta.get_field(f)) for column, f in _FIELD_OF_COLUMN.items()
}


def _parse_row(number: int, cells: list[str], mapping: dict[str, int], error: str) -> PlannedRow:
    values = {f: cells[i].strip() if i < len(cells) else "" for f, i in mapping.items()}
    row = PlannedRow(number=number, name=values.get("name", ""), values=values)
    row.key = name_key(row.name)
    if error:
        row.outcome, row.reason = Outcome.REJECTED, error
        return row
    if not row.name:
        row.outcome, row.reason = Outcome.REJECTED, _("no company name")
        return row
    for column, model_field in _FIELDS.items():
        if len(values.get(column, "")) > (model_field.max_length or 0):
            row.outcome = Outcome.REJECTED
            row.reason = _("%(column)s is longer than %(limit)s characters") % {
                "column": model_field.verbose_name, "limit": model_field.max_length}  # fmt: skip
            return row
    if values.get("tax_id"):
        row.tax_id_kind = _tax_id_kind(values["tax_id"])
        try:
            row.tax_id = normalise_tax_id(row.tax_id_kind, values["tax_id"])
        except ValidationError as invalid:
            row.outcome = Outcome.REJECTED
            row.reason = f"{values['tax_id']}: {invalid.messages[0]}"
            return row
    for raw in _split(values.get("phones", "")):
        try:
            row.phones.append(normalise_phone(raw, settings.OTDEL_PHONE_REGION))
        except ValidationError as invalid:
            row.notes.append(invalid.messages[0])
    for raw in _split(values.get("emails", "")):
        try:
            validate_email(raw)
            row.emails.append(raw.lower())
        except ValidationError:
            row.notes.append(_("“%(email)s” is not an e-mail address.") % {"email": raw})
    row.website = values.get("website", "")
    return row


def _existing(rows: Iterable[PlannedRow]) -> dict[tuple[str, str], int]:
    """Company ids of the base by matching key, with a number of queries that grows with the
    size of the list only (one per kind of key and db.BATCH keys), never with the base."""
    wanted: dict[str, set[str]] = {"tax_id": set(), "phone": set(), "website": set(),
                                   "email": set(), "name": set()}  # fmt: skip
    for row in rows:
        for kind, value in row.match_keys():
            wanted[kind].add(value)
    found: dict[tuple[str, str], int] = {}
    lookups = {
        "tax_id": lambda part: Company.objects.filter(tax_id__in=part).values_list("tax_id", "pk"),
        "phone": lambda part: Phone.objects.filter(number__in=part, company__merged_into=None).values_list("number", "company_id"),
        "website": lambda part: Company.objects.filter(website_domain__in=part).values_list("website_domain", "pk"),
        "email": lambda part: Email.objects.filter(domain__in=part, company__merged_into=None).values_list("domain", "company_id"),
        "name": lambda part: Company.objects.filter(name_key__in=part).values_list("name_key", "pk"),
    }  # fmt: skip
    for kind, lookup in lookups.items():
        for part in batched(sorted(wanted[kind])):
            for value, company_id in lookup(part).order_by("pk"):  # the oldest company wins
                found.setdefault((kind, value), company_id)
    return found


def _similar_in_base(keys: set[str]) -> dict[str, tuple[int, NameMatch]]:
    """The company of the base whose name is most alike, for each name key (fuzzy, after the
    exact keys found nothing), compared only within shared blocks."""
    blocks = {block for key in keys for block in name_blocks(key)}
    useful: list[str] = []
    for part in batched(sorted(blocks)):
        sizes = NameBlock.objects.filter(block__in=part).values("block").annotate(n=Count("pk"))
        useful += [s["block"] for s in sizes if s["n"] <= BLOCK_LIMIT]
    candidates: dict[str, set[str]] = defaultdict(set)
    company_of_key: dict[str, int] = {}
    for part in batched(sorted(useful)):
        filed = (NameBlock.objects.filter(block__in=part, company__merged_into=None)
                 .order_by("company_id").values_list("block", "company_id", "company__name_key"))  # fmt: skip
        for block, company_id, key in filed:
            candidates[block].add(key)
            company_of_key.setdefault(key, company_id)
    matches = best_matches(keys, {block: sorted(found) for block, found in candidates.items()})
    return {key: (company_of_key[match.key], match) for key, match in matches.items()}


def _similar_text(name: str, match: NameMatch) -> str:
    if match.contained:
        return _("one name contains the other: “%(name)s”, %(score)s%%") % {
            "name": name, "score": match.score}  # fmt: skip
    return _("similar name “%(name)s”, %(score)s%%") % {"name": name, "score": match.score}


_REASON_OF_KEY = {
    "tax_id": gettext_lazy("same tax id"), "phone": gettext_lazy("same phone"),
    "website": gettext_lazy("same website"), "email": gettext_lazy("same e-mail domain"),
    "name": gettext_lazy("same name"),
}  # fmt: skip


def _silent(percent: int) -> None:
    pass


def plan_import(
    table: Table, mapping: dict[str, int], *, owner: User | None, progress: Progress = _silent
) -> list[PlannedRow]:
    """What would become of each row: the dry run. Writes nothing.

    A row is matched, in this order: by an exact key against the base, by a similar name
    against the base, by an exact key against an earlier row, by a similar name against an
    earlier row."""
    rows = [
        _parse_row(n, cells, mapping, table.row_errors.get(n, ""))
        for n, cells in enumerate(table.rows, start=2)
    ]
    usable = [r for r in rows if r.outcome != Outcome.REJECTED]
    progress(20)
    existing = _existing(usable)
    progress(40)
    exact = {r.number: next(((k, existing[k]) for k in r.match_keys() if k in existing), None)
             for r in usable}  # fmt: skip
    similar = _similar_in_base({r.key for r in usable if exact[r.number] is None})
    progress(60)
    companies = Company.objects.in_bulk(
        {m[1] for m in exact.values() if m} | {company_id for company_id, _m in similar.values()}
    )
    owners = {c.owner_id for c in companies.values() if c.owner_id}
    owner_names = {u.pk: str(u) for u in User.objects.filter(pk__in=owners)}
    in_file = cluster(r.key for r in usable if exact[r.number] is None and r.key not in similar)
    progress(70)
    seen_in_file: dict[tuple[str, str], int] = {}
    first_of_group: dict[str, PlannedRow] = {}
    name_of_key: dict[str, str] = {}
    for row in usable:
        name_of_key.setdefault(row.key, row.name)
    for row in usable:
        found = exact[row.number]
        if found:
            (kind, _value), row.company_id = found
            row.score, why = 100, str(_REASON_OF_KEY[kind])
        elif row.key in similar:
            row.company_id, match = similar[row.key]
            row.score = match.score
            why = _similar_text(companies[row.company_id].legal_name, match)
        if row.company_id:
            company = companies[row.company_id]
            if company.owner_id and not (owner is not None and company.owner_id == owner.pk):
                row.outcome = Outcome.CONFLICT
                row.reason = _(
                    "company #%(id)s (%(why)s) is worked by %(owner)s, state %(state)s, since %(date)s"
                ) % {
                    "id": company.pk, "why": why, "owner": owner_names.get(company.owner_id, ""),
                    "state": config.current().label(company.state),
                    "date": (company.owned_since or company.created_at).date().isoformat(),
                }  # fmt: skip
            else:
                row.outcome = Outcome.DUPLICATE
                row.reason = _("company #%(id)s (%(why)s)") % {"id": company.pk, "why": why}
            continue
        earlier = next((seen_in_file[k] for k in row.match_keys() if k in seen_in_file), None)
        group, link = in_file[row.key]
        if earlier is None and group in first_of_group and link is not None:
            earlier = first_of_group[group].number
            row.score = link.score
            why = _similar_text(name_of_key[link.key], link)
            row.reason = _("same company as row %(row)s (%(why)s)") % {"row": earlier, "why": why}
        elif earlier:
            row.score = 100
            row.reason = _("same company as row %(row)s") % {"row": earlier}
        if earlier:
            row.outcome, row.same_as_row = Outcome.DUPLICATE, earlier
            continue
        first_of_group.setdefault(group, row)
        for key in row.match_keys():
            seen_in_file.setdefault(key, row.number)
    return rows


def counts(rows: list[PlannedRow]) -> dict[str, int]:
    result = {"rows": len(rows), "created": 0, "merged": 0, "conflicts": 0, "rejected": 0}
    field_of: dict[str, str] = {Outcome.NEW: "created", Outcome.DUPLICATE: "merged",
                Outcome.CONFLICT: "conflicts", Outcome.REJECTED: "rejected"}  # fmt: skip
    for row in rows:
        result[field_of[row.outcome]] += 1
    return result


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
                company_assign(company=row.company_id or 0, manager=owner, acting_user=acting_user,
                               reason=_("prospect list %(file)s") % {"file": filename})  # fmt: skip
                continue
            except RuleRefused as error:
                refused = error
        row.notes.append(_("left in “to call”: %(why)s") % {"why": refused})


@transaction.atomic
def commit_import(
    *,
    data: bytes,
    filename: str,
    rows: list[PlannedRow],
    acting_user: User,
    owner: User | None,
    source: Source | None,
    batch: ImportBatch | None = None,
    progress: Progress = _silent,
) -> ImportBatch:
    """Write the plan, all of it or nothing. New companies go to "to call", or into the
    owner's working list while his cap allows (the rest stays in "to call", said in the row).
    A previewed `batch` is completed; otherwise a new one is recorded."""
    total = counts(rows)
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
            Company(legal_name=r.name, tax_id=r.tax_id, tax_id_kind=r.tax_id_kind,
                    website=r.website, actual_address=r.values.get("address", ""),
                    section=Section.TO_CALL, source=source,
                    category_id=category.get(r.values.get("category", "").casefold()),
                    segment_id=segment.get(r.values.get("segment", "").casefold())),
            phones=r.phones, emails=r.emails, contact_name=r.values.get("contact", ""),
        )
        for r in new
    ]  # fmt: skip
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
    _write_lines(batch, rows)
    return batch


def _write_lines(batch: ImportBatch, rows: list[PlannedRow]) -> None:
    """Each row's outcome, anew: the checked list the page, the report and the PDF read."""
    batch.lines.all().delete()
    insert_rows(
        ImportRow, ["batch", "number", "name", "outcome", "company", "score", "reason", "values"],
        ((batch.pk, r.number, r.name[:300], r.outcome, r.company_id, r.score,
          "; ".join([r.reason, *r.notes]).strip("; ")[:500], r.values) for r in rows),
    )  # fmt: skip


REPORT_HEADER = ("row", "name", "outcome", "reason")


def report_rows(rows: list[PlannedRow]) -> list[tuple[int, str, str, str]]:
    """The rows the person must look at: rejected ones and those worked by others (METHOD 4:
    the checked list goes to the head and the manager)."""
    return [
        (r.number, r.name, str(Outcome(r.outcome).label), "; ".join([r.reason, *r.notes]))
        for r in rows
        if r.outcome in (Outcome.REJECTED, Outcome.CONFLICT)
    ]


def _columns(table: Table, source: Source | None) -> dict[str, str]:
    """Field -> header: guessed from the header spellings, overridden by what was remembered
    for the source where the file has that column."""
    columns = {f: table.headers[i] for f, i in guess_mapping(table.headers).items()}
    remembered = ColumnMapping.objects.filter(source=source).first() if source else None
    for fieldname, header in (remembered.columns if remembered else {}).items():
        if header in table.headers:
            columns = {f: h for f, h in columns.items() if h != header}
            columns[fieldname] = header
    return columns


def _indices(table: Table, columns: dict[str, str]) -> dict[str, int]:
    mapping = {f: table.headers.index(h) for f, h in columns.items() if h in table.headers}
    check_mapping(mapping, table.headers)
    return mapping


SYNC_ROWS = 2000  # longer lists are checked and imported by a background job


def preview_import(
    *, data: bytes, filename: str, acting_user: User, owner: User | None, source: Source | None
) -> ImportBatch:
    """Keep a list (uncommitted) and check it, so that the person can set its columns and
    commit it after reading the outcome of every row. A long list is checked by a background
    job (batch.job says so). Raises FileRejected when the file cannot be read."""
    if owner is not None and not assignable_owners(acting_user).filter(pk=owner.pk).exists():
        raise PermissionDenied(_("This manager is outside your department."))
    table = read_table(data, filename)
    columns = _columns(table, source)
    batch = ImportBatch.objects.create(
        created_by=acting_user, filename=filename, source=source, owner=owner, content=data,
        file_sha256=hashlib.sha256(data).hexdigest(), mapping=columns,
    )  # fmt: skip
    try:
        _indices(table, columns)
    except FileRejected as error:  # the person picks the columns on the list's page
        batch.error = str(error)
        batch.save(update_fields=["error"])
        return batch
    if len(table.rows) > SYNC_ROWS:
        from .tasks import check_list  # the tasks module imports this one

        ImportBatch.objects.filter(pk=batch.pk).update(job=Job.CHECKING)
        transaction.on_commit(lambda: check_list(batch.pk))
        batch.job = Job.CHECKING
    else:
        check_kept(batch, table=table)
    return batch


@transaction.atomic
def check_kept(batch: ImportBatch, *, table: Table | None = None,
               progress: Progress = _silent) -> list[PlannedRow]:  # fmt: skip
    """Plan a kept list against the base as it is now and store every row's outcome."""
    rows = replan(batch, table, progress=progress)
    for key, value in counts(rows).items():
        setattr(batch, key, value)
    batch.job, batch.error = Job.NONE, ""
    batch.save()
    _write_lines(batch, rows)
    progress(100)
    return rows


def read_kept(batch: ImportBatch) -> Table:
    return read_table(bytes(batch.content), batch.filename)


def replan(
    batch: ImportBatch, table: Table | None = None, *, progress: Progress = _silent
) -> list[PlannedRow]:
    """The plan of a kept list, with its columns, against the base as it is now."""
    table = table or read_kept(batch)
    progress(10)
    columns = batch.mapping or _columns(table, batch.source)  # lists kept before columns were
    return plan_import(table, _indices(table, columns), owner=batch.owner, progress=progress)


@transaction.atomic
def set_columns(*, batch: ImportBatch, columns: dict[str, str]) -> list[PlannedRow]:
    """Read a kept list with other columns; the source remembers them for its next files.
    Raises FileRejected when the company name has no column."""
    table = read_kept(batch)
    columns = {f: h for f, h in columns.items() if h in table.headers}
    _indices(table, columns)
    batch.mapping = columns
    if batch.source is not None:
        ColumnMapping.objects.update_or_create(source=batch.source, defaults={"columns": columns})
    return check_kept(batch, table=table)


@transaction.atomic
def commit_preview(
    *, batch: ImportBatch, acting_user: User, progress: Progress = _silent
) -> ImportBatch:
    """Import a checked list, re-checked against the base as it is now. Once only."""
    locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if locked.committed:
        raise RuleRefused(_("This list has already been imported."))
    rows = replan(locked, progress=lambda percent: progress(percent * 8 // 10))
    data = bytes(locked.content)
    committed = commit_import(data=data, filename=locked.filename, rows=rows,
                              acting_user=acting_user, owner=locked.owner, source=locked.source,
                              batch=locked, progress=progress)  # fmt: skip
    progress(100)
    return committed


def start_import(*, batch: ImportBatch, acting_user: User) -> ImportBatch:
    """Import a checked list now, or, when it is long, by a background job."""
    if not may_change_batch(acting_user, batch):
        raise PermissionDenied(_("This prospect list is read-only for you."))
    if batch.committed or batch.job:
        raise RuleRefused(_("This list has already been imported."))
    if batch.error:
        raise RuleRefused(batch.error)
    if batch.rows <= SYNC_ROWS:
        return commit_preview(batch=batch, acting_user=acting_user)
    from .tasks import import_list  # the tasks module imports this one

    ImportBatch.objects.filter(pk=batch.pk).update(job=Job.IMPORTING, error="")
    batch.job = Job.IMPORTING
    transaction.on_commit(lambda: import_list(batch.pk, acting_user.pk))
    return batch
