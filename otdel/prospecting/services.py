"""Bringing a prospect list into the base (METHOD 4): every row is new, already in the base
(merged), worked by another manager (struck off) or rejected with its reason; then all of it
is written at once, or nothing."""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from otdel.algorithm import config
from otdel.algorithm.services import RuleRefused, company_assign
from otdel.base import services as base_services
from otdel.base.models import Company, Email, Phone, Section, Source, TaxIdKind
from otdel.base.rules import email_domain, normalise_phone, normalise_tax_id
from otdel.org.models import User

from .files import Table, check_mapping, guess_mapping, read_table
from .models import ImportBatch, ImportRow, Outcome
from .normalise import company_email_domain, name_key, website_domain

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
    notes: list[str] = field(default_factory=list)

    def match_keys(self) -> list[tuple[str, str]]:
        keys = [("tax_id", self.tax_id)] if self.tax_id else []
        keys += [("phone", p) for p in self.phones]
        if self.website:
            keys.append(("website", website_domain(self.website)))
        keys += [("email", d) for d in {company_email_domain(e) for e in self.emails} if d]
        keys.append(("name", name_key(self.name)))
        return [(kind, value) for kind, value in keys if value]


def _parse_row(number: int, cells: list[str], mapping: dict[str, int], error: str) -> PlannedRow:
    values = {f: cells[i].strip() if i < len(cells) else "" for f, i in mapping.items()}
    row = PlannedRow(number=number, name=values.get("name", ""), values=values)
    if error:
        row.outcome, row.reason = Outcome.REJECTED, error
        return row
    if not row.name:
        row.outcome, row.reason = Outcome.REJECTED, _("no company name")
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
    """Company ids of the base by matching key, with a constant number of queries."""
    wanted: dict[str, set[str]] = {"tax_id": set(), "phone": set(), "website": set(),
                                   "email": set(), "name": set()}  # fmt: skip
    for row in rows:
        for kind, value in row.match_keys():
            wanted[kind].add(value)
    found: dict[tuple[str, str], int] = {}
    lookups = [
        ("tax_id", Company.objects.filter(tax_id__in=wanted["tax_id"]).values_list("tax_id", "pk")),
        ("phone", Phone.objects.filter(number__in=wanted["phone"]).values_list("number", "company_id")),
        ("website", Company.objects.filter(website_domain__in=wanted["website"]).values_list("website_domain", "pk")),
        ("email", Email.objects.filter(domain__in=wanted["email"]).values_list("domain", "company_id")),
        ("name", Company.objects.filter(name_key__in=wanted["name"]).values_list("name_key", "pk")),
    ]  # fmt: skip
    for kind, pairs in lookups:
        for value, company_id in pairs.order_by("pk"):  # the oldest company wins a shared key
            found.setdefault((kind, value), company_id)
    return found


_REASON_OF_KEY = {
    "tax_id": gettext_lazy("same tax id"), "phone": gettext_lazy("same phone"),
    "website": gettext_lazy("same website"), "email": gettext_lazy("same e-mail domain"),
    "name": gettext_lazy("same name"),
}  # fmt: skip


def plan_import(table: Table, mapping: dict[str, int], *, owner: User | None) -> list[PlannedRow]:
    """What would become of each row: the dry run. Writes nothing."""
    rows = [
        _parse_row(n, cells, mapping, table.row_errors.get(n, ""))
        for n, cells in enumerate(table.rows, start=2)
    ]
    usable = [r for r in rows if r.outcome != Outcome.REJECTED]
    existing = _existing(usable)
    companies = Company.objects.in_bulk(
        {existing[k] for r in usable for k in r.match_keys() if k in existing}
    )
    owners = {c.owner_id for c in companies.values() if c.owner_id}
    owner_names = {u.pk: str(u) for u in User.objects.filter(pk__in=owners)}
    seen_in_file: dict[tuple[str, str], int] = {}
    for row in usable:
        match = next(((k, existing[k]) for k in row.match_keys() if k in existing), None)
        if match:
            (kind, _value), company_id = match
            company = companies[company_id]
            row.company_id = company_id
            mine = owner is not None and company.owner_id == owner.pk
            if company.owner_id and not mine:
                row.outcome = Outcome.CONFLICT
                row.reason = _(
                    "company #%(id)s (%(why)s) is worked by %(owner)s, state %(state)s, since %(date)s"
                ) % {
                    "id": company_id, "why": _REASON_OF_KEY[kind],
                    "owner": owner_names.get(company.owner_id, ""),
                    "state": config.current().label(company.state),
                    "date": (company.owned_since or company.created_at).date().isoformat(),
                }  # fmt: skip
            else:
                row.outcome = Outcome.DUPLICATE
                row.reason = _("company #%(id)s (%(why)s)") % {"id": company_id,
                                                               "why": _REASON_OF_KEY[kind]}  # fmt: skip
            continue
        earlier = next((seen_in_file[k] for k in row.match_keys() if k in seen_in_file), None)
        if earlier:
            row.outcome, row.same_as_row = Outcome.DUPLICATE, earlier
            row.reason = _("same company as row %(row)s") % {"row": earlier}
            continue
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


