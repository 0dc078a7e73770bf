"""Every write to a company and its contacts goes through here, with its history.

Each change locks the company row, does nothing when nothing changes, and writes one history
record naming who (or which rule) made it and why: owner, section, state and size tag by their
own change functions, every other field and every contact with its old and new value (nothing
typed is lost). Owner, section and state are the algorithm's: its services (claim, assign,
move, triage, ...) call the change functions here; an edit never sets them.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from django.db import IntegrityError, connection, transaction
from django.db.models import (
    Case,
    CharField,
    DateTimeField,
    Exists,
    F,
    Field,
    ForeignKey,
    IntegerField,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, Lead, RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from otdel.db import batched, create_objects, insert_rows, insert_select
from otdel.org.models import User
from otdel.recorded import fitted, recorded
from otdel.stages import config
from otdel.stages.models import StageKind

from .matching import name_blocks
from .models import (
    LIST_SEPARATOR,
    Company,
    CompanyEvent,
    CompanyStay,
    Contact,
    Email,
    NameBlock,
    Phone,
    SavedFilter,
    SizeRule,
    Source,
)
from .normalise import name_key, website_domain
from .rules import SizeThreshold, email_domain, fold_name, size_tag_for, split_typed_name

Kind = CompanyEvent.Kind


def _owner_text(user: User | None) -> str:
    return str(user) if user else ""


BULK = 2000


def _record(
    company: Company,
    kind: str,
    old: str,
    new: str,
    *,
    acting_user: User | None,
    reason: str = "",
    rule: str = "",
    field: str = "",
    contact: Contact | None = None,
) -> CompanyEvent:
    event = CompanyEvent.objects.create(
        company=company,
        kind=kind,
        field=field,
        contact=contact,
        old_value=old,
        new_value=new,
        actor=acting_user,
        reason=fitted(reason, 500),
        rule=rule,
    )
    if kind == Kind.STATE:
        stays_follow(CompanyEvent.objects.filter(pk=event.pk))
    return event


def lock_company(company: Company | int, *related: str) -> Company:
    """The company's row, locked until the transaction ends; `related` rows are read along."""
    pk = company.pk if isinstance(company, Company) else company
    return Company.objects.select_for_update(of=("self",)).select_related(*related).get(pk=pk)


def _replace_phones(company: Company, contact: Contact | None, numbers: Sequence[str]) -> None:
    Phone.objects.filter(company=company, contact=contact).delete()
    Phone.objects.bulk_create(
        Phone(company=company, contact=contact, number=n) for n in dict.fromkeys(numbers)
    )


def _replace_emails(company: Company, contact: Contact | None, addresses: Sequence[str]) -> None:
    Email.objects.filter(company=company, contact=contact).delete()
    Email.objects.bulk_create(
        Email(company=company, contact=contact, address=a, domain=email_domain(a))
        for a in dict.fromkeys(a.lower() for a in addresses)
    )


def _split_legal_form(company: Company) -> None:
    """A legal form typed into the name is kept apart, so the name sorts by itself."""
    company.legal_form, company.legal_name = split_typed_name(
        company.legal_name, company.legal_form
    )


def _refresh_keys(company: Company) -> None:
    """The derived columns that search and prospect matching read."""
    company.search_name = fold_name(f"{company.short_name} {company.legal_name}")
    # The key of the name as written with its form, as a prospect list writes it.
    company.name_key = name_key(company.full_legal_name)
    company.website_domain = website_domain(company.website)


def file_name_blocks(companies: Sequence[Company]) -> None:
    """File companies' names under their fuzzy-matching blocks, anew."""
    NameBlock.objects.filter(company__in=[c.pk for c in companies]).delete()
    NameBlock.objects.bulk_create(
        NameBlock(company=c, block=block) for c in companies for block in name_blocks(c.name_key)
    )


def _size_thresholds() -> list[SizeThreshold]:
    return [
        SizeThreshold(r.tag, r.min_employees, r.min_annual_revenue, r.min_expected_volume)
        for r in SizeRule.objects.all()
    ]


