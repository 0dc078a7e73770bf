"""What becomes of each row of a prospect list (METHOD 4), as plain functions: a row is read
and rejected with its reason, or, given what the base and the earlier rows hold for its keys,
it is new, already in the base (merged) or worked by another manager (struck off)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Field
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from otdel.base.matching import NameMatch
from otdel.base.models import Company, TaxIdKind
from otdel.base.normalise import company_email_domain, name_key, website_domain
from otdel.base.rules import normalise_phone, normalise_tax_id
from otdel.recorded import Percent, recorded, shown

from .files import Table, check_mapping
from .models import Outcome

Progress = Callable[[int], None]  # told the percent done
_SPLIT = (",", ";", "/", "\n")


def silent(percent: int) -> None:
    """The progress of work nobody watches."""


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

    @cached_property
    def match_keys(self) -> list[tuple[str, str]]:
        """The row's keys, read once a row is parsed (matching looks them up several times)."""
        keys = [("tax_id", self.tax_id)] if self.tax_id else []
        keys += [("phone", p) for p in self.phones]
        if self.website:
            keys.append(("website", website_domain(self.website)))
        keys += [("email", d) for d in {company_email_domain(e) for e in self.emails} if d]
        keys.append(("name", self.key))
        return [(kind, value) for kind, value in keys if value]


_FIELD_OF_COLUMN = {
    "name": "legal_name",
    "tax_id": "tax_id",
    "website": "website",
    "address": "actual_address",
}
_FIELDS = {
    column: cast(Field, Company._meta.get_field(f)) for column, f in _FIELD_OF_COLUMN.items()
}


def row_parse(number: int, cells: list[str], mapping: dict[str, int], error: str) -> PlannedRow:
    """A row of the file as the base would keep it, or rejected with the reason."""
    values = {f: cells[i].strip() if i < len(cells) else "" for f, i in mapping.items()}
    row = PlannedRow(number=number, name=values.get("name", ""), values=values)
    row.key = name_key(row.name)
    if error:
        row.outcome, row.reason = Outcome.REJECTED, error
        return row
    if not row.name:
        row.outcome, row.reason = Outcome.REJECTED, recorded(gettext_lazy("no company name"))
        return row
    for column, model_field in _FIELDS.items():
        if len(values.get(column, "")) > (model_field.max_length or 0):
            row.outcome = Outcome.REJECTED
            row.reason = recorded(
                gettext_lazy("%(column)s is longer than %(limit)s characters"),
                column=model_field.verbose_name,
                limit=model_field.max_length,
            )
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


def column_indices(table: Table, columns: dict[str, str]) -> dict[str, int]:
    """Field -> column number of the headers chosen; FileRejected when the name has none."""
    mapping = {f: table.headers.index(h) for f, h in columns.items() if h in table.headers}
    check_mapping(mapping, table.headers)
    return mapping


def _similar_text(name: str, match: NameMatch) -> str:
    if match.contained:
        return recorded(
            gettext_lazy("one name contains the other: “%(name)s”, %(score)s"),
            name=name,
            score=Percent(match.score),
        )
    return recorded(
        gettext_lazy("similar name “%(name)s”, %(score)s"), name=name, score=Percent(match.score)
    )


_REASON_OF_KEY = {
    "tax_id": gettext_lazy("same tax id"),
    "phone": gettext_lazy("same phone"),
    "website": gettext_lazy("same website"),
    "email": gettext_lazy("same e-mail domain"),
    "name": gettext_lazy("same name"),
}


def rows_decide(
    rows: list[PlannedRow],
    *,
    exact: dict[int, tuple[tuple[str, str], int] | None],
    similar: dict[str, tuple[int, NameMatch]],
    in_file: dict[str, tuple[str, NameMatch | None]],
    companies: dict[int, Company],
    owner_names: dict[int, str],
    owner_id: int | None,
    state_label: Callable[[str], object],
) -> None:
    """Set the outcome of each usable row, in file order, from what was found for it: `exact`
    (row number -> the key and company found in the base), `similar` (name key -> the company
    of the base with the most alike name), `in_file` (name key -> its group of alike names in
    the file and the link to it). A company of the base worked by someone other than `owner`
    strikes the row off; otherwise it is merged, as is a row that repeats an earlier one."""
    seen_in_file: dict[tuple[str, str], int] = {}
    first_of_group: dict[str, PlannedRow] = {}
    name_of_key: dict[str, str] = {}
    for row in rows:
        name_of_key.setdefault(row.key, row.name)
    for row in rows:
        found = exact[row.number]
        if found:
            (kind, _value), row.company_id = found
            row.score, why = 100, recorded(_REASON_OF_KEY[kind])
        elif row.key in similar:
            row.company_id, match = similar[row.key]
            row.score = match.score
            why = _similar_text(companies[row.company_id].full_legal_name, match)
        if row.company_id:
            company = companies[row.company_id]
            if company.owner_id and company.owner_id != owner_id:
                row.outcome = Outcome.CONFLICT
                row.reason = recorded(
                    gettext_lazy(
                        "company #%(id)s (%(why)s): worked by %(owner)s, state %(state)s, "
                        "since %(date)s"
                    ),
                    id=str(company.pk),
                    why=why,
                    owner=owner_names.get(company.owner_id, ""),
                    state=state_label(company.state),
                    date=timezone.localdate(company.owned_since or company.created_at),
                )
            else:
                row.outcome = Outcome.DUPLICATE
                row.reason = recorded(
                    gettext_lazy("company #%(id)s (%(why)s)"), id=str(company.pk), why=why
                )
            continue
        earlier = next((seen_in_file[k] for k in row.match_keys if k in seen_in_file), None)
        group, link = in_file[row.key]
        if earlier is None and group in first_of_group and link is not None:
            earlier = first_of_group[group].number
            row.score = link.score
            why = _similar_text(name_of_key[link.key], link)
            row.reason = recorded(
                gettext_lazy("same company as row %(row)s (%(why)s)"), row=str(earlier), why=why
            )
        elif earlier:
            row.score = 100
            row.reason = recorded(gettext_lazy("same company as row %(row)s"), row=str(earlier))
        if earlier:
            row.outcome, row.same_as_row = Outcome.DUPLICATE, earlier
            continue
        first_of_group.setdefault(group, row)
        for key in row.match_keys:
            seen_in_file.setdefault(key, row.number)


def outcome_counts(rows: list[PlannedRow]) -> dict[str, int]:
    """How many rows of each outcome, under the names the batch keeps them."""
    result = {"rows": len(rows), "created": 0, "merged": 0, "conflicts": 0, "rejected": 0}
    field_of: dict[str, str] = {
        Outcome.NEW: "created",
        Outcome.DUPLICATE: "merged",
        Outcome.CONFLICT: "conflicts",
        Outcome.REJECTED: "rejected",
    }
    for row in rows:
        result[field_of[row.outcome]] += 1
    return result


REPORT_HEADER = ("row", "name", "outcome", "reason")


def report_rows(rows: list[PlannedRow]) -> list[tuple[int, str, str, str]]:
    """The rows the person must look at: rejected ones and those worked by others (METHOD 4:
    the checked list goes to the head and the manager)."""
    return [
        (r.number, r.name, str(Outcome(r.outcome).label), "; ".join([shown(r.reason), *r.notes]))
        for r in rows
        if r.outcome in (Outcome.REJECTED, Outcome.CONFLICT)
    ]
