"""A living sales department to look at: people, departments and a base in every section.

The 85 accounts and the regional offices of Maven Analytics' CRM data (../shared/data) become
existing clients and territories; Russian-language prospects are generated around them.
"""

import csv
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from otdel.algorithm.enforcement import enforce_rules
from otdel.algorithm.models import (
    Activity,
    ActivityKind,
    PlaybookStep,
    RefusalReason,
    RuleSettings,
    StageChecklist,
)
from otdel.algorithm.services import algorithm_install_defaults, stage_checklist_tick
from otdel.base import services
from otdel.base.models import (
    Category,
    Company,
    Contact,
    Section,
    Segment,
    SizeRule,
    SizeTag,
    Source,
    SourceKind,
    State,
    TaxIdKind,
)
from otdel.billing.models import Invoice
from otdel.billing.services import payment_register
from otdel.catalog.models import DiscountLimit, Price, PriceList, Product, ProductGroup
from otdel.clients.models import ClientPlan, ClientStep
from otdel.clients.services import client_steps_install_defaults, client_watch
from otdel.control.models import WorkingListReview
from otdel.control.services import review_complete
from otdel.crmimport.models import Export
from otdel.crmimport.samples import export_bytes, make_export
from otdel.crmimport.services import crm_import_preview
from otdel.deals.services import deal_add_item, deal_create
from otdel.documents.models import DocumentKind, Seller
from otdel.documents.services import document_issue
from otdel.orders.models import Order, OrderLine
from otdel.org.models import Department, DepartmentKind, Language, Position, Territory, User
from otdel.pay.models import PayScheme
from otdel.pay.services import pay_assignment_set
from otdel.plans.models import PeriodKind
from otdel.plans.services import plan_approve, plan_copy, plan_create, plan_set_amounts
from otdel.segments.services import segment

from . import hiring, materials, meetings, names, needs, pilot, playbook, security, standard
from .care import build_care
from .files import shared_data_dir

PASSWORD = "demo"  # noqa: S105 - the documented demo password
SEED = 20261122


@dataclass
class DemoReport:
    users: list[tuple[str, str]] = field(default_factory=list)
    companies: int = 0
    maven_accounts: int = 0
    warnings: list[str] = field(default_factory=list)


def _user(username: str, first: str, last: str, position: str, **extra: object) -> User:
    user = User(username=username, first_name=first, last_name=last, position=position, **extra)
    user.set_password(PASSWORD)
    user.save()
    return user


# Maven's sectors by their Russian names: the demo company works in Russian. "technolgy" is
# Maven's own typo; the file itself stays as it is. A sector not listed keeps Maven's word.
_SECTORS = {
    "employment": "Кадровые услуги",
    "entertainment": "Развлечения",
    "finance": "Финансы",
    "marketing": "Маркетинг",
    "medical": "Медицина",
    "retail": "Розничная торговля",
    "services": "Услуги",
    "software": "Программное обеспечение",
    "technolgy": "Технологии",
    "technology": "Технологии",
    "telecommunications": "Телекоммуникации",
}


