"""The needs in the demo (issue 19, item 3): the companies whose first meeting is done have
their needs written down (one is left without, so its card asks for them), two at the second
contact too, and one proposal is issued from its needs."""

from django.db.models import Exists, OuterRef

from otdel.algorithm.models import Activity, ActivityKind
from otdel.base.models import Company, Contact, State
from otdel.catalog.models import Price, Product
from otdel.documents.services import proposal_from_needs
from otdel.needs.services import needs_save
from otdel.org.models import User

NEEDS = (
    (
        "Заменить освещение в цехе и на складе без остановки производства",
        "120 светильников",
        "поставки раз в квартал",
        "до 600 тыс. ₽ в квартал",
        "до конца квартала",
        "ИП «Свет-Опт», недовольны сроками",
        "надёжность и сроки поставки",
    ),
    (
        "Постоянный поставщик расходников, сейчас закупают у трёх разных",
        "40 позиций",
        "ежемесячно",
        "около 200 тыс. ₽ в месяц",
        "первая поставка в следующем месяце",
        "три поставщика, нет единого",
        "цена и отсрочка платежа 30 дней",
    ),
    (
        "Оснастить новый филиал под ключ",
        "1 комплект на филиал, 3 филиала в году",
        "по мере открытия филиалов",
        "бюджет утверждён, 1,5 млн ₽",
        "открытие первого филиала через 2 месяца",
        "нет, закупают впервые",
        "комплектность и монтаж одним подрядчиком",
    ),
)


def _decider(company: Company) -> Contact:
    contact = company.contacts.filter(archived_at__isnull=True).order_by("pk").first()
    return contact or Contact.objects.create(
        company=company, full_name="Игорь Решетников", job_title="Директор по закупкам"
    )


def build(hunters: list[User]) -> None:
    met = Activity.objects.filter(
        company=OuterRef("pk"), kind=ActivityKind.FIRST_MEETING, done_at__isnull=False
    )
    after_meeting = list(
        Company.objects.filter(Exists(met), owner__in=hunters, section="").order_by("pk")
    )
    at_second = list(
        Company.objects.filter(owner__in=hunters[1:3], section="", state=State.CONTACT_2)
        .exclude(pk__in=[c.pk for c in after_meeting])
        .order_by("pk")[:2]
    )
    # The first company met is left without needs: its card asks for them.
    companies = after_meeting[1:] + at_second
    priced = list(
        Product.objects.filter(is_active=True, pk__in=Price.objects.values("product")).order_by(
            "pk"
        )[:6]
    )
    for n, company in enumerate(companies):
        wants, volumes, frequency, budget, timing, supplier, criteria = NEEDS[n % len(NEEDS)]
        needs_save(
            company=company,
            changes={
                "wants": wants,
                "volumes": volumes,
                "frequency": frequency,
                "budget": budget,
                "timing": timing,
                "current_supplier": supplier,
                "notes": "Записано на первой встрече",
            },
            products=priced[n % 3 : n % 3 + 2],
            decision_makers={_decider(company): criteria},
            acting_user=company.owner,
        )
    if at_second:
        company = at_second[0]
        proposal_from_needs(company=company, acting_user=company.owner)
