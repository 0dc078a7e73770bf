"""The write paths of a pilot: start it (the change applied to the pilot managers through the
owning app's service, their previous values kept), then fix it for everyone or roll it back,
the comparison kept as it stood. Each writes the pilot's history of decisions."""

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from otdel.org.models import User
from otdel.org.services import user_update
from otdel.pay.models import PayScheme
from otdel.pay.services import pay_assignment_set
from otdel.recorded import recorded
from otdel.refusal import RuleRefused

from . import rules, selectors
from .models import Group, Pilot, PilotEvent, PilotKind, PilotMember, PilotStatus

SETTINGS_PLACE = {
    PilotKind.ALGORITHM: gettext_lazy("Settings → Algorithm and playbook"),
    PilotKind.WORK_DAYS: gettext_lazy("Settings → Limits of the method"),
    PilotKind.HANDOFF: gettext_lazy("Settings → ABC(D) and hand-off"),
}


# The lines of a decision are kept untranslated (otdel.recorded): each reader of the pilot's
# history sees them in his language, the days in his format.
def _cap_text(cap: int | None) -> int | Promise:
    return cap if cap is not None else gettext_lazy("the department's")


def _set_cap(user: User, cap: int | None, acting_user: User) -> None:
    try:
        user_update(user=user, changes={"working_list_cap": cap}, acting_user=acting_user)
    except ValidationError as error:
        messages = [m for ms in error.message_dict.values() for m in ms]
        raise RuleRefused(f"{user}: {' '.join(messages)}", field="cap") from None


@transaction.atomic
def pilot_start(
    *,
    kind: str,
    title: str,
    description: str,
    starts_on: date,
    ends_on: date,
    managers: Sequence[User],
    control: Sequence[User] = (),
    scheme: PayScheme | None = None,
    cap: int | None = None,
    acting_user: User,
) -> Pilot:
    """A pilot of a changed setting for the chosen managers; the control group is the other
    sellers of their positions unless chosen."""
    if not selectors.may_run_pilots(acting_user):
        raise RuleRefused(_("Only the owner and the head of sales start a pilot."))
    if kind not in PilotKind.values:
        raise RuleRefused(_("Choose what is changed."), field="kind")
    if not title.strip():
        raise RuleRefused(_("Name the pilot."), field="title")
    refusal = rules.length_refusal(starts_on, ends_on)
    if refusal:
        raise RuleRefused(refusal, field="ends_on")
    managers = list(managers)
    if not managers:
        raise RuleRefused(_("Choose the managers of the pilot."), field="managers")
    sellers = set(selectors.pilot_candidates().values_list("pk", flat=True))
    if any(m.pk not in sellers for m in managers):
        raise RuleRefused(_("A pilot is tried by managers who sell."), field="managers")
    control = list(control) or selectors.default_control(managers)
    if {m.pk for m in control} & {m.pk for m in managers}:
        raise RuleRefused(
            _("A manager is either in the pilot or in the control group."), field="control"
        )
    busy = Pilot.objects.filter(
        kind=kind,
        status=PilotStatus.RUNNING,
        members__group=Group.PILOT,
        members__user__in=managers,
    ).first()
    if busy is not None:
        raise RuleRefused(
            _("Some of these managers already try this setting in the pilot “%(pilot)s”.")
            % {"pilot": busy},
            field="managers",
        )
    previous: dict[int, dict] = {m.pk: {} for m in managers}
    if kind == PilotKind.PAY:
        if scheme is None:
            raise RuleRefused(_("Choose the pay scheme the pilot tries."), field="scheme")
        schemes = selectors.scheme_on(managers, starts_on)
        missing = [str(m) for m in managers if m.pk not in schemes]
        if missing:
            raise RuleRefused(
                _("%(names)s has no pay scheme to return to: put him on one in Settings first.")
                % {"names": ", ".join(missing)},
                field="managers",
            )
        previous = {pk: {"scheme": schemes[pk]} for pk in previous}
    elif kind == PilotKind.LIMITS:
        if cap is None:
            raise RuleRefused(_("Give the working-list cap the pilot tries."), field="cap")
        previous = {m.pk: {"cap": m.working_list_cap} for m in managers}
    per_manager = kind in (PilotKind.PAY, PilotKind.LIMITS)
    pilot = Pilot.objects.create(
        kind=kind,
        title=title.strip(),
        description=description.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        scheme=scheme if kind == PilotKind.PAY else None,
        cap=cap if kind == PilotKind.LIMITS else None,
        applied=per_manager,
        created_by=acting_user,
    )
    PilotMember.objects.bulk_create(
        [
            PilotMember(pilot=pilot, user=m, group=Group.PILOT, previous=previous[m.pk])
            for m in managers
        ]
        + [PilotMember(pilot=pilot, user=m, group=Group.CONTROL) for m in control]
    )
    changes = _apply(pilot, managers, starts_on, acting_user)
    PilotEvent.objects.create(
        pilot=pilot,
        kind=PilotEvent.Kind.STARTED,
        note=description.strip(),
        changes=changes,
        author=acting_user,
    )
    return pilot