class DemoBuilder:
    def __init__(self) -> None:
        self.rng = random.Random(SEED)
        self.report = DemoReport()
        self.won_deals: list[dict[str, str]] = []

    @transaction.atomic
    def build(self) -> DemoReport:
        algorithm_install_defaults()
        client_steps_install_defaults()
        # The demo company works in Russian; each person may switch to English in the header.
        RuleSettings.objects.update_or_create(pk=1, defaults={"language": Language.RUSSIAN})
        self._reference_lists()
        self._people()
        self._maven_accounts()
        self._prospects()
        self._clocks()
        self._history()
        self._sales()
        self._order_history()
        self._past_calls()
        self._client_days()
        self._care()
        self._saved_filters()
        self._control()
        self._crm_export()
        meetings.build(self.head, self.hunters, self.farmers)
        materials.build(self.head, self.hunters, self.farmers)
        playbook.build(self.head, self.hunters)
        needs.build(self.hunters)
        pilot.build(self.head, self.hunters)
        hiring.build(self.head, self.hunters, self.farmers)
        security.build(self.head, self.hunters)
        # Last: the demo's configuration is saved as the standard's latest version.
        standard.build(self.head)
        self.report.companies = Company.objects.count()
        return self.report

    def _reference_lists(self) -> None:
        SizeRule.objects.bulk_create(
            [
                SizeRule(
                    tag=SizeTag.LARGE,
                    priority=10,
                    min_employees=250,
                    min_annual_revenue=Decimal("2000000000"),
                ),
                SizeRule(
                    tag=SizeTag.MEDIUM,
                    priority=20,
                    min_employees=50,
                    min_annual_revenue=Decimal("400000000"),
                ),
                SizeRule(tag=SizeTag.SMALL, priority=30, min_employees=1),
            ]
        )
        self.sources = {
            name: Source.objects.create(name=name, kind=kind)
            for name, kind in [
                ("2ГИС", SourceKind.COLD),
                ("Яндекс Карты", SourceKind.COLD),
                ("Rusprofile", SourceKind.COLD),
                ("Выставка «Иннопром»", SourceKind.COLD),
                ("Собственная база", SourceKind.WARM),
                ("Maven CRM", SourceKind.WARM),
            ]
        }
        self.segments = [
            Segment.objects.create(name=n)
            for n in ["Промышленные предприятия", "Торговые сети", "Застройщики", "Клиники"]
        ]
        self.categories_ru = [Category.objects.create(name=n) for n in names.CATEGORIES_RU]

    def _people(self) -> None:
        r = self.report
        self.owner = _user(
            "owner", "Михаил", "Орлов", Position.OWNER, is_staff=True, is_superuser=True
        )
        self.head = _user(
            "head", "Анна", "Белова", Position.HEAD_OF_SALES, is_staff=True, is_superuser=True
        )
        hunters_dept = Department.objects.create(
            name="Отдел активных продаж", kind=DepartmentKind.ACTIVE_SALES, head=self.head
        )
        farmers_dept = Department.objects.create(
            name="Клиентский отдел", kind=DepartmentKind.CLIENT, head=self.head
        )
        self.pm = _user("pm1", "Игорь", "Лебедев", Position.PRODUCT_MANAGER)
        self.accountant = _user("accountant", "Вера", "Назарова", Position.ACCOUNTANT)
        hunter_names = [
            ("Дмитрий", "Козлов"),
            ("Мария", "Егорова"),
            ("Олег", "Павлов"),
            ("Светлана", "Морозова"),
            ("Артём", "Волков"),
        ]
        self.hunters = [
            _user(
                f"hunter{i}",
                first,
                last,
                Position.SALES_MANAGER,
                department=hunters_dept,
                matrix_leader=self.pm,
            )
            for i, (first, last) in enumerate(hunter_names, start=1)
        ]
        farmer_names = [("Елена", "Соловьёва"), ("Николай", "Зайцев"), ("Ирина", "Громова")]
        self.farmers = [
            _user(f"farmer{i}", first, last, Position.ACCOUNT_MANAGER, department=farmers_dept)
            for i, (first, last) in enumerate(farmer_names, start=1)
        ]
        leaders = [self.owner, self.head, self.pm, self.accountant]
        for user in [*leaders, *self.hunters, *self.farmers]:
            r.users.append((user.username, f"{user} — {user.get_position_display()}"))

    def _maven_accounts(self) -> None:
        folder = shared_data_dir() / "maven_crm"
        if not (folder / "accounts.csv").exists():
            self.report.warnings.append(f"{folder} not found: the Maven accounts were not loaded.")
            return
        with open(folder / "sales_teams.csv", newline="", encoding="utf-8") as f:
            office_of_agent = {
                row["sales_agent"]: row["regional_office"] for row in csv.DictReader(f)
            }
        territories = {
            name: Territory.objects.create(name=name)
            for name in sorted(set(office_of_agent.values()))
        }
        groups: dict[str, ProductGroup] = {}
        product_group: dict[str, ProductGroup] = {}
        with open(folder / "products.csv", newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                group = groups.get(row["series"]) or ProductGroup.objects.create(name=row["series"])
                groups[row["series"]] = group
                # Maven gives no cost: the demo assumes 65 % of the list price in roubles.
                Product.objects.create(
                    code=row["product"].replace(" ", ""),
                    name=row["product"],
                    group=group,
                    cost_price=Decimal(row["sales_price"]) * 90 * Decimal("0.65"),
                )
                product_group[row["product"].replace(" ", "")] = group
        self.pm.product_groups.add(groups["GTX"])

        offices: dict[str, Counter[str]] = defaultdict(Counter)
        bought: dict[str, set[ProductGroup]] = defaultdict(set)
        won: Counter[str] = Counter()
        with open(folder / "sales_pipeline.csv", newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                account = row["account"].strip()
                if not account:
                    continue  # prospecting deals with no account yet
                offices[account][office_of_agent.get(row["sales_agent"], "")] += 1
                group = product_group.get(row["product"].replace(" ", ""))
                if group:
                    bought[account].add(group)
                if row["deal_stage"] == "Won":
                    won[account] += 1
                    self.won_deals.append(row)

        categories: dict[str, Category] = {}
        source = self.sources["Maven CRM"]
        with open(folder / "accounts.csv", newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        for n, row in enumerate(rows):
            sector = _SECTORS.get(row["sector"], row["sector"].capitalize())
            # Медицина and Розничная торговля are among the prospects' categories too.
            category = categories.get(sector) or Category.objects.get_or_create(name=sector)[0]
            categories[sector] = category
            office = offices[row["account"]].most_common(1)
            is_client = won[row["account"]] > 0
            company = Company(
                legal_name=row["account"],
                tax_id_kind=TaxIdKind.OTHER,
                category=category,
                source=source,
                territory=territories.get(office[0][0]) if office else None,
                employees=int(row["employees"]) if row["employees"] else None,
                # Maven gives revenue in millions of dollars.
                annual_revenue=Decimal(row["revenue"]) * 1_000_000 if row["revenue"] else None,
                actual_address=row["office_location"],
                note=f"Subsidiary of {row['subsidiary_of']}" if row["subsidiary_of"] else "",
                state=State.CLIENT if is_client else State.CONTACT_2,
                section="",
                owner=self.farmers[n % 3] if is_client else self.hunters[n % 5],
            )
            services.company_create(
                company=company,
                acting_user=self.head,
                product_groups=bought[row["account"]],
                rule="demo",
            )
            self.report.maven_accounts += 1

    def _prospect(self, *, section: str, state: str, owner: User | None) -> Company:
        rng = self.rng
        city, region, area = rng.choice(names.CITIES)
        name = names.company_name(rng)
        while Company.objects.filter(legal_name=name).exists():
            name = names.company_name(rng) + f" {rng.randint(2, 99)}"
        employees = rng.choice(
            [None, rng.randint(3, 40), rng.randint(50, 240), rng.randint(250, 3000)]
        )
        company = Company(
            legal_name=name,
            legal_form=rng.choice(names.FORMS),
            tax_id=names.valid_inn(rng, region),
            category=rng.choice(self.categories_ru),
            segment=rng.choice(self.segments),
            source=rng.choice([s for n, s in self.sources.items() if n != "Maven CRM"]),
            employees=employees,
            actual_address=f"г. {city}, ул. {rng.choice(['Ленина', 'Мира', 'Заводская', 'Садовая'])}, д. {rng.randint(1, 120)}",
            section=section,
            state=state,
            owner=owner,
            reactivation_date=(
                timezone.localdate() + timedelta(days=rng.randint(14, 120))
                if section in (Section.REFUSAL_FOLLOW_UP, Section.STRATEGIC_ARCHIVE)
                else None
            ),
        )
        services.company_create(
            company=company,
            acting_user=self.head,
            phones=[names.valid_phone(rng, area)],
            emails=[f"info@{rng.choice(['mail.ru', 'yandex.ru'])}"] if rng.random() < 0.3 else [],
            rule="demo",
        )
        if rng.random() < 0.6:
            contact = Contact(
                company=company,
                full_name=rng.choice(names.PEOPLE),
                job_title=rng.choice(names.JOBS),
                is_decision_maker=rng.random() < 0.4,
            )
            services.contact_save(contact=contact, phones=[names.valid_phone(rng, area)], emails=[])
        return company

    def _clocks(self) -> None:
        """Start the hunters' work at different days, so every rule has something to show."""
        rng = self.rng
        now = timezone.now()
        settings = RuleSettings.load()
        in_work = Company.objects.filter(section="", owner__in=self.hunters)
        for n, company in enumerate(in_work.order_by("pk")):
            days_ago = [2, 8, 15, 21, 27, 28, 29, 33, 40, 95][n % 10]
            claimed = now - timedelta(days=days_ago, hours=rng.randint(0, 8))
            Company.objects.filter(pk=company.pk).update(
                claimed_at=claimed,
                owned_since=claimed,
                work_deadline=timezone.localdate(claimed) + timedelta(days=settings.work_days),
            )
            due = now + timedelta(days=rng.choice([-2, -1, 0, 1, 3]), hours=rng.randint(1, 6))
            Activity.objects.create(
                company=company,
                kind=rng.choice([ActivityKind.CALL, ActivityKind.MEETING]),
                subject=rng.choice(names.NEXT_STEPS),
                due_at=due,
                assignee=company.owner,
                author=company.owner,
            )
        enforce_rules()
        # One hunter has let his expired companies wait three days: his claims are blocked.
        Company.objects.filter(owner=self.hunters[4], triage_since__isnull=False).update(
            triage_since=timezone.localdate() - timedelta(days=3)
        )

    def _history(self) -> None:
        """Weeks of work behind the hunters' companies, so the funnel and the weekly report have
        something to show: each company went through the states to where it stands, a few were
        refused and taken back (METHOD 4: triage), the archived ones were lost with a reason."""
        rng = self.rng
        now = timezone.now()
        # The accounts brought from Maven CRM were in the base long before this week.
        maven = Company.objects.filter(source__name="Maven CRM")
        maven.update(created_at=now - timedelta(days=365))
        services.stays_rebuild(maven)
        reasons = {r.section: r.name for r in RefusalReason.objects.order_by("pk")}
        ladder = [State.NEW, State.CONTACT_1, State.CONTACT_2, State.CONTACT_3]
        out = [State.REFUSAL, State.STRATEGIC_RESERVE, State.CALL_ROUND]
        companies = Company.objects.filter(
            owner__in=self.hunters, state__in=[*ladder, *out]
        ).order_by("pk")
        for n, company in enumerate(companies):
            if company.state in ladder:
                path = ladder[: ladder.index(company.state) + 1]
                if n % 4 == 1 and len(path) > 2:  # refused, then taken back into work
                    path = [*path[:2], State.REFUSAL, *path[1:]]
            elif company.state == State.CALL_ROUND:  # refused, back on the follow-up date
                path = [*ladder[: 2 + n % 2], State.REFUSAL, State.CALL_ROUND]
            else:
                path = [*ladder[: 2 + n % 2], company.state]
            gaps = [timedelta(days=rng.randint(2, 9), hours=rng.randint(0, 8)) for _ in path]
            moment = now - sum(gaps, timedelta()) - timedelta(days=rng.randint(0, 3))
            born = moment
            moves = []
            for old, new, gap in zip(path, path[1:], gaps, strict=False):
                moment += gap
                reason = ""
                if new in (State.REFUSAL, State.STRATEGIC_RESERVE):
                    reason = reasons[company.section or Section.REFUSAL_FOLLOW_UP]
                moves.append(services.PastMove(old, new, moment, reason))
            Company.objects.filter(pk=company.pk).update(created_at=born)
            services.company_moves_import(
                company=company, moves=moves, acting_user=company.owner, rule="demo"
            )

    def _prospects(self) -> None:
        for _ in range(120):
            self._prospect(section=Section.TO_CALL, state=State.NEW, owner=None)
        for section, state, count in [
            (Section.HARD_REFUSAL, State.REFUSAL, 20),
            (Section.REFUSAL_FOLLOW_UP, State.CALL_ROUND, 25),
            (Section.STRATEGIC_ARCHIVE, State.STRATEGIC_RESERVE, 20),
        ]:
            for n in range(count):
                self._prospect(section=section, state=state, owner=self.hunters[n % 5])
        # Only an issued invoice puts a company at "Deal" (METHOD 3): _sales makes those.
        in_work = [
            State.NEW,
            State.CONTACT_1,
            State.CONTACT_1,
            State.CONTACT_2,
            State.CONTACT_2,
            State.CONTACT_3,
            State.CONTACT_3,
        ]
        for hunter in self.hunters:
            for n in range(14):
                self._prospect(section="", state=in_work[n % len(in_work)], owner=hunter)

    def _sales(self) -> None:
        """Our company's details, a price list (the Maven list prices are in dollars; the demo
        sells in roubles at 90 to the dollar), discount limits, and deals of hunter1 at every
        step: a proposal, an invoice half paid, an invoice overdue."""
        products_file = shared_data_dir() / "maven_crm" / "products.csv"
        if not products_file.exists():  # no products to sell: _maven_accounts said so
            return
        Seller.objects.create(
            legal_name="ООО «Демо Продажи»",
            tax_id="7707083893",
            kpp="770701001",
            ogrn="1027700132195",
            address="115035, г. Москва, ул. Садовническая, д. 1",
            phone="+7 495 000-00-00",
            email="sales@example.com",
            bank_name="ПАО Сбербанк",
            bic="044525225",
            account="40702810938000000001",
            correspondent_account="30101810400000000225",
            director="Орлов М. А.",
            accountant="Белова А. С.",
        )
        prices = PriceList.objects.create(
            name="Основной прайс-лист",
            currency=settings.OTDEL_CURRENCY,
            valid_from=date(timezone.localdate().year, 1, 1),
        )
        with open(
            shared_data_dir() / "maven_crm" / "products.csv", newline="", encoding="utf-8"
        ) as f:
            list_prices = {
                row["product"].replace(" ", ""): Decimal(row["sales_price"]) * 90
                for row in csv.DictReader(f)
            }
        Price.objects.bulk_create(
            Price(price_list=prices, product=p, price=list_prices[p.code])
            for p in Product.objects.filter(code__in=list_prices)
        )
        DiscountLimit.objects.bulk_create(
            DiscountLimit(position=position, max_percent=Decimal(limit))
            for position, limit in [
                (Position.SALES_MANAGER, 5),
                (Position.ACCOUNT_MANAGER, 7),
                (Position.KEY_ACCOUNT_MANAGER, 10),
                (Position.DEPARTMENT_HEAD, 10),
                (Position.HEAD_OF_SALES, 15),
                (Position.OWNER, 100),
            ]
        )
        self._pay()
        hunter = self.hunters[0]
        companies = list(Company.objects.filter(owner=hunter, section="").order_by("pk")[:3])
        products = list(Product.objects.filter(code__in=list_prices).order_by("code"))
        for n, (company, step) in enumerate(
            zip(companies, ["proposal", "half_paid", "overdue"], strict=False)
        ):
            deal = deal_create(
                company=company,
                owner=hunter,
                acting_user=hunter,
                title=f"Поставка {products[n].name}",
                probability=50 + 20 * n,
                expected_close=timezone.localdate() + timedelta(days=14),
            )
            deal_add_item(deal=deal, product=products[n], quantity=Decimal(3), acting_user=hunter)
            deal_add_item(
                deal=deal,
                product=products[n + 3],
                quantity=Decimal(1),
                acting_user=hunter,
                discount_percent=Decimal(5),
            )
            document_issue(deal=deal, kind=DocumentKind.PROPOSAL, acting_user=hunter)
            if step == "proposal":
                continue
            document_issue(deal=deal, kind=DocumentKind.INVOICE, acting_user=hunter)
            invoice = deal.invoices.get()
            if step == "half_paid":
                payment_register(
                    invoice=invoice,
                    amount=(invoice.amount / 2).quantize(Decimal("0.01")),
                    paid_on=timezone.localdate(),
                    acting_user=self.accountant,
                )
            else:
                Invoice.objects.filter(pk=invoice.pk).update(
                    issued_on=timezone.localdate() - timedelta(days=40),
                    due_on=timezone.localdate() - timedelta(days=35),
                )
        # Every other hunter has a deal invoiced this week: its company stands at "Deal".
        for n, other in enumerate(self.hunters[1:]):
            company = Company.objects.filter(owner=other, section="", state=State.CONTACT_3).first()
            if company is None:
                continue
            deal = deal_create(
                company=company,
                owner=other,
                acting_user=other,
                title=f"Поставка {products[n].name}",
                probability=70,
                expected_close=timezone.localdate() + timedelta(days=10),
            )
            deal_add_item(deal=deal, product=products[n], quantity=Decimal(2), acting_user=other)
            document_issue(deal=deal, kind=DocumentKind.INVOICE, acting_user=other)

    def _control(self) -> None:
        """What Control and the working-list review show (issue 16): a contract waiting for
        its invoice, meetings held with and without their preparation, repeat meetings in time
        and late, and the head's reviews of two hunters, one a week ago."""
        now = timezone.now()
        checklist = RuleSettings.load().meeting_checklist_items
        product = Product.objects.filter(prices__isnull=False).order_by("code").first()
        if product is not None:
            hunter = self.hunters[1]
            company = Company.objects.filter(owner=hunter, section="", state=State.CONTACT_2)
            deal = deal_create(
                company=company.order_by("pk").first(),
                owner=hunter,
                acting_user=hunter,
                title=f"Договор: {product.name}",
                probability=80,
                expected_close=timezone.localdate() + timedelta(days=7),
            )
            deal_add_item(deal=deal, product=product, quantity=Decimal(5), acting_user=hunter)
            document_issue(deal=deal, kind=DocumentKind.CONTRACT, acting_user=hunter)
        # hunter: (days since the first meeting, days from it to the repeat or None, prepared)
        meetings = {0: (6, None, 0), 1: (5, 2, len(checklist)), 2: (4, 5, 1), 3: (2, 1, 2)}
        for n, (first_ago, repeat_after, prepared) in meetings.items():
            hunter = self.hunters[n]
            company = (
                Company.objects.filter(owner=hunter, section="", state=State.CONTACT_1)
                .order_by("pk")
                .first()
            )
            held = now - timedelta(days=first_ago)
            Activity.objects.create(
                company=company,
                kind=ActivityKind.FIRST_MEETING,
                subject="Знакомство: потребности клиента",
                due_at=held,
                done_at=held,
                prepared=checklist[:prepared],
                assignee=hunter,
                author=hunter,
            )
            if repeat_after is not None:
                Activity.objects.create(
                    company=company,
                    kind=ActivityKind.REPEAT_MEETING,
                    subject="Презентация, цена и условия",
                    due_at=held + timedelta(days=repeat_after),
                    assignee=hunter,
                    author=hunter,
                )
        self._stage_checklists(now)
        # hunter4 left two companies without a next step.
        for company in Company.objects.filter(
            owner=self.hunters[3], section="", state=State.CONTACT_3
        ).order_by("pk")[:2]:
            Activity.objects.filter(company=company, done_at__isnull=True).update(done_at=now)
        for hunter, comment, days_ago in (
            (
                self.hunters[0],
                "Разобрать просроченные компании до среды; в трёх компаниях найти ЛПР.",
                7,
            ),
            (self.hunters[2], "Повторные встречи — не позже трёх дней после первой.", 1),
        ):
            review = review_complete(manager=hunter, comment=comment, acting_user=self.head)
            WorkingListReview.objects.filter(pk=review.pk).update(
                done_at=now - timedelta(days=days_ago)
            )

    def _stage_checklists(self, now: datetime) -> None:
        """The playbook checklists as the hunters worked them: the first-contact stage left
        with every item, one or none ticked (the review counts the last two), and the current
        stage's checklist half ticked on the card."""
        checklist = PlaybookStep.objects.get(state=State.CONTACT_1).checklist_items
        for n, (ticked, days_ago) in enumerate(((len(checklist), 3), (1, 6), (0, 12), (1, 40))):
            hunter = self.hunters[n]
            for company in Company.objects.filter(
                owner=hunter, section="", state=State.CONTACT_2
            ).order_by("pk")[:2]:
                StageChecklist.objects.create(
                    company=company,
                    state=State.CONTACT_1,
                    done=checklist[:ticked],
                    missing=checklist[ticked:],
                    left_at=now - timedelta(days=days_ago),
                    left_owner=hunter,
                    ticked_by=hunter,
                    ticked_at=now - timedelta(days=days_ago + 1),
                )
            current = (
                Company.objects.filter(owner=hunter, section="", state=State.CONTACT_1)
                .order_by("pk")
                .first()
            )
            stage_checklist_tick(
                company=current, done_items=checklist[: n % 2 + 1], acting_user=hunter
            )

    def _pay(self) -> None:
        """Different percentages for hunters and farmers (METHOD 6), a plan for each."""
        year_start = date(timezone.localdate().year, 1, 1)
        hunters = PayScheme.objects.create(
            name="Охотники",
            base_salary=Decimal(40000),
            new_percent=Decimal(10),
            repeat_percent=Decimal(3),
            hunter_share_percent=Decimal(2),
            bonus_steps=[[100, 15000], [120, 30000]],
            penalty_below_percent=Decimal(50),
            penalty=Decimal(5000),
            kpi_floor_percent=Decimal(70),
            kpi_multiplier=Decimal("0.8"),
        )
        farmers = PayScheme.objects.create(
            name="Фермеры",
            base_salary=Decimal(50000),
            new_percent=Decimal(5),
            repeat_percent=Decimal(5),
            bonus_steps=[[100, 10000]],
        )
        # Through Settings' service, so the Settings log shows who put whom on which scheme.
        for people, scheme in ((self.hunters, hunters), (self.farmers, farmers)):
            for user in people:
                pay_assignment_set(
                    user=user, scheme=scheme, since=year_start, acting_user=self.owner
                )
        self._plans()

    def _plans(self) -> None:
        """This month's plan, approved (each manager's monthly plan for pay follows it), and
        next month's copied from it, still a draft."""
        plan = plan_create(kind=PeriodKind.MONTH, day=timezone.localdate(), acting_user=self.owner)
        hunter = {
            "revenue": 500000,
            "margin": 150000,
            "new_clients": 3,
            "deals_won": 4,
            "calls": 40,
            "meetings": 12,
            "proposals": 8,
        }
        farmer = {
            "revenue": 800000,
            "margin": 200000,
            "new_clients": 0,
            "deals_won": 10,
            "calls": 40,
            "meetings": 15,
            "proposals": 5,
        }
        lines = {(line.department_id, line.user_id): line for line in plan.lines.all()}
        figures: dict[int, dict[str, object]] = {}
        company = dict.fromkeys(hunter, 0)
        for people, each in ((self.hunters, hunter), (self.farmers, farmer)):
            department = people[0].department_id
            figures[lines[(department, None)].pk] = {m: v * len(people) for m, v in each.items()}
            figures.update({lines[(department, user.pk)].pk: each for user in people})
            company = {m: company[m] + v * len(people) for m, v in each.items()}
        figures[lines[(None, None)].pk] = company
        plan_set_amounts(plan=plan, amounts=figures, acting_user=self.owner)
        plan_approve(plan=plan, acting_user=self.owner)
        plan_copy(source=plan, acting_user=self.owner)

    def _past_calls(self) -> None:
        """The year of calls the old CRM holds (issue 18, the audit): each Maven opportunity
        engaged is a call by a hunter (Maven's agents, spread over the five), moved in time as
        the order history is. Maven's agents sold to new and old accounts alike, so the audit
        finds hunters serving existing clients and time spent on C and D clients."""
        if not self.won_deals:
            return
        folder = shared_data_dir() / "maven_crm"
        with open(folder / "sales_pipeline.csv", newline="", encoding="utf-8") as f:
            rows = [
                row for row in csv.DictReader(f) if row["account"].strip() and row["engage_date"]
            ]
        companies = {
            c.full_legal_name: c.pk
            for c in Company.objects.filter(source__name="Maven CRM").only(
                "pk", "legal_name", "legal_form"
            )
        }
        agents = sorted({row["sales_agent"] for row in rows})
        hunter_of = {agent: self.hunters[n % len(self.hunters)] for n, agent in enumerate(agents)}
        closed = [date.fromisoformat(row["close_date"]) for row in self.won_deals]
        shift = timezone.localdate() - timedelta(days=1) - max(closed)
        Activity.objects.bulk_create(
            Activity(
                company_id=companies[row["account"].strip()],
                kind=ActivityKind.CALL,
                subject=row["product"],
                due_at=(
                    at := timezone.make_aware(
                        datetime.combine(date.fromisoformat(row["engage_date"]) + shift, time(11))
                    )
                ),
                done_at=at,
                result="Maven CRM",
                assignee=hunter_of[row["sales_agent"]],
                author=hunter_of[row["sales_agent"]],
            )
            for row in rows
            if row["account"].strip() in companies
        )

    def _care(self) -> None:
        developer = build_care(
            owner=self.owner, head=self.head, farmers=self.farmers, make_user=_user
        )
        self.report.users.append(
            (developer.username, f"{developer} — {developer.get_position_display()}")
        )

    def _saved_filters(self) -> None:
        """The company-list filters people keep (issue 14): the head's A clients and refusals
        to call back, a hunter's free large companies."""
        rows = [
            ("head", "Клиенты A", "scope=all&abc_class=A&sort=-updated"),
            ("head", "Отказы на обзвон", "scope=all&section=refusal_follow_up&sort=owner"),
            ("hunter1", "Свободные крупные", "scope=free&size_tag=large"),
        ]
        for username, name, query in rows:
            services.saved_filter_save(
                user=User.objects.get(username=username), name=name, query=query
            )

    def _crm_export(self) -> None:
        """An amoCRM export the head has checked and not imported yet (issue 18): its preview
        shows the stages mapped onto the algorithm and the managers to be created; Import
        brings it in."""
        headers, rows, _expected = make_export(Export.AMOCRM, rows=300, broken=("amount",))
        crm_import_preview(
            data=export_bytes(headers, rows, "cp1251"),
            filename="amocrm-сделки.csv",
            source=Export.AMOCRM,
            acting_user=User.objects.get(username="head"),
        )

    def _order_history(self) -> None:
        """The Maven deals won become the clients' order history, moved in time so that the
        last one closed yesterday (roubles at 90 to the dollar); then two segmentations, a
        quarter apart, so that the ABC(D) page shows classes and their movement."""
        if not self.won_deals:
            return
        # Maven names its accounts with their form ("Acme Corporation"), as the base shows them.
        companies = {
            c.full_legal_name: c.pk
            for c in Company.objects.filter(source__name="Maven CRM").only(
                "pk", "legal_name", "legal_form"
            )
        }
        products = dict(Product.objects.values_list("code", "pk"))
        closed = [date.fromisoformat(row["close_date"]) for row in self.won_deals]
        shift = timezone.localdate() - timedelta(days=1) - max(closed)
        orders = Order.objects.bulk_create(
            Order(
                company_id=companies[row["account"]],
                number=row["opportunity_id"],
                ordered_at=timezone.make_aware(datetime.combine(day + shift, time(12))),
            )
            for row, day in zip(self.won_deals, closed, strict=True)
            if row["account"] in companies
        )
        kept = [row for row in self.won_deals if row["account"] in companies]
        OrderLine.objects.bulk_create(
            OrderLine(
                order=order,
                product_id=products[row["product"].replace(" ", "")],
                description=row["product"],
                quantity=Decimal(1),
                unit_price=Decimal(row["close_value"] or 0) * 90,
            )
            for order, row in zip(orders, kept, strict=True)
            if row["product"].replace(" ", "") in products
        )
        segment(as_of=timezone.localdate() - timedelta(days=90), criteria="all")
        segment(as_of=timezone.localdate(), criteria="all")

    def _client_days(self) -> None:
        """Every farmer's day with his clients: his first A or B client gone quiet (its orders
        moved four months back, so the head sees it escalated), the rhythm's alerts, and the
        client algorithm's next steps spread from three days overdue to a week ahead."""
        today = timezone.localdate()
        for farmer in self.farmers:
            quiet = (
                Company.objects.filter(owner=farmer, abc_class__in=("A", "B"), orders__isnull=False)
                .distinct()
                .order_by("abc_class", "pk")
                .first()
            )
            if quiet is not None:
                Order.objects.filter(company=quiet).update(
                    ordered_at=F("ordered_at") - timedelta(days=120)
                )
        client_watch(as_of=today)
        cycle = list(ClientStep.objects.order_by("position", "pk"))
        plans = list(ClientPlan.objects.order_by("company_id"))
        for n, plan in enumerate(plans):
            plan.step = cycle[n % len(cycle)]
            plan.due_on = today + timedelta(days=n % 11 - 3)
        ClientPlan.objects.bulk_update(plans, ["step", "due_on"])


def demo_loaded() -> bool:
    return User.objects.filter(username="owner").exists()
