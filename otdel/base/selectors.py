"""Which companies a person may read and change: one place for pages, API, search and exports.

Two shares come from apps above base: a deal in a matrix manager's products (deals) and an
invoice the finance people follow (billing). Those apps register them here from their
AppConfig.ready(), so base builds the whole rule without importing up the layers.
"""

import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Concat, Reverse
from django.http import Http404
from django.utils.translation import gettext as _

from otdel.org.models import User
from otdel.org.rules import Scope, may_assign_owners
from otdel.org.selectors import led_departments, scope_of_user
from otdel.web import Sorting

from .models import Company, CompanyName, Contact, Email, Phone, SavedFilter, Section
from .rules import LOOKALIKE_MATCHES, LOOKALIKE_TRAITS, SearchTerms, search_terms

# app label -> the share it grants; matrix shares take the manager's product groups.
_MATRIX_SHARES: dict[str, Callable[[QuerySet], Q]] = {}
_FINANCE_SHARES: dict[str, Callable[[], Q]] = {}


def register_matrix_share(app: str, share: Callable[[QuerySet], Q]) -> None:
    """Companies a product or territory manager also sees, by what another app holds."""
    _MATRIX_SHARES[app] = share


def register_finance_share(app: str, share: Callable[[], Q]) -> None:
    """Companies the finance people see, by what another app holds."""
    _FINANCE_SHARES[app] = share


_UNCLAIMED = Q(owner__isnull=True, section=Section.TO_CALL)


_CALL_ROUND_SECTIONS = (Section.REFUSAL_FOLLOW_UP, Section.STRATEGIC_ARCHIVE)


def _own_share(user: User) -> Q:
    """A manager's companies, the unsorted "to call" lists nobody has taken yet, and his
    department's call-round list (METHOD 4: archived companies back on their date)."""
    share = Q(owner=user) | _UNCLAIMED
    if user.department_id:
        share |= Q(
            call_round_since__isnull=False,
            section__in=_CALL_ROUND_SECTIONS,
            owner__department_id=user.department_id,
        )
    return share


def _department_share(user: User) -> Q:
    return Q(owner__department__in=led_departments(user))


def _matrix_share(user: User) -> Q:
    # Product and territory managers lead across departments (METHOD 1, matrix roles): they
    # see the companies of their territories, those tagged with their product groups, and
    # those with a deal in their products (the deals app's share).
    groups = user.product_groups.all()
    product_link = Company.product_groups.through.objects.filter(
        company_id=OuterRef("pk"), productgroup__in=groups
    )
    share = Q(territory__in=user.territories.all()) | Q(Exists(product_link))
    for other in _MATRIX_SHARES.values():
        share |= other(groups)
    return share


def _companies_for(user: User, *, with_matrix: bool) -> QuerySet[Company]:
    if not user.is_authenticated or not user.is_active:
        return Company.objects.none()
    scope = scope_of_user(user)
    if scope is Scope.ALL:
        return Company.objects.all()
    condition = _own_share(user)
    if scope is Scope.DEPARTMENT:
        condition |= _department_share(user)
    elif scope is Scope.MATRIX and with_matrix:
        condition |= _matrix_share(user)
    elif scope is Scope.FINANCE and with_matrix:
        for share in _FINANCE_SHARES.values():
            condition |= share()
    return Company.objects.filter(condition)


def visible_companies(user: User) -> QuerySet[Company]:
    return _companies_for(user, with_matrix=True)


def editable_companies(user: User) -> QuerySet[Company]:
    """Matrix leaders read across departments, but the owning department keeps the pen."""
    return _companies_for(user, with_matrix=False)


def access_company(user: User, company_id: int, *, for_edit: bool = False) -> Company:
    """The company, or 404 when the user may not know it exists, 403 when he may only read it."""
    try:
        company = visible_companies(user).get(pk=company_id)
    except (Company.DoesNotExist, ValueError, TypeError):
        raise Http404("No such company") from None
    if for_edit and not editable_companies(user).filter(pk=company.pk).exists():
        raise PermissionDenied(_("This company is read-only for you."))
    return company


