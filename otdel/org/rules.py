"""Who sees what (issue 2, METHOD 1): the scope of a position, as plain data."""

from enum import Enum

from .models import Position


class Scope(Enum):
    ALL = "all"
    DEPARTMENT = "department"
    MATRIX = "matrix"
    FINANCE = "finance"
    OWN = "own"


# The head of sales and the owner run the whole department; the database owner keeps the whole
# base in order (METHOD 1, staffing roles). Everyone else sees his own share of it.
_SCOPE_OF_POSITION: dict[str, Scope] = {
    Position.OWNER: Scope.ALL,
    Position.HEAD_OF_SALES: Scope.ALL,
    Position.DATABASE_OWNER: Scope.ALL,
    Position.DEPARTMENT_HEAD: Scope.DEPARTMENT,
    Position.PRODUCT_MANAGER: Scope.MATRIX,
    Position.TERRITORY_MANAGER: Scope.MATRIX,
    # The accountant registers the money (METHOD 6: pay is counted from it), so he reads every
    # invoiced deal and its company, and changes none of them.
    Position.ACCOUNTANT: Scope.FINANCE,
}


# Those who sell: they own companies in work and get a line of the plan; leaders answer for
# their department's line.
SELLING_POSITIONS = (
    Position.TELE_SALES,
    Position.SALES_MANAGER,
    Position.SALES_REPRESENTATIVE,
    Position.ACCOUNT_MANAGER,
    Position.KEY_ACCOUNT_MANAGER,
    Position.PARTNER_ACCOUNT_MANAGER,
)


def sells(position: str) -> bool:
    return position in SELLING_POSITIONS


def scope_of(position: str, *, is_superuser: bool = False) -> Scope:
    if is_superuser:
        return Scope.ALL
    return _SCOPE_OF_POSITION.get(position, Scope.OWN)


def may_assign_owners(scope: Scope) -> bool:
    """Only those who lead people hand companies from one manager to another."""
    return scope in (Scope.ALL, Scope.DEPARTMENT)


def cap_within_range(cap: int, low: int, high: int) -> bool:
    return low <= cap <= high


# Settings change how the whole company works (limits, algorithm, pay, prices, people): the
# owner and the head of sales decide them; a department head works within them.
SETTINGS_POSITIONS = (Position.OWNER, Position.HEAD_OF_SALES)


def configures(position: str, *, is_superuser: bool = False) -> bool:
    return is_superuser or position in SETTINGS_POSITIONS


# Two-factor sign-in (issue 20, item 3): required for the positions ticked in Settings; a
# superuser (an administrator) counts as required as soon as any position is ticked.
def two_factor_required(position: str, *, is_superuser: bool, positions: list[str]) -> bool:
    return position in positions or (is_superuser and bool(positions))


def token_refusal(*, revoked: bool, expired: bool, user_active: bool) -> str | None:
    """Why an API token is refused, or None: the reason named in the 401's detail."""
    if revoked:
        return "revoked"
    if expired:
        return "expired"
    if not user_active:
        return "inactive"
    return None


def token_days_allowed(days: int, *, maximum: int) -> bool:
    return 1 <= days <= maximum