def _refresh_size_tag(company: Company, *, acting_user: User | None, rule: str = "") -> None:
    if company.size_tag_fixed:
        return
    new = size_tag_for(
        employees=company.employees,
        annual_revenue=company.annual_revenue,
        expected_volume=company.expected_volume,
        rules=_size_thresholds(),
    )
    if new != company.size_tag:
        _record(
            company,
            Kind.SIZE_TAG,
            company.size_tag,
            new,
            acting_user=acting_user,
            rule=rule or "size_rules",
        )
        company.size_tag = new
        company.save(update_fields=["size_tag", "updated_at"])


@transaction.atomic
def company_create(
    *,
    company: Company,
    acting_user: User | None,
    phones: Sequence[str] = (),
    emails: Sequence[str] = (),
    product_groups: Iterable[Any] | None = None,
    rule: str = "",
) -> Company:
    """Save a new company built from validated input, with its "created" history record."""
    algorithm = config.current()
    if company.state not in algorithm.codes(*config.WORKING_KINDS, StageKind.CLIENT):
        company.state = algorithm.first(StageKind.NEW)
    _split_legal_form(company)
    _refresh_keys(company)
    company.save()
    file_name_blocks([company])
    if product_groups is not None:
        company.product_groups.set(product_groups)
    _replace_phones(company, None, phones)
    _replace_emails(company, None, emails)
    _record(company, Kind.CREATED, "", company.full_legal_name, acting_user=acting_user, rule=rule)
    stays_open([company])
    if company.owner_id:
        _record(
            company, Kind.OWNER, "", _owner_text(company.owner), acting_user=acting_user, rule=rule
        )
    _refresh_size_tag(company, acting_user=acting_user, rule=rule)
    return company


@dataclass
class NewCompany:
    company: Company
    phones: Sequence[str] = ()
    emails: Sequence[str] = ()
    contact_name: str = ""


@transaction.atomic
def companies_create(*, new: Sequence[NewCompany], acting_user: User | None, rule: str) -> None:
    """The set-based twin of company_create, for lists: the same derived keys, first state,
    size tag, phones, e-mails, contact person, name blocks and "created" history, in a few INSERTs per table
    whatever the number of companies. Sets the primary keys on the given companies."""
    first_state = config.current().first(StageKind.NEW)
    thresholds = _size_thresholds()
    allowed = config.current().codes(*config.WORKING_KINDS, StageKind.CLIENT)
    for item in new:
        company = item.company
        if company.state not in allowed:
            company.state = first_state
        _split_legal_form(company)
        _refresh_keys(company)
        if not company.size_tag_fixed:
            company.size_tag = size_tag_for(
                employees=company.employees,
                annual_revenue=company.annual_revenue,
                expected_volume=company.expected_volume,
                rules=thresholds,
            )
    companies = create_objects(Company, [item.company for item in new])
    stays_open(companies)
    insert_rows(
        Phone,
        ["company", "number"],
        ((item.company.pk, n) for item in new for n in dict.fromkeys(item.phones)),
    )
    insert_rows(
        Email,
        ["company", "address", "domain"],
        (
            (item.company.pk, a, email_domain(a))
            for item in new
            for a in dict.fromkeys(a.lower() for a in item.emails)
        ),
    )
    insert_rows(
        NameBlock,
        ["company", "block"],
        ((c.pk, b) for c in companies for b in name_blocks(c.name_key)),
    )
    insert_rows(
        Contact,
        ["company", "full_name", "job_title", "is_decision_maker", "note"],
        (
            (item.company.pk, item.contact_name[:200], "", False, "")
            for item in new
            if item.contact_name
        ),
    )
    now = timezone.now()
    columns = ["company", "kind", "old_value", "new_value", "actor", "rule", "reason", "at"]
    actor = acting_user.pk if acting_user else None
    insert_rows(
        CompanyEvent,
        columns,
        ((c.pk, Kind.CREATED, "", c.full_legal_name, actor, rule, "", now) for c in companies),
    )
    insert_rows(
        CompanyEvent,
        columns,
        (
            (c.pk, Kind.SIZE_TAG, "", c.size_tag, actor, rule or "size_rules", "", now)
            for c in companies
            if c.size_tag
        ),
    )


