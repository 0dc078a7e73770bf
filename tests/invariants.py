"""The method's promises (issue 12) as plain checks over the whole database.

Each check reads the database as it is, whoever wrote it and through whichever door, and
fails with a sentence naming the company, deal or invoice that breaks the promise. The stateful
test (tests/test_method_invariants.py) runs them after every step; any test may call them.
"""

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Max, Q

from otdel.algorithm import selectors
from otdel.algorithm.models import Activity, RuleSettings
from otdel.base.models import Company, CompanyEvent, CompanyStay, Contact
from otdel.billing.models import Invoice, Payment
from otdel.catalog.models import DiscountLimit, Price
from otdel.deals.models import Deal, DealItem, DealStatus
from otdel.documents.models import Document, DocumentKind
from otdel.orders.models import Order
from otdel.org.models import User
from otdel.stages import config
from otdel.stages.models import StageKind
from tests.reports.history import Born, Move, spans_of

Kind = CompanyEvent.Kind


def nobody_over_cap() -> None:
    """METHOD 4: a manager's working list never holds more companies than his cap."""
    settings = RuleSettings.load()
    for user in User.objects.select_related("department").order_by("pk"):
        size, cap = selectors.working_list_size(user), selectors.cap_of(user, settings)
        assert size <= cap, f"{user.username} has {size} companies in active work, cap {cap}"


def active_work_is_complete() -> None:
    """Every company in active work has an owner, a work deadline, and a next step or a
    triage entry.

    The method asks for the next step when a step is closed (activity_complete: "a company in
    active work needs a next step with a date"); a company claimed and not yet touched has its
    deadline as its only clock. So the next step is required once a step was closed since the
    company entered work (claimed_at, else owned_since), unless it waits for triage.
    """
    open_step = Activity.objects.filter(done_at__isnull=True)
    # Out of the sections at a working stage is active work: somebody must have it.
    at_work = Company.objects.filter(section="", state__in=config.current().working)
    unowned = list(at_work.filter(owner__isnull=True).values_list("pk", flat=True))
    assert not unowned, f"companies {unowned} are in active work with no owner"
    for company in (
        Company.objects.filter(selectors.in_work())
        .select_related("owner")
        .annotate(last_done=Max("activities__done_at"))
        .order_by("pk")
    ):
        where = f"company #{company.pk} “{company.legal_name}” in {company.owner}'s active work"
        assert company.owner_id is not None, f"{where} has no owner"
        assert company.work_deadline is not None, f"{where} has no work deadline"
        began = company.claimed_at or company.owned_since
        step_closed = company.last_done is not None and (began is None or company.last_done > began)
        if step_closed and company.triage_since is None:
            assert open_step.filter(company=company).exists(), (
                f"{where}: its last step was closed with no next step, and it does not wait "
                "for triage"
            )


@dataclass(frozen=True)
class Tracked:
    owner_id: int | None
    state: str
    section: str


def tracked_values() -> dict[int, Tracked]:
    """Each company's owner, state and section now."""
    return {
        pk: Tracked(owner_id, state, section)
        for pk, owner_id, state, section in Company.objects.values_list(
            "pk", "owner_id", "state", "section"
        )
    }


def last_event_id() -> int:
    return CompanyEvent.objects.aggregate(last=Max("pk"))["last"] or 0


def every_change_recorded(before: dict[int, Tracked], after_event: int) -> None:
    """Every change of owner, state or section since `before` was taken (when the last history
    row was `after_event`) has its history row, ending at the value the company has now; a new
    company has its "created" row, and its owner's row when it has one."""
    events: dict[tuple[int, str], str] = {}
    for company_id, kind, new_value in (
        CompanyEvent.objects.filter(pk__gt=after_event).order_by("pk")
    ).values_list("company_id", "kind", "new_value"):
        events[(company_id, kind)] = new_value  # the latest row of each kind wins
    for pk, now in tracked_values().items():
        was = before.get(pk)
        if was is None:
            assert (pk, Kind.CREATED) in events, f"company #{pk} appeared with no 'created' row"
            assert now.owner_id is None or (pk, Kind.OWNER) in events, (
                f"company #{pk} was created with an owner and no owner row in its history"
            )
            continue
        if now.owner_id != was.owner_id:
            assert (pk, Kind.OWNER) in events, (
                f"company #{pk} changed owner (user #{was.owner_id} → #{now.owner_id}) "
                "with no history row"
            )
        for kind, old, new in (
            (Kind.STATE, was.state, now.state),
            (Kind.SECTION, was.section, now.section),
        ):
            if old != new:
                assert events.get((pk, kind)) == new, (
                    f"company #{pk} changed {kind} “{old}” → “{new}” with no history row "
                    f"saying so (last row: {events.get((pk, kind))!r})"
                )


