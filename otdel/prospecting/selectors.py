"""Which prospect lists a person may read and commit (one place for pages, API and
downloads), and what the base already holds for the rows of a list: the dry run."""

from collections import defaultdict
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from otdel.base.matching import BLOCK_LIMIT, NameMatch, best_matches, cluster, name_blocks
from otdel.base.models import Company, Email, NameBlock, Phone, Source
from otdel.db import batched
from otdel.org.models import User
from otdel.org.rules import Scope
from otdel.org.selectors import led_departments, scope_of_user
from otdel.recorded import shown
from otdel.stages import config

from .files import FileRejected, Table, guess_mapping, read_table
from .models import ColumnMapping, ImportBatch, Outcome
from .rules import PlannedRow, Progress, column_indices, row_parse, rows_decide, silent


def visible_batches(user: User) -> QuerySet[ImportBatch]:
    """A manager sees the lists he brought; a department head also those his people brought or
    that go into their working lists; the whole base's leaders see every list."""
    batches = ImportBatch.objects.select_related("created_by", "owner", "source")
    if not user.is_authenticated or not user.is_active:
        return batches.none()
    scope = scope_of_user(user)
    if scope is Scope.ALL:
        return batches
    condition = Q(created_by=user)
    if scope is Scope.DEPARTMENT:
        departments = led_departments(user)
        condition |= Q(created_by__department__in=departments) | Q(
            owner__department__in=departments
        )
    return batches.filter(condition)


def may_change_batch(user: User, batch: ImportBatch) -> bool:
    """Its columns and its commit: the one who brought it, or a leader who answers both for
    him and for the working list it goes into (a commit writes there under his name)."""
    if batch.created_by_id == user.pk:
        return True
    scope = scope_of_user(user)
    if scope is Scope.ALL:
        return True
    if scope is not Scope.DEPARTMENT:
        return False
    departments = set(led_departments(user).values_list("pk", flat=True))
    people = [batch.created_by, batch.owner] if batch.owner else [batch.created_by]
    return all(person.department_id in departments for person in people)


def access_batch(user: User, batch_id: int, *, for_change: bool = False) -> ImportBatch:
    """The list, or 404 when the user may not know it exists, 403 when he may only read it."""
    try:
        batch = visible_batches(user).get(pk=batch_id)
    except (ImportBatch.DoesNotExist, ValueError, TypeError):
        raise Http404("No such list") from None
    if for_change and not may_change_batch(user, batch):
        raise PermissionDenied(_("This prospect list is read-only for you."))
    return batch


def companies_by_key(rows: Iterable[PlannedRow]) -> dict[tuple[str, str], int]:
    """Company ids of the base by matching key, with a number of queries that grows with the
    size of the list only (one per kind of key and db.BATCH keys), never with the base."""
    wanted: dict[str, set[str]] = {
        "tax_id": set(),
        "phone": set(),
        "website": set(),
        "email": set(),
        "name": set(),
    }
    for row in rows:
        for kind, value in row.match_keys:
            wanted[kind].add(value)
    found: dict[tuple[str, str], int] = {}
    lookups = {
        "tax_id": lambda part: Company.objects.filter(tax_id__in=part).values_list("tax_id", "pk"),
        "phone": lambda part: Phone.objects.filter(
            number__in=part, company__merged_into=None
        ).values_list("number", "company_id"),
        "website": lambda part: Company.objects.filter(website_domain__in=part).values_list(
            "website_domain", "pk"
        ),
        "email": lambda part: Email.objects.filter(
            domain__in=part, company__merged_into=None
        ).values_list("domain", "company_id"),
        "name": lambda part: Company.objects.filter(name_key__in=part).values_list(
            "name_key", "pk"
        ),
    }
    for kind, lookup in lookups.items():
        for part in batched(sorted(wanted[kind])):
            for value, company_id in lookup(part).order_by("pk"):  # the oldest company wins
                found.setdefault((kind, value), company_id)
    return found