def contacts_add(additions: Mapping[int, tuple[list[str], list[str]]]) -> None:
    """Add phones and e-mails to existing companies (company id -> (phones, e-mails)), those
    they do not have yet, in a constant number of queries per BULK companies."""
    for part in batched(sorted(additions), BULK):
        phones = set(Phone.objects.filter(company_id__in=part).values_list("company_id", "number"))
        emails = set(Email.objects.filter(company_id__in=part).values_list("company_id", "address"))
        new_phones = {(pk, n) for pk in part for n in additions[pk][0]} - phones
        new_emails = {(pk, a.lower()) for pk in part for a in additions[pk][1]} - emails
        insert_rows(Phone, ["company", "number"], sorted(new_phones))
        insert_rows(
            Email,
            ["company", "address", "domain"],
            ((pk, a, email_domain(a)) for pk, a in sorted(new_emails)),
        )


# Owner, section and state move only through the algorithm's services (claim, assign, move,
# triage, ...), which call the change functions below; an edit never sets them (issue 12).
ALGORITHM_FIELDS = ("owner", "section", "state", "reactivation_date")


def _as_text(row: Model, name: str) -> str:
    """A field's value as the history keeps it: a listed item by its (unique) name."""
    field = cast(Field, row._meta.get_field(name))
    value = getattr(row, name)
    if value is None:
        return ""
    if isinstance(field, ForeignKey):
        return str(value)
    return field.value_to_string(row)


def _list_text(values: Iterable[str]) -> str:
    return LIST_SEPARATOR.join(values)


def _own_lists(company: Company, contact: Contact | None) -> tuple[list[str], list[str]]:
    phones = Phone.objects.filter(company=company, contact=contact).values_list("number", flat=True)
    emails = Email.objects.filter(company=company, contact=contact).values_list(
        "address", flat=True
    )
    return list(phones), list(emails)


def _list_changes(
    old: tuple[list[str], list[str]], phones: Sequence[str] | None, emails: Sequence[str] | None
) -> list[tuple[str, str, str]]:
    """Phones and e-mails compare as sets: the same numbers in another order are no change."""
    changes = []
    for name, before, after in (("phones", old[0], phones), ("emails", old[1], emails)):
        if after is None:
            continue
        after = list(
            dict.fromkeys(a.lower() for a in after) if name == "emails" else dict.fromkeys(after)
        )
        if set(before) != set(after):
            changes.append((name, _list_text(before), _list_text(after)))
    return changes


@transaction.atomic
def company_update(
    *,
    company: Company | int,
    acting_user: User | None,
    changes: dict[str, Any],
    phones: Sequence[str] | None = None,
    emails: Sequence[str] | None = None,
    product_groups: Iterable[Any] | None = None,
    reason: str = "",
    rule: str = "",
) -> Company:
    """Apply an edit; every changed field is written to the history with its old and new value.
    A size tag set by hand goes through company_set_size_tag."""
    refused = set(changes) & set(ALGORITHM_FIELDS)
    if refused:
        raise ValueError(f"{', '.join(sorted(refused))}: changed by the algorithm's services only")
    locked = lock_company(company)
    if {"legal_name", "legal_form"} & set(changes):
        changes = dict(changes)
        changes["legal_form"], changes["legal_name"] = split_typed_name(
            changes.get("legal_name", locked.legal_name),
            changes.get("legal_form", locked.legal_form),
        )
    changed: list[tuple[str, str, str]] = []
    for field, value in changes.items():
        if field == "size_tag":
            continue
        old = _as_text(locked, field)
        setattr(locked, field, value)
        if (new := _as_text(locked, field)) != old:
            changed.append((field, old, new))
    old_key = locked.name_key
    _refresh_keys(locked)
    locked.save()
    if locked.name_key != old_key:
        file_name_blocks([locked])
    if product_groups is not None:
        groups = list(product_groups)
        before = [str(g) for g in locked.product_groups.all()]
        if set(before) != {str(g) for g in groups}:
            changed.append(("product_groups", _list_text(before), _list_text(map(str, groups))))
        locked.product_groups.set(groups)
    changed += _list_changes(_own_lists(locked, None), phones, emails)
    if phones is not None:
        _replace_phones(locked, None, phones)
    if emails is not None:
        _replace_emails(locked, None, emails)
    for field, old, new in changed:
        _record(
            locked,
            Kind.FIELD,
            old,
            new,
            acting_user=acting_user,
            reason=reason,
            rule=rule,
            field=field,
        )
    if "size_tag" in changes and locked.size_tag_fixed:
        company_set_size_tag(
            company=locked, size_tag=changes["size_tag"], acting_user=acting_user, reason=reason
        )
    _refresh_size_tag(locked, acting_user=acting_user)
    return locked