def _add_contacts(company: Company, row: PlannedRow) -> None:
    known_phones = set(company.phones.values_list("number", flat=True))
    Phone.objects.bulk_create(Phone(company=company, number=p) for p in row.phones
                              if p not in known_phones)  # fmt: skip
    known_emails = set(company.emails.values_list("address", flat=True))
    Email.objects.bulk_create(Email(company=company, address=e, domain=email_domain(e))
                              for e in row.emails if e not in known_emails)  # fmt: skip


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
) -> ImportBatch:
    """Write the plan, all of it or nothing. New companies go to "to call", or into the
    owner's working list while his cap allows (the rest stays in "to call", said in the row).
    A previewed `batch` is completed; otherwise a new one is recorded."""
    total = counts(rows)
    if batch is None:
        batch = ImportBatch(created_by=acting_user, filename=filename, source=source, owner=owner)
    batch.file_sha256 = hashlib.sha256(data).hexdigest()
    batch.committed = True
    batch.content = b""
    for key, value in total.items():
        setattr(batch, key, value)
    batch.save()
    company_of_row: dict[int, int] = {}
    for row in rows:
        if row.outcome == Outcome.NEW:
            company = base_services.company_create(
                company=Company(legal_name=row.name, tax_id=row.tax_id,
                                tax_id_kind=row.tax_id_kind, website=row.website,
                                actual_address=row.values.get("address", ""),
                                section=Section.TO_CALL, source=source),
                acting_user=acting_user, phones=row.phones, emails=row.emails,
                rule="import",
            )  # fmt: skip
            row.company_id = company.pk
            company_of_row[row.number] = company.pk
            if owner is not None:
                try:
                    company_assign(company=company, manager=owner, acting_user=acting_user,
                                   reason=_("prospect list %(file)s") % {"file": filename})  # fmt: skip
                except RuleRefused as refused:
                    row.notes.append(_("left in “to call”: %(why)s") % {"why": refused})
        elif row.outcome == Outcome.DUPLICATE:
            target = row.company_id or company_of_row.get(row.same_as_row or 0)
            if target:
                row.company_id = target
                _add_contacts(Company.objects.get(pk=target), row)
    ImportRow.objects.bulk_create(
        ImportRow(batch=batch, number=r.number, name=r.name[:300], outcome=r.outcome,
                  company_id=r.company_id,
                  reason="; ".join([r.reason, *r.notes]).strip("; ")[:500], values=r.values)
        for r in rows
    )  # fmt: skip
    return batch


REPORT_HEADER = ("row", "name", "outcome", "reason")


def report_rows(rows: list[PlannedRow]) -> list[tuple[int, str, str, str]]:
    """The rows the person must look at: rejected ones and those worked by others (METHOD 4:
    the checked list goes to the head and the manager)."""
    return [
        (r.number, r.name, str(Outcome(r.outcome).label), "; ".join([r.reason, *r.notes]))
        for r in rows
        if r.outcome in (Outcome.REJECTED, Outcome.CONFLICT)
    ]


def preview_import(
    *, data: bytes, filename: str, acting_user: User, owner: User | None, source: Source | None
) -> tuple[ImportBatch, list[PlannedRow]]:
    """Read and plan a list, and keep it (uncommitted) so that the person can commit it after
    reading the preview. Raises FileRejected when the file cannot be read."""
    table = read_table(data, filename)
    mapping = guess_mapping(table.headers)
    check_mapping(mapping, table.headers)
    rows = plan_import(table, mapping, owner=owner)
    batch = ImportBatch.objects.create(
        created_by=acting_user, filename=filename, source=source, owner=owner, content=data,
        file_sha256=hashlib.sha256(data).hexdigest(), **counts(rows),
    )  # fmt: skip
    return batch, rows


def replan(batch: ImportBatch) -> list[PlannedRow]:
    """The plan of a kept list against the base as it is now."""
    data = bytes(batch.content)
    table = read_table(data, batch.filename)
    mapping = guess_mapping(table.headers)
    check_mapping(mapping, table.headers)
    return plan_import(table, mapping, owner=batch.owner)


@transaction.atomic
def commit_preview(*, batch: ImportBatch, acting_user: User) -> ImportBatch:
    locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if locked.committed:
        raise RuleRefused(_("This list has already been imported."))
    data = bytes(locked.content)
    return commit_import(data=data, filename=locked.filename, rows=replan(locked),
                         acting_user=acting_user, owner=locked.owner, source=locked.source,
                         batch=locked)  # fmt: skip
