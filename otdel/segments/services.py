"""Running the ABC(D) segmentation over the order history (METHOD 7): one aggregate query
for the figures of every client in the period, the classes by the rules, then set-based
writes: the run's results, and each changed class with its history record."""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from otdel.algorithm.services import RuleRefused, open_steps_hand_over
from otdel.base import services as base_services
from otdel.base.models import Company, CompanyEvent
from otdel.base.services import record_and_update
from otdel.db import insert_rows
from otdel.org.models import SettingsSection, User
from otdel.org.services import settings_row_save
from otdel.recorded import recorded
from otdel.stages import config
from otdel.stages.models import StageKind

from . import rules
from .models import ClientSegment, SegmentationRun, SegmentSettings
from .rules import CLASSES
from .selectors import candidates, classify, client_figures, farmers_by_load, handoff_rule


@transaction.atomic
def segment(
    *,
    as_of: date,
    days: int = 365,
    criteria: str = "revenue",
    acting_user: User | None = None,
    dry_run: bool = False,
) -> dict[str, Any]:
    """Classify every client with orders in the period; a class set by hand stays. Each
    change is a history record on the company (C -> B -> A). Returns the summary."""
    figures = client_figures(as_of, days)
    classes = classify(figures, criteria, as_of, days)
    summary = rules.summarise(figures, classes)
    if dry_run:
        return summary
    run = SegmentationRun.objects.create(as_of=as_of, days=days, criteria=criteria, summary=summary)
    insert_rows(
        ClientSegment,
        ["run", "company", "revenue", "returns", "orders", "abc_class"],
        (
            (
                run.pk,
                f["order__company_id"],
                f["revenue"],
                f["returns"],
                f["orders"],
                classes[f["order__company_id"]],
            )
            for f in figures
        ),
    )
    # One pass over the clients whose class changes: those of this run with another class, and
    # those without orders in the period, who have no class in it ("").
    segmented = ClientSegment.objects.filter(run=run).values("company_id")
    new_class = Coalesce(
        Subquery(
            ClientSegment.objects.filter(run=run, company_id=OuterRef("pk")).values("abc_class")[:1]
        ),
        Value(""),
    )
    changed = (
        Company.objects.filter(abc_fixed=False)
        .filter(Q(pk__in=segmented) | ~Q(abc_class=""))
        .annotate(new_class=new_class)
        .exclude(abc_class=F("new_class"))
    )
    record_and_update(
        changed,
        kind=CompanyEvent.Kind.ABC,
        rule="segmentation",
        acting_user=acting_user,
        old_value=F("abc_class"),
        new_value=new_class,
        updates={"abc_class": new_class},
    )
    return summary


@transaction.atomic
def abc_set_by_hand(*, company: Company, abc_class: str, reason: str, acting_user: User) -> Company:
    """A head fixes a client's class; the segmentation leaves it alone until released ("")."""
    if abc_class not in ("", *CLASSES):
        raise RuleRefused("Unknown class.")
    if not reason.strip():
        raise RuleRefused("Say why the class is set by hand.")
    locked = base_services.lock_company(company)
    base_services.company_history_add(
        company=locked,
        kind=CompanyEvent.Kind.ABC,
        old=locked.abc_class,
        new=abc_class or "auto",
        acting_user=acting_user,
        reason=reason,
        rule="by_hand",
    )
    locked.abc_class = abc_class or locked.abc_class
    locked.abc_fixed = bool(abc_class)
    locked.save(update_fields=["abc_class", "abc_fixed"])
    return locked


# Hunter -> farmer hand-off (METHOD 5): evaluated on every full payment and nightly; the head
# can hand a client over by hand, or keep it with the hunter, with a reason. The hunter keeps
# his credit (Company.hunter).

# What follows a hand-off in the same transaction, registered by the apps above segments from
# their AppConfig.ready(): clients schedules the first step of the client cycle, so that a
# client handed over has his next step at once (METHOD 5). app label -> a call with the ids of
# the companies handed off, once per hand-off or per run of the rule.
_HANDED_OFF: dict[str, Callable[[list[int]], None]] = {}


def register_handed_off(app: str, call: Callable[[list[int]], None]) -> None:
    _HANDED_OFF[app] = call


def _handed_off(company_ids: list[int]) -> None:
    if company_ids:
        for call in _HANDED_OFF.values():
            call(company_ids)


@transaction.atomic
def company_handoff(
    *,
    company: Company | int,
    farmer: User,
    acting_user: User | None,
    reason: str = "",
    rule: str = "",
) -> Company:
    """Make the client a regular client of the farmer; the hunter keeps the credit."""
    locked = _hand_off(company, farmer, acting_user, reason, rule)
    _handed_off([locked.pk])
    return locked


