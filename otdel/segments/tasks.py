"""The nightly ABC(D) segmentation and hand-off; each is also a command (segment, handoff)."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .services import run_handoff, segment


@db_periodic_task(crontab(hour="2", minute="30"))
def segment_and_hand_off_nightly() -> dict[str, object]:
    """Yesterday's order history is complete at night: classes first, then hand-offs."""
    summary = segment(as_of=timezone.localdate(), criteria="all")
    return {"segmentation": summary, "handoff": run_handoff()}
