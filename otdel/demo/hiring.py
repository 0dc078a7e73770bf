"""Hiring in the demo (issue 19, item 5): the hunters' open vacancy with candidates at every
stage (two refused with their reasons, one hired who became a user and is half through his
onboarding, one item overdue), its spend near the budget; the farmers' closed vacancy, over
its budget."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from otdel.hiring import selectors
from otdel.hiring.models import OnboardingItem, RejectionReason, Stage
from otdel.hiring.services import (
    candidate_add,
    candidate_hire,
    candidate_move,
    candidate_record,
    candidate_refuse,
    candidate_score,
    expense_add,
    hiring_install_defaults,
    onboarding_tick,
    vacancy_save,
)
from otdel.org.models import Position, User

HUNTER_TEXT = (
    "Ищем менеджера по активным продажам (B2B). Вы находите новых клиентов: холодные звонки "
    "по базе, встречи с ЛПР, коммерческие предложения. Оклад + процент с оплат, обучение "
    "продукту и скриптам, наставник на первый месяц."
)
PHONE_SCRIPT = (
    "1. Представиться, назвать вакансию.\n2. Удобно ли говорить 5 минут?\n"
    "3. Где сейчас работаете, что продаёте, кому?\n4. Сколько звонков в день делали?\n"
    "5. Какой доход ожидаете?\n6. Пригласить на собеседование: дата и время."
)
QUESTIONS = (
    "Расскажите о самой трудной продаже.\nКак вы выходите на ЛПР?\n"
    "Продайте мне эту ручку.\nЧто вы отвечаете на «дорого»?\nКак планируете свой день?"
)


def _walk(candidate, stages, head, *, scores=4):
    """Take a candidate through the stages with what each one needs recorded."""
    for stage in stages:
        if candidate.stage == Stage.PHONE:
            candidate_record(
                candidate=candidate,
                changes={"phone_notes": "Продавал оборудование, 60 звонков в день. Ждёт 90 000."},
                acting_user=head,
            )
        if candidate.stage == Stage.INTERVIEW:
            portrait = selectors.portrait_for(candidate.vacancy.position)
            candidate_score(
                candidate=candidate,
                scores={c.pk: max(1, min(5, scores - i % 2)) for i, c in enumerate(portrait)},
                acting_user=head,
            )
        if candidate.stage == Stage.TEST_TASK:
            today = timezone.localdate()
            candidate_record(
                candidate=candidate,
                changes={
                    "test_given_on": today - timedelta(days=3),
                    "test_received_on": today - timedelta(days=1),
                    "test_score": 85,
                },
                acting_user=head,
            )
        candidate = candidate_move(candidate=candidate, to=stage, acting_user=head)
    return candidate


def build(head: User, hunters: list[User], farmers: list[User]) -> User:
    from .builder import PASSWORD

    hiring_install_defaults()
    today = timezone.localdate()
    reasons = {r.name: r for r in RejectionReason.objects.all()}
    hunting = vacancy_save(
        vacancy=None,
        changes={
            "title": "Менеджер по активным продажам",
            "position": Position.SALES_MANAGER,
            "department": hunters[0].department,
            "text": HUNTER_TEXT,
            "channels": "hh.ru, SuperJob, Telegram-канал «Работа в продажах»",
            "budget": Decimal(60000),
            "opened_on": today - timedelta(days=30),
            "phone_script": PHONE_SCRIPT,
            "questions": QUESTIONS,
        },
        acting_user=head,
    )
    for channel, amount, days in (
        ("hh.ru", 30000, 28),
        ("SuperJob", 15000, 20),
        ("Telegram-канал", 10000, 10),
    ):
        expense_add(
            vacancy=hunting,
            channel=channel,
            amount=Decimal(amount),
            spent_on=today - timedelta(days=days),
            note="Размещение вакансии",
            acting_user=head,
        )
    people = [
        ("Кирилл Соболев", "hh.ru", ()),
        ("Полина Ершова", "SuperJob", ()),
        ("Денис Голубев", "hh.ru", (Stage.PHONE,)),
        ("Алина Фомина", "hh.ru", (Stage.PHONE, Stage.INTERVIEW)),
        ("Роман Киселёв", "Telegram", (Stage.PHONE, Stage.INTERVIEW, Stage.TEST_TASK)),
        ("Юлия Макарова", "hh.ru", (Stage.PHONE, Stage.INTERVIEW, Stage.TEST_TASK, Stage.OFFER)),
    ]
    for i, (name, channel, stages) in enumerate(people):
        candidate = candidate_add(
            vacancy=hunting,
            full_name=name,
            phone=f"+7 916 200-10-{i:02d}",
            channel=channel,
            acting_user=head,
        )
        _walk(candidate, stages, head)
    for name, stages, reason in (
        ("Игорь Лапин", (), "Не вышел на связь"),
        ("Вадим Кузьмин", (Stage.PHONE, Stage.INTERVIEW), "Не подходит по портрету"),
    ):
        candidate = candidate_add(
            vacancy=hunting, full_name=name, channel="hh.ru", acting_user=head
        )
        candidate = _walk(candidate, stages, head, scores=2)
        candidate_refuse(candidate=candidate, reason=reasons[reason], acting_user=head)
    hired = candidate_add(
        vacancy=hunting, full_name="Тимур Алексеев", channel="hh.ru", acting_user=head
    )
    hired = _walk(hired, (Stage.PHONE, Stage.INTERVIEW, Stage.OFFER), head, scores=5)
    candidate_record(
        candidate=hired, changes={"offer_note": "Оклад 50 000 + 5 % с оплат"}, acting_user=head
    )
    newcomer = candidate_hire(
        candidate=hired,
        username="newhunter",
        start_on=today - timedelta(days=7),
        acting_user=head,
    )
    newcomer.set_password(PASSWORD)
    newcomer.save(update_fields=["password"])
    items = list(OnboardingItem.objects.filter(user=newcomer).order_by("due_on", "pk"))
    # Half done, the newcomer ticking most himself; the first calls with the head still wait.
    for item in items[:3]:
        onboarding_tick(item=item, done=True, acting_user=newcomer)
    onboarding_tick(item=items[4], done=True, acting_user=head)

    farming = vacancy_save(
        vacancy=None,
        changes={
            "title": "Менеджер по работе с клиентами",
            "position": Position.ACCOUNT_MANAGER,
            "department": farmers[0].department,
            "text": "Ведение действующих клиентов, повторные продажи, рост чека.",
            "channels": "hh.ru",
            "budget": Decimal(20000),
            "opened_on": today - timedelta(days=90),
        },
        acting_user=head,
    )
    expense_add(
        vacancy=farming,
        channel="hh.ru",
        amount=Decimal(24000),
        spent_on=today - timedelta(days=85),
        note="Премиум-размещение на 2 месяца",
        acting_user=head,
    )
    for name, stages, reason in (
        ("Ольга Титова", (Stage.PHONE,), "Не прошёл телефонное интервью"),
        (
            "Сергей Белов",
            (Stage.PHONE, Stage.INTERVIEW, Stage.OFFER),
            "Отказался от предложения",
        ),
        ("Анна Крылова", (), "Зарплатные ожидания выше бюджета"),
    ):
        candidate = candidate_add(
            vacancy=farming, full_name=name, channel="hh.ru", acting_user=head
        )
        candidate = _walk(candidate, stages, head)
        candidate_refuse(candidate=candidate, reason=reasons[reason], acting_user=head)
    vacancy_save(
        vacancy=farming,
        changes={"status": "closed", "closed_on": today - timedelta(days=20)},
        acting_user=head,
    )
    return newcomer