def can_edit_company(user: User, company: Company) -> bool:
    """Whether the user may change the company: pass it as read in this request (or locked),
    as every caller does, since its owner and merge are read from the instance."""
    # editable_companies' condition, answered without a query where it must be true: every
    # live company for those who see them all, his own for an owner (a card asks four times).
    if (
        company.merged_into_id is None
        and user.is_authenticated
        and user.is_active
        and (company.owner_id == user.pk or scope_of_user(user) is Scope.ALL)
    ):
        return True
    return editable_companies(user).filter(pk=company.pk).exists()


def may_restore_history(user: User, company: Company) -> bool:
    """The head puts back a changed value or an archived contact: those who may assign owners,
    in the companies they may change."""
    return may_assign_owners(scope_of_user(user)) and can_edit_company(user, company)


def _phones_matching(terms: SearchTerms) -> QuerySet[Phone]:
    """Phones that begin as typed (with or without the country code) or end with the digits:
    the tail is compared reversed, so that both are prefix look-ups (an index on PostgreSQL)."""
    condition = Q(tail__startswith=terms.digits[::-1])
    for start in terms.phones:
        condition |= Q(number__startswith=start)
    return Phone.objects.alias(tail=Reverse("number")).filter(condition)


def _emails_matching(terms: SearchTerms) -> QuerySet[Email]:
    local, _at, domain = terms.email.partition("@")
    if not domain:
        return Email.objects.filter(address__istartswith=terms.email)
    emails = Email.objects.filter(domain=domain)
    return emails.filter(address__iexact=terms.email) if local else emails


def search_companies(companies: QuerySet[Company], query: str) -> QuerySet[Company]:
    """The companies among `companies` that a search box means: parts of the name (a trigram
    index on PostgreSQL), the tax id or OGRN (whole or its beginning), a phone of the company or
    of its contacts (whole, its beginning or its tail), an e-mail (or all of a domain).
    The one search of the list page, the API and the global search."""
    terms = search_terms(query, settings.OTDEL_PHONE_REGION)
    if terms.email:
        return companies.filter(pk__in=_emails_matching(terms).values("company_id"))
    if terms.digits:
        # A union rather than OR: each part is answered by its own index (an OR with the
        # phones' subquery would scan the companies).
        by_number = (
            Company.all_objects.filter(Q(tax_id__startswith=terms.digits) | Q(ogrn=terms.digits))
            .order_by()
            .values("pk")
        )
        by_phone = _phones_matching(terms).order_by().values("company_id")
        return companies.filter(pk__in=by_number.union(by_phone))
    if terms.name:
        return companies.filter(_name_has_words(terms) | Q(tax_id=terms.tax_id))
    return companies


def _name_has_words(terms: SearchTerms) -> Q:
    """Each word anywhere in the folded name (`search_name`, of a company or of its narrow
    row), as people type a name they half remember: "строй маркет" finds «СтройМаркет» and
    «Маркет Стройки» (the trigram index answers each)."""
    words = Q()
    for word in terms.name.split():
        words &= Q(search_name__contains=word)
    return words


def visible_contacts(user: User) -> QuerySet[Contact]:
    """The current contacts of the companies the user may see."""
    return Contact.objects.filter(
        company__in=visible_companies(user), archived_at__isnull=True
    ).select_related("company")


def search_contacts(user: User, query: str) -> QuerySet[Contact]:
    """The user's visible contacts by a part of the name, a phone or an e-mail."""
    terms = search_terms(query, settings.OTDEL_PHONE_REGION)
    contacts = visible_contacts(user)
    if terms.email:
        return contacts.filter(pk__in=_emails_matching(terms).values("contact_id"))
    if terms.digits:
        return contacts.filter(pk__in=_phones_matching(terms).values("contact_id"))
    if terms.name:
        return contacts.filter(_name_contains(query.strip()))
    return contacts.none()


def _name_contains(text: str) -> Q:
    condition = Q(full_name__icontains=text)
    if connection.vendor == "sqlite":
        # SQLite folds the case of ASCII letters only: "сергеев" is also tried as people
        # write names ("Сергеев Олег"). PostgreSQL folds every alphabet (a trigram index).
        for form in {text.lower(), text.title(), text.capitalize()}:
            condition |= Q(full_name__contains=form)
    return condition


