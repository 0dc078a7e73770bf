from django.db.models import QuerySet

from otdel.org.models import User

from .models import ImportBatch


def visible_batches(user: User) -> QuerySet[ImportBatch]:
    """A manager sees the lists he brought; those who lead people see every list."""
    batches = ImportBatch.objects.select_related("created_by", "owner", "source")
    return batches if user.leads_people else batches.filter(created_by=user)
