"""Long prospect lists are checked and imported in the background; the page polls progress()."""

from huey.contrib.djhuey import HUEY, db_task

from otdel.org.models import User

from .models import ImportBatch, Job
from .services import batch_commit, batch_recheck


def _key(batch_id: int) -> str:
    return f"otdel:import-progress:{batch_id}"


def progress(batch_id: int) -> int:
    """Percent done of the job running on a list (0 before it starts)."""
    return HUEY.get(_key(batch_id), peek=True) or 0


def _reporter(batch_id: int):
    def report(percent: int) -> None:
        HUEY.put(_key(batch_id), percent)

    return report


def _run(batch_id: int, work) -> None:
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
    _run(batch_id, lambda: batch_recheck(batch=batch, progress=_reporter(batch_id)))


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