def _change(
    company: Company | int,
    field: str,
    kind: str,
    new_value: Any,
    *,
    old_text: str | None = None,
    new_text: str | None = None,
    acting_user: User | None,
    reason: str,
    rule: str,
) -> Company:
    locked = lock_company(company)
    attname = cast(Field, Company._meta.get_field(field)).attname
    new_raw = getattr(new_value, "pk", new_value)
    if getattr(locked, attname) == new_raw:
        return locked
    old_display = old_text if old_text is not None else str(getattr(locked, field) or "")
    setattr(locked, field, new_value)
    locked.save(update_fields=[field, "updated_at"])
    new_display = new_text if new_text is not None else str(new_value or "")
    _record(
        locked, kind, old_display, new_display, acting_user=acting_user, reason=reason, rule=rule
    )
    if kind == Kind.OWNER:
        CompanyStay.objects.filter(company=locked).update(owner=new_raw)
    if isinstance(company, Company):
        setattr(company, field, new_value)
    return locked


@transaction.atomic
def company_reassign(
    *,
    company: Company | int,
    new_owner: User | None,
    acting_user: User | None,
    reason: str = "",
    rule: str = "",
) -> Company:
    """Give the company to another manager (or to nobody)."""
    locked = lock_company(company)
    return _change(
        locked,
        "owner",
        Kind.OWNER,
        new_owner,
        old_text=_owner_text(locked.owner),
        new_text=_owner_text(new_owner),
        acting_user=acting_user,
        reason=reason,
        rule=rule,
    )


@transaction.atomic
def company_move_to_section(
    *,
    company: Company | int,
    section: str,
    acting_user: User | None,
    reason: str = "",
    rule: str = "",
) -> Company:
    return _change(
        company, "section", Kind.SECTION, section, acting_user=acting_user, reason=reason, rule=rule
    )


@transaction.atomic
def company_set_state(
    *,
    company: Company | int,
    state: str,
    acting_user: User | None,
    reason: str = "",
    rule: str = "",
) -> Company:
    return _change(
        company, "state", Kind.STATE, state, acting_user=acting_user, reason=reason, rule=rule
    )


@transaction.atomic
def company_set_size_tag(
    *,
    company: Company | int,
    size_tag: str,
    acting_user: User | None,
    reason: str = "",
    rule: str = "",
) -> Company:
    """A size tag set by hand; the size rules leave such a company alone."""
    return _change(
        company,
        "size_tag",
        Kind.SIZE_TAG,
        size_tag,
        acting_user=acting_user,
        reason=reason,
        rule=rule,
    )


def _size_tag_expression(thresholds: Sequence[SizeThreshold]) -> Case:
    whens = []
    for t in thresholds:
        condition = Q(pk__in=[])
        if t.min_employees is not None:
            condition |= Q(employees__gte=t.min_employees)
        if t.min_annual_revenue is not None:
            condition |= Q(annual_revenue__gte=t.min_annual_revenue)
        if t.min_expected_volume is not None:
            condition |= Q(expected_volume__gte=t.min_expected_volume)
        whens.append(When(condition, then=Value(t.tag)))
    return Case(*whens, default=Value(""))


def size_tags_recompute(*, acting_user: User | None, rule: str = "size_rules") -> int:
    """Apply the size rules to the whole base after they changed; returns how many moved."""
    expression = _size_tag_expression(_size_thresholds())
    changed: QuerySet[Company] = (
        Company.objects.filter(size_tag_fixed=False)
        .annotate(new_tag=expression)
        .exclude(size_tag=F("new_tag"))
    )
    return record_and_update(
        changed,
        kind=Kind.SIZE_TAG,
        rule=rule,
        acting_user=acting_user,
        old_value=F("size_tag"),
        new_value=expression,
        updates={"size_tag": expression},
    )