def companies_similar_in_name(keys: set[str]) -> dict[str, tuple[int, NameMatch]]:
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
        filed = (
            NameBlock.objects.filter(block__in=part, company__merged_into=None)
            .order_by("company_id")
            .values_list("block", "company_id", "company__name_key")
        )
        for block, company_id, key in filed:
            candidates[block].add(key)
            company_of_key.setdefault(key, company_id)
    matches = best_matches(keys, {block: sorted(found) for block, found in candidates.items()})
    return {key: (company_of_key[match.key], match) for key, match in matches.items()}


def table_plan(
    table: Table, mapping: dict[str, int], *, owner: User | None, progress: Progress = silent
) -> list[PlannedRow]:
    """What would become of each row: the dry run. Writes nothing.

    A row is matched, in this order: by an exact key against the base, by a similar name
    against the base, by an exact key against an earlier row, by a similar name against an
    earlier row."""
    rows = [
        row_parse(n, cells, mapping, table.row_errors.get(n, ""))
        for n, cells in enumerate(table.rows, start=2)
    ]
    rows_plan(rows, owner=owner, progress=progress)
    return rows


def rows_plan(rows: list[PlannedRow], *, owner: User | None, progress: Progress = silent) -> None:
    """Decide the outcome of rows already read (row_parse), against the base and each other;
    the CRM import reads its rows itself and plans their companies here."""
    usable = [r for r in rows if r.outcome != Outcome.REJECTED]
    progress(20)
    existing = companies_by_key(usable)
    progress(40)
    exact = {
        r.number: next(((k, existing[k]) for k in r.match_keys if k in existing), None)
        for r in usable
    }
    similar = companies_similar_in_name({r.key for r in usable if exact[r.number] is None})
    progress(60)
    companies = Company.objects.in_bulk(
        {m[1] for m in exact.values() if m} | {company_id for company_id, _m in similar.values()}
    )
    owners = {c.owner_id for c in companies.values() if c.owner_id}
    owner_names = {u.pk: str(u) for u in User.objects.filter(pk__in=owners)}
    in_file = cluster(r.key for r in usable if exact[r.number] is None and r.key not in similar)
    progress(70)
    rows_decide(
        usable,
        exact=exact,
        similar=similar,
        in_file=in_file,
        companies=companies,
        owner_names=owner_names,
        owner_id=owner.pk if owner is not None else None,
        state_label=config.current().words,
    )


def remembered_columns(table: Table, source: Source | None) -> dict[str, str]:
    """Field -> header: guessed from the header spellings, overridden by what was remembered
    for the source where the file has that column."""
    columns = {f: table.headers[i] for f, i in guess_mapping(table.headers).items()}
    remembered = ColumnMapping.objects.filter(source=source).first() if source else None
    for fieldname, header in (remembered.columns if remembered else {}).items():
        if header in table.headers:
            columns = {f: h for f, h in columns.items() if h != header}
            columns[fieldname] = header
    return columns


def batch_table(batch: ImportBatch) -> Table:
    """The file a list keeps until it is imported, read again."""
    return read_table(bytes(batch.content), batch.filename)


def batch_headers(batch: ImportBatch) -> list[str]:
    """The header row of a list kept before batches kept theirs; none for a file that cannot
    be read (its batch says why)."""
    if batch.job or batch.committed:
        return []
    try:
        return batch_table(batch).headers
    except FileRejected:
        return []


def batch_report_rows(batch: ImportBatch) -> list[tuple[int, str, str, str]]:
    """The stored rows the person must look at (rules.report_rows, as checked then)."""
    lines = batch.lines.filter(outcome__in=[Outcome.REJECTED, Outcome.CONFLICT])
    return [
        (line.number, line.name, line.get_outcome_display(), shown(line.reason)) for line in lines
    ]


def batch_plan(
    batch: ImportBatch, table: Table | None = None, *, progress: Progress = silent
) -> list[PlannedRow]:
    """The plan of a kept list, with its columns, against the base as it is now."""
    table = table or batch_table(batch)
    progress(10)
    # Lists kept before their columns were kept get them guessed again.
    columns = batch.mapping or remembered_columns(table, batch.source)
    return table_plan(table, column_indices(table, columns), owner=batch.owner, progress=progress)
