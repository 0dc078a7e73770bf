"""Which prospect lists a person may read and commit: one place for pages, API and downloads."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from otdel.org.models import User
from otdel.org.rules import Scope
from otdel.org.selectors import led_departments, scope_of_user

from .models import ImportBatch


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