# The company list's columns that sort it, each by what it shows (issue 14). Sorting by the
# name follows the (owner, name) and (section, name) indexes of the lists' usual filters.
COMPANY_SORTS: dict[str, tuple[str, ...]] = {
    "name": ("search_name",),
    "tax_id": ("tax_id",),
    "section": ("section",),
    "state": ("state",),
    "size": ("size_tag",),
    "abc": ("abc_class",),
    "owner": ("owner__last_name", "owner__first_name"),
    "updated": ("updated_at",),
}
COMPANY_DEFAULT_SORT = Sorting("name")


# A name search the planner expects to match up to this many companies is sorted after its
# rows are found through the trigram index. Walking the name index in order instead finds the
# first page at once when the name is common, but reads the whole base when the matches sort
# late: "СтройМаркет" among a million companies, 2.7 s walking, 0.12 s found then sorted.
FOUND_THEN_SORTED = 50_000


def expected_rows(queryset: QuerySet) -> int | None:
    """The planner's estimate of the rows a query gives, without running it (PostgreSQL)."""
    if connection.vendor != "postgresql":
        return None
    plan = json.loads(queryset.order_by().explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


def live_names_matching(terms: SearchTerms) -> QuerySet[CompanyName] | None:
    """The narrow rows (CompanyName) of the live companies a name search means; None when the
    query is also some company's tax id, which the search compares it with (search_companies)
    and that table does not hold."""
    if Company.objects.filter(tax_id=terms.tax_id).exists():
        return None
    return CompanyName.objects.filter(_name_has_words(terms), live=True)


def company_list_rows(
    companies: QuerySet[Company],
    sorting: Sorting,
    *,
    name_search: SearchTerms | None = None,
    whole_base: bool = False,
) -> tuple[QuerySet[Company], QuerySet | None]:
    """The rows of the company list (and its export) in the asked order, with what each shows;
    and when the database can only find them, then sort them (see FOUND_THEN_SORTED), the rows
    whose ids, in that order, make a page (web.FoundThenSortedPaginator). `name_search`: the
    query's terms, when the rows are a search by name; `whole_base`: they are all the live
    companies it matches, whose names, found and sorted in their narrow table, make the pages
    then."""
    ordering: list[Any] = sorting.order_by(COMPANY_SORTS[sorting.key])
    finder: QuerySet | None = None
    if name_search and sorting.key == "name":
        expected = expected_rows(companies)
        if expected is not None and expected <= FOUND_THEN_SORTED:
            # The same order by an expression no index holds: the planner must find, then sort.
            name = Concat(F("search_name"), Value(""))
            ordering = [name.desc() if sorting.descending else name.asc(), *ordering[1:]]
            names = live_names_matching(name_search) if whole_base else None
            finder = (
                companies.order_by(*ordering)
                if names is None
                else names.order_by(*sorting.order_by(["search_name"]))
            )
    rows = (
        companies.order_by(*ordering)
        .select_related("owner", "category", "segment", "source", "territory")
        .prefetch_related(
            Prefetch(
                "phones",
                queryset=Phone.objects.filter(contact__isnull=True),
                to_attr="own_phones",
            )
        )
    )
    return rows, finder


def saved_filters(user: User) -> QuerySet[SavedFilter]:
    return SavedFilter.objects.filter(user=user)


def _shared(trait: str) -> Case:
    same = Q(**{trait: OuterRef(trait)})
    if trait == "size_tag":
        # A blank size is no likeness: two companies of unknown size are not alike by it.
        same &= ~Q(size_tag="")
    return Case(When(same, then=Value(1)), default=Value(0), output_field=IntegerField())


def lookalikes(companies: QuerySet[Company]) -> QuerySet[Company]:
    """The companies, not A themselves, that share with some A client at least
    LOOKALIKE_MATCHES of his category, segment, size tag and territory (issue 17, item 5:
    prospecting aims at look-alikes of the A clients)."""
    score = sum((_shared(trait) for trait in LOOKALIKE_TRAITS), Value(0))
    like_an_a = (
        Company.objects.filter(abc_class="A")
        .annotate(likeness=score)
        .filter(likeness__gte=LOOKALIKE_MATCHES)
    )
    return companies.exclude(abc_class="A").filter(Exists(like_an_a))