@transaction.atomic
def record_and_update(
    companies: QuerySet[Company],
    *,
    kind: str,
    rule: str,
    acting_user: User | None,
    old_value: Any,
    new_value: Any,
    updates: dict[str, Any],
    reason: str = "",
) -> int:
    """The set-based twin of the change functions, for rules and bulk actions.

    Two statements, whatever the number of companies: INSERT ... SELECT writes one history row
    per selected company (the rows are locked as they are read), then one UPDATE changes
    exactly the companies this run recorded. Returns how many changed.
    """
    at = timezone.now()
    text = CharField()
    rows = (
        companies.select_for_update(of=("self",))
        .annotate(
            _kind=Value(kind, output_field=text),
            _old=Cast(old_value, output_field=text),
            _new=Cast(new_value, output_field=text),
            _actor=Value(acting_user.pk if acting_user else None, output_field=IntegerField()),
            _rule=Value(rule, output_field=text),
            _reason=Value(fitted(reason, 500), output_field=text),
            _at=Value(at, output_field=DateTimeField()),
        )
        .order_by()
        .values_list("pk", "_kind", "_old", "_new", "_actor", "_rule", "_reason", "_at")
    )
    fields = ["company", "kind", "old_value", "new_value", "actor", "rule", "reason", "at"]
    recorded = insert_select(CompanyEvent, fields, rows)
    if recorded:
        this_run = CompanyEvent.objects.filter(at=at, rule=rule, kind=kind)
        Company.objects.filter(pk__in=this_run.values("company_id")).update(**updates)
        if kind == Kind.STATE:
            stays_follow(this_run)
        if kind == Kind.OWNER:
            _stays_take_the_owner(this_run)
    return recorded


def _stays_take_the_owner(changes: QuerySet[CompanyEvent]) -> None:
    """The stays of the companies these owner changes were written for take the new owner, in
    one statement: the funnel reads the current owner from the stays."""
    CompanyStay.objects.filter(company__in=changes.values("company_id")).update(
        owner=Subquery(Company.all_objects.filter(pk=OuterRef("company")).values("owner")[:1])
    )


_STAY_COLUMNS = ["company", "owner", "state", "entered_at", "left_at", "next_state", "reason"]
_OPEN_STAY_COLUMNS = ["company", "owner", "state", "entered_at"]


def stays_open(companies: Iterable[Company]) -> None:
    """The stays of these new companies in the states they were created in, from their creation:
    every company has a stay, so the funnel counts the companies that have not moved since as
    the others, without looking at the companies."""
    insert_rows(
        CompanyStay,
        _OPEN_STAY_COLUMNS,
        ((c.pk, c.owner_id, c.state, c.created_at) for c in companies),
    )


# A company's first move ends the stay it had since its creation: cut anew from the history.
_FIRST_STAY = (
    "company",
    "company__owner",
    "old_value",
    "company__created_at",
    "at",
    "new_value",
    "reason",
)


def stays_follow(moves: QuerySet[CompanyEvent]) -> None:
    """The stays after these state moves, just written, each its company's latest: the stay
    each company was in (since its creation, or its last move) ends with its move, and a new one
    begins. Two statements, whatever the number of moves: the rules move thousands of companies
    at once."""
    moves = moves.order_by()
    table = connection.ops.quote_name(CompanyStay._meta.db_table)
    moves_sql, params = moves.values(
        "company_id", "at", "new_value", "reason"
    ).query.sql_with_params()
    with connection.cursor() as cursor:
        # UPDATE ... FROM: PostgreSQL, and SQLite since 3.33.
        cursor.execute(
            f"UPDATE {table} SET left_at = move.at, next_state = move.new_value, "  # noqa: S608
            f"reason = move.reason FROM ({moves_sql}) move "
            f"WHERE {table}.company_id = move.company_id AND {table}.left_at IS NULL",
            params,
        )
    insert_select(
        CompanyStay,
        _OPEN_STAY_COLUMNS,
        moves.values_list("company", "company__owner", "new_value", "at"),
    )