def _apply(pilot: Pilot, people: Sequence[User], since: date, acting_user: User) -> list[str]:
    """Put the people on the pilot's value through the owning app's service; what was done."""
    changes = []
    if pilot.kind == PilotKind.PAY and pilot.scheme is not None:
        schemes = selectors.scheme_on(list(people), since)
        names = dict(PayScheme.objects.values_list("pk", "name"))
        for person in people:
            if schemes.get(person.pk) == pilot.scheme_id:
                continue
            pay_assignment_set(
                user=person, scheme=pilot.scheme, since=since, acting_user=acting_user
            )
            changes.append(
                recorded(
                    gettext_lazy("%(who)s: pay scheme “%(old)s” → “%(new)s” from %(day)s"),
                    who=str(person),
                    old=names.get(schemes.get(person.pk, 0), "—"),
                    new=pilot.scheme.name,
                    day=since,
                )
            )
    elif pilot.kind == PilotKind.LIMITS:
        for person in people:
            if person.working_list_cap == pilot.cap:
                continue
            old = person.working_list_cap
            _set_cap(person, pilot.cap, acting_user)
            changes.append(
                recorded(
                    gettext_lazy("%(who)s: working-list cap %(old)s → %(new)s"),
                    who=str(person),
                    old=_cap_text(old),
                    new=_cap_text(pilot.cap),
                )
            )
    else:
        changes.append(
            recorded(
                gettext_lazy(
                    "A company-wide setting: recorded as a description, not applied by Otdel."
                )
            )
        )
    return changes


def _lock_running(pilot: Pilot, acting_user: User) -> Pilot:
    if not selectors.may_run_pilots(acting_user):
        raise RuleRefused(_("Only the owner and the head of sales end a pilot."))
    locked = Pilot.objects.select_for_update().get(pk=pilot.pk)
    if not locked.running:
        raise RuleRefused(
            _("The pilot is already %(status)s.") % {"status": locked.get_status_display()}
        )
    return locked


def _end(pilot: Pilot, status: str, changes: list[str], note: str, acting_user: User) -> Pilot:
    pilot.snapshot = selectors.comparison(pilot, timezone.localdate())
    pilot.status = status
    pilot.ended_at = timezone.now()
    pilot.save(update_fields=["snapshot", "status", "ended_at"])
    PilotEvent.objects.create(
        pilot=pilot,
        kind=PilotEvent.Kind.FIXED if status == PilotStatus.FIXED else PilotEvent.Kind.ROLLED_BACK,
        note=note.strip(),
        changes=changes,
        author=acting_user,
    )
    return pilot


@transaction.atomic
def pilot_fix(*, pilot: Pilot, note: str = "", acting_user: User) -> Pilot:
    """The change works: the control group (the others) is put on it from today through the
    same services; a company-wide setting is recorded, to be changed in its Settings page."""
    pilot = _lock_running(pilot, acting_user)
    if pilot.per_manager:
        others = [m.user for m in pilot.members.filter(group=Group.CONTROL).select_related("user")]
        changes = _apply(pilot, others, timezone.localdate(), acting_user)
    else:
        changes = [
            recorded(
                gettext_lazy("Fixed for everyone: the setting is changed in %(place)s."),
                place=SETTINGS_PLACE[PilotKind(pilot.kind)],
            )
        ]
    return _end(pilot, PilotStatus.FIXED, changes, note, acting_user)


@transaction.atomic
def pilot_roll_back(*, pilot: Pilot, note: str = "", acting_user: User) -> Pilot:
    """The change does not work: the pilot managers get back the values they had before."""
    pilot = _lock_running(pilot, acting_user)
    today = timezone.localdate()
    changes = []
    members = list(pilot.members.filter(group=Group.PILOT).select_related("user"))
    if pilot.kind == PilotKind.PAY:
        schemes = PayScheme.objects.in_bulk([m.previous.get("scheme") for m in members])
        for member in members:
            scheme = schemes.get(member.previous.get("scheme"))
            if scheme is None:
                continue
            pay_assignment_set(
                user=member.user, scheme=scheme, since=today, acting_user=acting_user
            )
            changes.append(
                recorded(
                    gettext_lazy("%(who)s: back on pay scheme “%(scheme)s” from %(day)s"),
                    who=str(member.user),
                    scheme=scheme.name,
                    day=today,
                )
            )
    elif pilot.kind == PilotKind.LIMITS:
        for member in members:
            cap = member.previous.get("cap")
            _set_cap(member.user, cap, acting_user)
            changes.append(
                recorded(
                    gettext_lazy("%(who)s: working-list cap back to %(cap)s"),
                    who=str(member.user),
                    cap=_cap_text(cap),
                )
            )
    else:
        changes.append(
            recorded(gettext_lazy("Rolled back: the company-wide setting stays as it was."))
        )
    return _end(pilot, PilotStatus.ROLLED_BACK, changes, note, acting_user)
