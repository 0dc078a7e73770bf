"""The limits that keep managers honest (METHOD 4), as plain functions of dates and numbers.

Days are whole calendar days in the company's time zone. A company claimed on day 0 with a
30-day limit may be worked on days 1..30; on day 31 it has expired and must be triaged.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta


def effective_cap(*, person_cap: int | None, department_cap: int | None, default_cap: int) -> int:
    """The person's own cap, else his department's, else the company-wide one."""
    if person_cap is not None:
        return person_cap
    if department_cap is not None:
        return department_cap
    return default_cap


def cap_reached(working_list_size: int, cap: int) -> bool:
    return working_list_size >= cap


def claimable(
    *,
    to_call: bool,
    in_call_round: bool,
    owner_id: int | None,
    owner_department_id: int | None,
    manager_id: int,
    manager_department_id: int | None,
) -> bool:
    """Whether a manager may take a company into work (the cap is checked on claim): one nobody
    owns in "to call", or one in the call-round list of his department."""
    if to_call and owner_id is None:
        return True
    if not in_call_round:
        return False
    # The call-round list is the department's: its managers may take the company back.
    return (
        owner_id is None
        or owner_id == manager_id
        or (owner_department_id is not None and owner_department_id == manager_department_id)
    )


def work_deadline(claimed_on: date, limit_days: int) -> date:
    """The last day of active work with a company claimed on `claimed_on`."""
    return claimed_on + timedelta(days=limit_days)


def days_left(deadline: date, today: date) -> int:
    """0 on the last day; negative once expired."""
    return (deadline - today).days


def work_days_left(deadline: date | None, today: date, *, deal_stopped: bool) -> int | None:
    """Days left of the company's active work; None when no clock runs (no claim, or a deal
    stopped it)."""
    if deadline is None or deal_stopped:
        return None
    return days_left(deadline, today)


def is_expired(deadline: date, today: date) -> bool:
    return today > deadline


def in_warning_window(deadline: date, today: date, warn_days: int) -> bool:
    return 0 <= days_left(deadline, today) <= warn_days


def triage_blocks_claims(triage_since: date, today: date, grace_days: int) -> bool:
    """An expired company left untriaged for more than the grace days blocks new claims."""
    return (today - triage_since).days > grace_days


def triage_block_date(today: date, grace_days: int) -> date:
    """Companies awaiting triage since before this date block their owner's claims."""
    return today - timedelta(days=grace_days)


def due_for_reassignment(owned_since: date, today: date, after_days: int) -> bool:
    """The three-month rule: owned `after_days` days or more without a deal."""
    return (today - owned_since).days >= after_days


def reassignment_cutoff(today: date, after_days: int) -> date:
    """Companies owned since this date or earlier are due for reassignment."""
    return today - timedelta(days=after_days)


def reactivation_due(reactivation_date: date | None, today: date) -> bool:
    return reactivation_date is not None and reactivation_date <= today


@dataclass(frozen=True)
class Candidate:
    user_id: int
    department_id: int | None
    working_list_size: int
    cap: int

    @property
    def free(self) -> int:
        return self.cap - self.working_list_size


def suggest_new_owner(
    candidates: Iterable[Candidate],
    *,
    department_id: int | None,
    excluded_user_ids: Sequence[int],
) -> int | None:
    """The manager of the same department with the most free capacity, never the excluded
    (previous owner, cooling down); ties go to the lower id, so the choice is stable."""
    eligible = [
        c
        for c in candidates
        if c.department_id == department_id and c.user_id not in excluded_user_ids and c.free > 0
    ]
    if not eligible:
        return None
    return min(eligible, key=lambda c: (-c.free, c.user_id)).user_id


def cooldown_until(today: date, cooldown_days: int) -> date:
    """The last day the previous owner may not take the company back."""
    return today + timedelta(days=cooldown_days)


def repeat_meeting_in_time(first_done: datetime, repeat_due: datetime, max_days: int) -> bool:
    """METHOD 3: the first and the repeat meeting are at most a few days apart."""
    return repeat_due - first_done <= timedelta(days=max_days)


def missing_items(present: Iterable[str], required: Sequence[str]) -> list[str]:
    """What is required and not present, in the required order: the kinds an algorithm lacks
    (each needs at least one stage), a stage's checklist items not ticked."""
    have = set(present)
    return [item for item in required if item not in have]