def stays_rebuild(companies: QuerySet[Company] | None = None) -> int:
    """The stays of these companies (of all when None) cut anew from their state history: after
    a merge brought one company's moves to another, after past moves were written in among the
    company's own, and to repair the table. A company that has not moved stays where it was
    created; one merged into another has no stays, its moves are the survivor's. Returns how
    many stays it wrote."""
    stays = CompanyStay.objects.all()
    moves = CompanyEvent.objects.filter(kind=Kind.STATE).order_by()
    unmoved = Company.objects.order_by()
    if companies is not None:
        ids = companies.order_by().values("pk")
        stays, moves = stays.filter(company__in=ids), moves.filter(company__in=ids)
        unmoved = unmoved.filter(pk__in=ids)
    stays.delete()
    unmoved = unmoved.exclude(
        Exists(CompanyEvent.objects.filter(company=OuterRef("pk"), kind=Kind.STATE))
    )
    written = insert_select(
        CompanyStay, _OPEN_STAY_COLUMNS, unmoved.values_list("pk", "owner", "state", "created_at")
    )

    def in_order(expression: Any) -> Window:
        return Window(expression, partition_by=[F("company_id")], order_by=[F("at"), F("pk")])

    first = moves.annotate(n=in_order(RowNumber())).filter(n=1)
    written += insert_select(CompanyStay, _STAY_COLUMNS, first.values_list(*_FIRST_STAY))
    return written + insert_select(
        CompanyStay,
        _STAY_COLUMNS,
        moves.annotate(
            _left=in_order(Lead("at")),
            _next=in_order(Lead("new_value", default=Value(""))),
            _why=in_order(Lead("reason", default=Value(""))),
        ).values_list("company", "company__owner", "new_value", "at", "_left", "_next", "_why"),
    )


_CONTACT_FIELDS = ("full_name", "job_title", "is_decision_maker", "note")


@transaction.atomic
def contact_save(
    *,
    contact: Contact,
    phones: Sequence[str],
    emails: Sequence[str],
    acting_user: User | None = None,
    reason: str = "",
    rule: str = "",
) -> Contact:
    """Save a contact person with his phones and e-mails, all or nothing; the company's history
    gets the new contact, or each changed field with its old and new value."""
    company = lock_company(contact.company_id)
    if contact.pk is None:
        contact.save()
        _replace_phones(company, contact, phones)
        _replace_emails(company, contact, emails)
        _record(
            company,
            Kind.CONTACT_ADDED,
            "",
            contact.full_name,
            acting_user=acting_user,
            contact=contact,
        )
        return contact
    before = Contact.objects.get(pk=contact.pk)
    changed = [(f, _as_text(before, f), _as_text(contact, f)) for f in _CONTACT_FIELDS]
    changed = [(f, old, new) for f, old, new in changed if old != new]
    changed += _list_changes(_own_lists(company, contact), phones, emails)
    contact.save()
    _replace_phones(company, contact, phones)
    _replace_emails(company, contact, emails)
    for field, old, new in changed:
        _record(
            company,
            Kind.CONTACT,
            old,
            new,
            acting_user=acting_user,
            reason=reason,
            rule=rule,
            field=field,
            contact=contact,
        )
    return contact


@transaction.atomic
def contact_archive(*, contact: Contact, acting_user: User | None) -> Contact:
    """Take a contact off the card and the lists, keeping him and his history (never deleted)."""
    company = lock_company(contact.company_id)
    locked = Contact.objects.select_for_update().get(pk=contact.pk)
    if locked.archived_at is not None:
        return locked
    locked.archived_at = timezone.now()
    locked.archived_by = acting_user
    locked.save(update_fields=["archived_at", "archived_by"])
    _record(
        company,
        Kind.CONTACT_ARCHIVED,
        locked.full_name,
        "",
        acting_user=acting_user,
        contact=locked,
    )
    return locked


class RestoreRefused(Exception):
    """The value in the history cannot be put back now; the message says why."""


@transaction.atomic
def contact_restore(*, contact: Contact, acting_user: User | None, reason: str = "") -> Contact:
    company = lock_company(contact.company_id)
    locked = Contact.objects.select_for_update().get(pk=contact.pk)
    if locked.archived_at is None:
        raise RestoreRefused(_("This contact is not archived."))
    locked.archived_at = None
    locked.archived_by = None
    locked.save(update_fields=["archived_at", "archived_by"])
    _record(
        company,
        Kind.CONTACT_RESTORED,
        "",
        locked.full_name,
        acting_user=acting_user,
        contact=locked,
        reason=reason,
        rule="restore",
    )
    return locked