def _hand_off(
    company: Company | int, farmer: User, acting_user: User | None, reason: str, rule: str
) -> Company:
    locked = base_services.lock_company(company)
    # METHOD 5 hands over a client: one that has bought (its order history) or closed a deal.
    if config.current().kind_of(locked.state) != StageKind.CLIENT and not locked.orders.exists():
        raise RuleRefused(
            _("Only a client is handed to a farmer: this company has bought nothing.")
        )
    if locked.handed_off_at is not None and locked.owner_id == farmer.pk:
        raise RuleRefused(_("%(farmer)s already has this client.") % {"farmer": farmer})
    hunter = locked.owner
    if hunter is not None and locked.hunter_id is None:
        locked.hunter = hunter
    locked.handed_off_at = timezone.now()
    locked.save(update_fields=["hunter", "handed_off_at"])
    base_services.company_history_add(
        company=locked,
        kind=CompanyEvent.Kind.HANDOFF,
        old=str(hunter or ""),
        new=str(farmer),
        acting_user=acting_user,
        reason=reason,
        rule=rule or "by_hand",
    )
    base_services.company_reassign(
        company=locked, new_owner=farmer, acting_user=acting_user, reason=reason, rule=rule
    )
    if hunter is not None:
        open_steps_hand_over(locked, hunter.pk, farmer)
    client = config.current().first(StageKind.CLIENT)
    base_services.company_set_state(
        company=locked, state=client, acting_user=acting_user, reason=reason, rule=rule
    )
    base_services.company_move_to_section(
        company=locked, section="", acting_user=acting_user, reason=reason, rule=rule
    )
    return locked


@transaction.atomic
def company_keep_with_hunter(*, company: Company, reason: str, acting_user: User) -> None:
    """The head's override: this client stays with the hunter whatever the rule says."""
    if not reason.strip():
        raise RuleRefused(_("Say why the client stays with the hunter."))
    owner = str(company.owner or "")
    base_services.company_history_add(
        company=company,
        kind=CompanyEvent.Kind.HANDOFF,
        old=owner,
        new=owner,
        acting_user=acting_user,
        reason=reason,
        rule="kept",
    )


@transaction.atomic
def run_handoff(
    *,
    today: date | None = None,
    min_orders: int | None = None,
    dry_run: bool = False,
    among: QuerySet[Company] | None = None,
) -> dict[str, int]:
    """Hand every client that meets the rule to a farmer. {"candidates": n, "handed_off": n}."""
    today = today or timezone.localdate()
    chosen = candidates(handoff_rule(min_orders), today, among)
    if dry_run or not chosen:
        return {"candidates": len(chosen), "handed_off": 0}
    farmers = farmers_by_load()
    handed: list[int] = []
    for company in Company.objects.filter(pk__in=chosen).order_by("pk"):
        farmer = rules.pick_farmer(company.territory_id, farmers)
        if farmer is None:
            break  # no client department: nothing can be handed off
        _hand_off(
            company,
            farmer,
            None,
            recorded(gettext_lazy("met the hand-off rule")),
            "handoff_rule",
        )
        farmers = [(f, load + (f.pk == farmer.pk), t) for f, load, t in farmers]
        handed.append(company.pk)
    # The companies handed off are followed up together: one set of writes for the run.
    _handed_off(handed)
    return {"candidates": len(chosen), "handed_off": len(handed)}


def handoff_after_payment(company_id: int) -> None:
    """METHOD 5: a client whose invoice is now paid in full and who meets the hand-off rule goes
    to a farmer at once (billing calls this inside the payment's transaction)."""
    run_handoff(among=Company.objects.filter(pk=company_id))


def _check_segment_settings(settings: SegmentSettings) -> None:
    if not 0 < settings.a_share < 1:
        raise ValidationError({"a_share": _("A share is a fraction between 0 and 1, e.g. 0.8.")})
    if not settings.a_share < settings.b_share <= 1:
        raise ValidationError(
            {
                "b_share": _("B share is above the A share (%(a)s) and at most 1.")
                % {"a": settings.a_share}
            }
        )
    for name in ("weight_potential", "weight_margin", "weight_frequency", "d_below"):
        if getattr(settings, name) < 0:
            raise ValidationError({name: _("Cannot be negative.")})
    if not settings.handoff_volume_days:
        raise ValidationError({"handoff_volume_days": _("At least one day.")})


def segment_settings_update(*, changes: dict[str, Any], acting_user: User) -> SegmentSettings:
    """The ABC(D) thresholds and weights and the hand-off rule (METHOD 5, 7); the next run of
    the segmentation and of the hand-off reads them."""
    return settings_row_save(
        row=SegmentSettings.load(),
        changes=changes,
        section=SettingsSection.SEGMENTS,
        acting_user=acting_user,
        check=_check_segment_settings,
    )
