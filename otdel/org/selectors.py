from django.db.models import Q, QuerySet

from .models import Department, DepartmentKind, User
from .rules import SELLING_POSITIONS, Scope, scope_of


def scope_of_user(user: User) -> Scope:
    return scope_of(user.position, is_superuser=user.is_superuser)


def led_departments(user: User) -> QuerySet[Department]:
    """The departments a department head answers for: those he heads."""
    return Department.objects.filter(head=user)


def visible_users(user: User) -> QuerySet[User]:
    # Colleagues' names are not secret inside a department: every active user is listed.
    if not user.is_authenticated:
        return User.objects.none()
    return User.objects.filter(is_active=True).select_related("department")


def assignable_owners(user: User) -> QuerySet[User]:
    """The people this user may make owners of a company: those who sell (METHOD 4: a
    working list is a manager's), within the user's reach."""
    scope = scope_of_user(user)
    users = User.objects.filter(is_active=True, position__in=SELLING_POSITIONS).select_related(
        "department"
    )
    if scope is Scope.ALL:
        return users
    if scope is Scope.DEPARTMENT:
        return users.filter(department__in=led_departments(user))
    return users.filter(pk=user.pk)


def assignable_farmers(user: User) -> QuerySet[User]:
    """The client department's managers this user may hand a client to (METHOD 5)."""
    return assignable_owners(user).filter(department__kind=DepartmentKind.CLIENT)


def led_people(user: User) -> QuerySet[User]:
    """The people whose figures (pay, plan lines, segmentation) this user reads: everyone for
    the whole base's leaders, a department head his departments' people and himself, anyone
    else himself."""
    users = User.objects.filter(is_active=True).select_related("department")
    if not user.is_authenticated or not user.is_active:
        return users.none()
    scope = scope_of_user(user)
    if scope is Scope.ALL:
        return users
    if scope is Scope.DEPARTMENT:
        return users.filter(Q(department__in=led_departments(user)) | Q(pk=user.pk))
    return users.filter(pk=user.pk)


def task_assignees(user: User, *, company_owner_id: int | None = None) -> QuerySet[User]:
    """Whom this user may set tasks (METHOD 1): himself; those who lead people, the people
    whose figures they read; a product or territory manager, the managers he is the matrix
    leader of and the owner of the company the task is about, since matrix leaders set tasks
    for the hunters and farmers of other departments on their products and territories."""
    if scope_of_user(user) is Scope.MATRIX:
        mine = Q(pk=user.pk) | Q(matrix_leader=user)
        if company_owner_id is not None:
            mine |= Q(pk=company_owner_id)
        return User.objects.filter(mine, is_active=True)
    return led_people(user)


# ---- Sign-in security (issue 20, item 3) ----------------------------------------------------


def may_see_logins(user: User) -> bool:
    return user.is_authenticated and (user.configures or user.leads_people)


def login_people(user: User) -> QuerySet[User]:
    """Whose logins (and lock-outs) this user reads and unlocks: everyone for a configurer,
    a department head his departments' people."""
    if not may_see_logins(user):
        return User.objects.none()
    if user.configures:
        return User.objects.all()
    return User.objects.filter(Q(department__in=led_departments(user)) | Q(pk=user.pk))


def login_events(
    user: User,
    *,
    person_id: int | None = None,
    result: str = "",
    since=None,
    until=None,
):
    from .models import LoginEvent

    events = LoginEvent.objects.select_related("user")
    if not user.configures:
        events = events.filter(user__in=login_people(user))
    if person_id:
        events = events.filter(user_id=person_id)
    if result:
        events = events.filter(result=result)
    if since:
        events = events.filter(at__date__gte=since)
    if until:
        events = events.filter(at__date__lte=until)
    return events


def locked_usernames() -> set[str]:
    """The login names locked out now by failed logins (django-axes' counted attempts)."""
    from axes.models import AccessAttempt
    from django.conf import settings
    from django.utils import timezone

    recent = timezone.now() - settings.AXES_COOLOFF_TIME
    return set(
        AccessAttempt.objects.filter(
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=recent
        ).values_list("username", flat=True)
    )


def visible_api_tokens(user: User):
    """The tokens this user sees on the tokens page: his own; a configurer everyone's."""
    from .models import ApiToken

    tokens = ApiToken.objects.select_related("user", "revoked_by")
    return tokens if user.configures else tokens.filter(user=user)