def _from_text(model: type[Model], name: str, text: str) -> Any:
    """A field's value back from its text in the history."""
    field = cast(Field, model._meta.get_field(name))
    if text == "":
        return None if field.null else ""
    if isinstance(field, ForeignKey):
        item = field.related_model._default_manager.filter(name=text).first()
        if item is None:
            raise RestoreRefused(
                _("“%(value)s” is no longer in the list of %(field)s.")
                % {"value": text, "field": field.verbose_name}
            )
        return item
    return field.to_python(text)


def _old_list(event: CompanyEvent) -> list[str]:
    return event.old_value.split(LIST_SEPARATOR) if event.old_value else []


@transaction.atomic
def event_restore(*, event: CompanyEvent, acting_user: User) -> None:
    """Put back the value a history row changed (of the company or of a contact), or the
    contact it archived; the restore is a history row of its own."""
    if not event.restorable:
        raise RestoreRefused(_("This change cannot be restored."))
    reason = recorded(gettext_lazy("restored from the history of %(when)s"), when=event.at)
    if event.kind in (Kind.CONTACT_ARCHIVED, Kind.CONTACT):
        contact = Contact.objects.get(pk=event.contact_id or 0)
        if event.kind == Kind.CONTACT_ARCHIVED:
            contact_restore(contact=contact, acting_user=acting_user, reason=reason)
            return
        phones, emails = _own_lists(contact.company, contact)
        if event.field == "phones":
            phones = _old_list(event)
        elif event.field == "emails":
            emails = _old_list(event)
        else:
            setattr(contact, event.field, _from_text(Contact, event.field, event.old_value))
        contact_save(
            contact=contact,
            phones=phones,
            emails=emails,
            acting_user=acting_user,
            reason=reason,
            rule="restore",
        )
        return
    lists: dict[str, Any] = {}
    changes: dict[str, Any] = {}
    if event.field in ("phones", "emails"):
        lists[event.field] = _old_list(event)
    else:
        changes[event.field] = _from_text(Company, event.field, event.old_value)
    try:
        # A savepoint: a value another company took meanwhile (tax id, OGRN) refuses cleanly.
        with transaction.atomic():
            company_update(
                company=event.company_id,
                acting_user=acting_user,
                changes=changes,
                reason=reason,
                rule="restore",
                **lists,
            )
    except IntegrityError as error:
        raise RestoreRefused(_("Another company holds this value now.")) from error


class MergeRefused(Exception):
    """The two companies cannot be merged; the message says why."""


_FILLED_FROM_DUPLICATE = (
    "short_name",
    "legal_form",
    "tax_id",
    "kpp",
    "ogrn",
    "website",
    "legal_address",
    "actual_address",
    "category_id",
    "segment_id",
    "source_id",
    "territory_id",
    "employees",
    "annual_revenue",
    "expected_volume",
    "reactivation_date",
)


# What a merge hands over of the rows the apps above base keep of a company, registered by them
# from their AppConfig.ready(): the algorithm hands the duplicate's activities to the survivor.
# app label -> a call with the duplicate's id and the survivor's id, inside the merge's transaction.
_MERGE_HAND_OVERS: dict[str, Callable[[int, int], None]] = {}


def register_merge_hand_over(app: str, hand_over: Callable[[int, int], None]) -> None:
    _MERGE_HAND_OVERS[app] = hand_over