def deal_only_with_invoice_or_contract() -> None:
    """METHOD 3: "Deal" means an invoice issued or a contract signed; a company stands at Deal
    (or past it: deal support, client) only with an invoice or contract of a deal not lost. A
    client may instead have bought before Otdel: orders in its order history."""
    algorithm = config.current()
    dealt = algorithm.codes(StageKind.DEAL, StageKind.SUPPORT, StageKind.CLIENT)
    clients = algorithm.codes(StageKind.CLIENT)
    live = ~Q(deal__status=DealStatus.LOST)
    for company in Company.objects.filter(state__in=dealt).order_by("pk"):
        invoiced = Invoice.objects.filter(live, deal__company=company).exists()
        contract = Document.objects.filter(live, deal__company=company, kind=DocumentKind.CONTRACT)
        bought = company.state in clients and Order.objects.filter(company=company).exists()
        assert invoiced or bought or contract.exists(), (
            f"company #{company.pk} “{company.legal_name}” stands at "
            f"“{algorithm.label(company.state)}” with no invoice or contract of a live deal"
        )


def paid_never_above_invoiced() -> None:
    for invoice in Invoice.objects.order_by("pk"):
        assert Decimal(0) <= invoice.paid <= invoice.amount, (
            f"invoice {invoice.number}: paid {invoice.paid} of {invoice.amount}"
        )


def deal_amount_is_its_invoice() -> None:
    """A deal's amount equals its current (latest) invoice's."""
    for deal in Deal.objects.filter(invoices__isnull=False).distinct().order_by("pk"):
        invoice = deal.invoices.order_by("-pk").first()
        assert deal.amount == invoice.amount, (
            f"deal #{deal.pk} “{deal.title}” is worth {deal.amount}, its invoice "
            f"{invoice.number} asks {invoice.amount}"
        )


def no_line_below_the_discount_limit() -> None:
    """METHOD 4 on money: a price below the list price is a discount, and no line sells further
    below the list than the largest discount anyone may give."""
    largest = DiscountLimit.objects.aggregate(top=Max("max_percent"))["top"] or Decimal(0)
    for item in DealItem.objects.select_related("deal", "product").order_by("pk"):
        listed = Price.objects.filter(price_list=item.deal.price_list_id, product=item.product)
        price = listed.values_list("price", flat=True).first()
        if price is None:
            continue
        sold_at = item.unit_price * (100 - item.discount_percent) / 100
        floor = price * (100 - largest) / 100
        assert sold_at >= floor, (
            f"deal #{item.deal_id} sells {item.product} at {sold_at:.2f}, list price {price}: "
            f"more than the largest discount ({largest} %) below it"
        )


def payments_not_by_whom_they_pay() -> None:
    """Issue 12, item 4: money is never registered by the manager whose pay it raises (the
    deal's owner or the company's hunter)."""
    for payment in Payment.objects.select_related(
        "recorded_by", "invoice__deal", "invoice__deal__company"
    ).order_by("pk"):
        deal = payment.invoice.deal
        assert payment.recorded_by_id not in (deal.owner_id, deal.company.hunter_id), (
            f"{payment.recorded_by.username} registered {payment.amount} against invoice "
            f"{payment.invoice.number} of his own deal #{deal.pk}"
        )


def contact_ids() -> set[int]:
    return set(Contact._base_manager.values_list("pk", flat=True))


def contacts_kept(known: set[int]) -> None:
    """Issue 12, item 7: contacts are archived, never deleted."""
    lost = known - contact_ids()
    assert not lost, f"contacts {sorted(lost)} are gone from the base"


def stays_agree_with_the_history() -> None:
    """The stays the funnel counts are the state history cut at each move (history.spans_of over
    every company's moves from its creation), each with its company's owner now: whichever door
    moved a company or handed it to another manager, its stays followed."""
    moves = [
        Move(*row)
        for row in CompanyEvent.objects.filter(kind=Kind.STATE)
        .order_by("company", "at", "pk")
        .values_list("company", "old_value", "new_value", "at", "reason")
    ]
    born = {
        pk: Born(created_at, state)
        for pk, created_at, state in Company.objects.values_list("pk", "created_at", "state")
    }
    owner = dict(Company.all_objects.values_list("pk", "owner"))
    expected = Counter(
        (
            s.company,
            owner[s.company],
            s.state,
            s.entered_at,
            s.left_at,
            s.next_state or "",
            s.reason,
        )
        for s in spans_of(moves, born)
    )
    kept = Counter(
        CompanyStay.objects.values_list(
            "company", "owner", "state", "entered_at", "left_at", "next_state", "reason"
        )
    )
    missing, extra = expected - kept, kept - expected
    assert not missing and not extra, (
        f"the stays differ from the history: missing {sorted(missing, key=str)[:5]}, "
        f"not in the history {sorted(extra, key=str)[:5]}"
    )
