"""Long prospect lists are checked and imported in the background; the page polls progress().

A job's progress is kept with the time it was last reported. A job consumer killed mid-way
(a restart, the out-of-memory killer) leaves no written row, since each job is one transaction,
but leaves its batch marked as running: `job_resume_if_interrupted` finds such a batch by its
progress going stale and checks it again, or lets its import be started again."""

import time

from django.conf import settings
from django.db import transaction
from huey.contrib.djhuey import HUEY, db_task

from otdel.org.models import User

from .models import ImportBatch, Job
from .services import batch_commit, batch_read


def _key(batch_id: int) -> str:
    return f"otdel:import-progress:{batch_id}"


def _beat(batch_id: int) -> dict | None:
    return HUEY.get(_key(batch_id), peek=True)


def progress(batch_id: int) -> int:
    """Percent done of the job running on a list (0 before it starts)."""
    return (_beat(batch_id) or {}).get("percent", 0)


def _reporter(batch_id: int):
    def report(percent: int) -> None:
        HUEY.put(_key(batch_id), {"percent": percent, "at": time.time()})

    return report


def job_resume_if_interrupted(batch: ImportBatch) -> bool:
    """Whether the batch's job was interrupted: its progress was last reported longer ago than
    OTDEL_JOB_STALE_SECONDS. An interrupted check is queued again; an interrupted import, which
    wrote nothing, waits for the person to start it again."""
    beat = _beat(batch.pk)
    stale = beat and time.time() - beat["at"] > settings.OTDEL_JOB_STALE_SECONDS
    if not batch.job or not stale:
        return False
    HUEY.delete(_key(batch.pk))
    if batch.job == Job.CHECKING:
        transaction.on_commit(lambda: check_list(batch.pk))
        return True
    ImportBatch.objects.filter(pk=batch.pk, job=Job.IMPORTING).update(job=Job.NONE)
    batch.job = Job.NONE
    return True


def _run(batch_id: int, work) -> None:
    _reporter(batch_id)(0)
    try:
        work()
    except Exception as error:
        # The work rolled back; the page must say so instead of showing progress forever. A
        # list another run imported meanwhile keeps its result and no error.
        ImportBatch.objects.filter(pk=batch_id, committed=False).update(
            job=Job.NONE, error=str(error)[:1000]
        )
        if ImportBatch.objects.filter(pk=batch_id, committed=True).exists():
            return
        raise
    finally:
        HUEY.delete(_key(batch_id))


@db_task()
def check_list(batch_id: int) -> None:
    batch = ImportBatch.objects.get(pk=batch_id)
    _run(batch_id, lambda: batch_read(batch=batch, progress=_reporter(batch_id)))


@db_task()
def import_list(batch_id: int, user_id: int) -> None:
    """Safe to run again: a list already imported (by this job run before, or by a second
    consumer that took the same job) is left as it is, with no error on its page. batch_commit
    locks the list's row, so two runs at once import it once."""
    batch = ImportBatch.objects.get(pk=batch_id)
    if batch.committed:
        return
    user = User.objects.get(pk=user_id)
    _run(
        batch_id, lambda: batch_commit(batch=batch, acting_user=user, progress=_reporter(batch_id))
    )