@transaction.atomic
def company_merge(
    *, survivor: Company | int, duplicate: Company | int, acting_user: User | None, reason: str = ""
) -> Company:
    """Merge a duplicate into the survivor: contacts, phones, e-mails, activities and history
    move over, empty fields of the survivor are filled from the duplicate, and the duplicate's
    address redirects to the survivor from now on."""
    survivor_id = survivor.pk if isinstance(survivor, Company) else survivor
    duplicate_id = duplicate.pk if isinstance(duplicate, Company) else duplicate
    if survivor_id == duplicate_id:
        raise MergeRefused(_("A company cannot be merged into itself."))
    # Both rows locked, in id order, so two merges of the same pair cannot deadlock.
    locked = {
        c.pk: c
        for c in Company.objects.select_for_update(of=("self",))
        .filter(pk__in=[survivor_id, duplicate_id])
        .order_by("pk")
    }
    if len(locked) != 2:
        raise MergeRefused(_("One of the companies no longer exists or was merged already."))
    keep, gone = locked[survivor_id], locked[duplicate_id]
    filled = [
        f
        for f in _FILLED_FROM_DUPLICATE
        if getattr(keep, f) in (None, "") and getattr(gone, f) not in (None, "")
    ]
    values = {f: getattr(gone, f) for f in filled}
    # The unique tax id and OGRN leave the duplicate before the survivor takes them.
    Company.objects.filter(pk=gone.pk).update(tax_id="", ogrn="", merged_into=keep)
    for field, value in values.items():
        setattr(keep, field, value)
    _refresh_keys(keep)
    keep.save()
    keep.product_groups.add(*gone.product_groups.all())
    Contact.objects.filter(company=gone).update(company=keep)
    known_phones = set(Phone.objects.filter(company=keep).values_list("number", flat=True))
    Phone.objects.filter(company=gone, number__in=known_phones, contact__isnull=True).delete()
    Phone.objects.filter(company=gone).update(company=keep)
    known_emails = set(Email.objects.filter(company=keep).values_list("address", flat=True))
    Email.objects.filter(company=gone, address__in=known_emails, contact__isnull=True).delete()
    Email.objects.filter(company=gone).update(company=keep)
    for hand_over in _MERGE_HAND_OVERS.values():
        hand_over(gone.pk, keep.pk)
    CompanyEvent.objects.filter(company=gone).update(company=keep)
    stays_rebuild(Company.all_objects.filter(pk__in=[keep.pk, gone.pk]))
    _record(
        keep,
        Kind.MERGED,
        f"#{gone.pk} {gone.full_legal_name}",
        keep.full_legal_name,
        acting_user=acting_user,
        reason=reason,
    )
    return keep


def company_history_add(
    *,
    company: Company,
    kind: str,
    old: str,
    new: str,
    acting_user: User | None,
    reason: str = "",
    rule: str = "",
) -> CompanyEvent:
    """A history row for a change another app's service made to the company (its class, its
    hand-off), so that the company's history keeps a single writer."""
    return _record(company, kind, old, new, acting_user=acting_user, reason=reason, rule=rule)


@dataclass(frozen=True)
class PastMove:
    """A move between states made before the company's history was kept here."""

    old: str
    new: str
    at: datetime
    reason: str = ""


@transaction.atomic
def company_moves_import(
    *, company: Company, moves: Sequence[PastMove], acting_user: User | None, rule: str
) -> int:
    """A company's earlier moves between states, each at its own moment, as another system kept
    them (or the demo's weeks of work): written into the history, which the funnel reads like
    any move, while the company's state stays as it is now."""
    actor = acting_user.pk if acting_user else None
    insert_rows(
        CompanyEvent,
        ["company", "kind", "old_value", "new_value", "actor", "rule", "reason", "at"],
        (
            (company.pk, Kind.STATE, m.old, m.new, actor, rule, fitted(m.reason, 500), m.at)
            for m in moves
        ),
    )
    stays_rebuild(Company.all_objects.filter(pk=company.pk))
    return len(moves)


def source_get_or_create(*, name: str) -> Source:
    """The source of that name, made on first use (a list imported from the command line names
    its source in words). A source has no owner or state, so it has no history."""
    source, _created = Source.objects.get_or_create(name=name)
    return source


class FilterRefused(Exception):
    """A saved filter that cannot be kept as asked; the message says why."""


def saved_filter_save(*, user: User, name: str, query: str) -> SavedFilter:
    """Keep the list's filter under a name; the same name again replaces the older one."""
    name = name.strip()
    if not name:
        raise FilterRefused(_("Name the filter to save it."))
    if len(name) > SavedFilter.NAME_LENGTH:
        raise FilterRefused(
            _("The filter's name is too long: at most %(n)s characters.")
            % {"n": SavedFilter.NAME_LENGTH}
        )
    if len(query) > SavedFilter.QUERY_LENGTH:
        raise FilterRefused(_("This filter is too long to save."))
    saved, _created = SavedFilter.objects.update_or_create(
        user=user, name=name, defaults={"query": query}
    )
    return saved


def saved_filter_delete(*, user: User, pk: int) -> SavedFilter:
    """Delete one of the user's own saved filters (another's does not exist for him)."""
    saved = SavedFilter.objects.get(user=user, pk=pk)
    saved.delete()
    return saved
