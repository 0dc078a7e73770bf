"""Which companies a person may read and change: one place for pages, API, search and exports.

Two shares come from apps above base: a deal in a matrix manager's products (deals) and an
invoice the finance people follow (billing). Those apps register them here from their
AppConfig.ready(), so base builds the whole rule without importing up the layers.
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from otdel.org.models import User
from otdel.org.rules import Scope, may_assign_owners
from otdel.org.selectors import led_departments, scope_of_user

from .models import Company, Section

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
    return editable_companies(user).filter(pk=company.pk).exists()


def may_restore_history(user: User, company: Company) -> bool:
    """The head puts back a changed value or an archived contact: those who may assign owners,
    in the companies they may change."""
    return may_assign_owners(scope_of_user(user)) and can_edit_company(user, company)
