"""Pilots in the demo (issue 19, item 6): a pay scheme with a higher percentage tried by two
hunters for 35 days, compared, and fixed for everyone; and a pilot of 14 days per prospect
running now for two others (a company-wide setting: described, not applied)."""

from datetime import date, timedelta
from decimal import ROUND_UP, Decimal

from django.db.models import Exists, OuterRef
from django.utils import timezone

from otdel.algorithm.models import Activity
from otdel.base.models import Company, State
from otdel.billing.models import Invoice
from otdel.billing.services import payment_register
from otdel.catalog.models import Price, Product
from otdel.deals.selectors import list_price
from otdel.deals.services import deal_add_item, deal_create
from otdel.documents.models import DocumentKind
from otdel.documents.services import document_issue
from otdel.org.models import User
from otdel.pay.models import PayScheme
from otdel.pay.services import pay_assignment_set
from otdel.pilot import selectors
from otdel.pilot.models import PilotKind
from otdel.pilot.services import pilot_fix, pilot_start


def build(head: User, hunters: list[User]) -> None:
    today = timezone.localdate()
    # The pay pilot ended yesterday: fixed today, the others are on the scheme from today.
    starts_on, ends_on = today - timedelta(days=35), today - timedelta(days=1)
    tried = hunters[:2]
    current = PayScheme.objects.get(name="Охотники")
    for hunter in tried:
        # A demo built in January: the hunters' scheme begins with the year, after the pilot.
        if hunter.pk not in selectors.scheme_on([hunter], starts_on):
            pay_assignment_set(user=hunter, scheme=current, since=starts_on, acting_user=head)
    scheme = PayScheme.objects.create(
        name="Охотники: меньше оклад, больше процент",
        base_salary=Decimal(30000),
        new_percent=Decimal(14),
        repeat_percent=Decimal(3),
        hunter_share_percent=Decimal(2),
        bonus_steps=[[100, 15000], [120, 30000]],
    )
    _payments(head, hunters, starts_on, ends_on)
    finished = pilot_start(
        kind=PilotKind.PAY,
        title="Больше процент с новых продаж",
        description="Оклад 30 000 вместо 40 000, процент с новых продаж 14 % вместо 10 %: "
        "ждём больше встреч и оплат у охотников.",
        starts_on=starts_on,
        ends_on=ends_on,
        managers=tried,
        scheme=scheme,
        acting_user=head,
    )
    pilot_fix(
        pilot=finished,
        note="Оплат втрое больше, чем до пилота, и втрое больше, чем у контрольной группы; "
        "звонков и встреч меньше: разберём на планёрке. Схему закрепляем для всех охотников.",
        acting_user=head,
    )
    pilot_start(
        kind=PilotKind.WORK_DAYS,
        title="14 дней на нового клиента",
        description="Срок активной работы с новым клиентом 14 дней вместо 30 (пресет METHOD): "
        "быстрее решение — больше новых клиентов в списке.",
        starts_on=today - timedelta(days=12),
        ends_on=today + timedelta(days=22),
        managers=hunters[3:5],
        control=hunters[2:3],
        acting_user=head,
    )


def _payments(head: User, hunters: list[User], first: date, last: date) -> None:
    """Money the hunters brought in: the pilot pair more in the pilot's days than before it and
    than the control group, as the head saw before fixing the scheme."""
    product = Product.objects.filter(is_active=True, pk__in=Price.objects.values("product"))
    product = product.order_by("pk").first()
    before = first - (last - first) - timedelta(days=1)
    plan = {
        0: (
            (first + timedelta(days=6), 180000),
            (last - timedelta(days=4), 150000),
            (before, 90000),
        ),
        1: ((first + timedelta(days=12), 210000), (before + timedelta(days=9), 70000)),
        2: ((first + timedelta(days=20), 110000),),
        3: ((first + timedelta(days=8), 60000),),
        4: ((last - timedelta(days=10), 95000),),
    }
    next_step = Activity.objects.filter(
        company=OuterRef("pk"), done_at__isnull=True, due_at__isnull=False
    )
    for n, payments in plan.items():
        hunter = hunters[n]
        # A company with its next step planned: the deal keeps the work complete (METHOD 4).
        company = (
            Company.objects.filter(
                Exists(next_step), owner=hunter, section="", state=State.CONTACT_3
            )
            .order_by("pk")
            .first()
        )
        if company is None or product is None:
            continue
        deal = deal_create(
            company=company, owner=hunter, title=f"Поставка: {product.name}", acting_user=hunter
        )
        total = sum(amount for _day, amount in payments)
        price = list_price(deal.price_list, product) or Decimal(1000)
        quantity = (Decimal(total) / price).quantize(Decimal(1), rounding=ROUND_UP) + 1
        deal_add_item(deal=deal, product=product, quantity=quantity, acting_user=hunter)
        document_issue(deal=deal, kind=DocumentKind.INVOICE, acting_user=hunter)
        invoice = Invoice.objects.get(deal=deal)
        for day, amount in sorted(payments):
            payment_register(invoice=invoice, amount=Decimal(amount), paid_on=day, acting_user=head)
