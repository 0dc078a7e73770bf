"""The method's default playbook and refusal reasons (METHOD 3, seeds 001 and 003), in Russian:
the company edits them afterwards; these are where a new installation starts."""

from otdel.base.models import Section, State

PLAYBOOK: dict[str, dict[str, str]] = {
    State.NEW: {
        "actions": "Проверить компанию по базе и сайту, найти ЛПР, сделать первый звонок по стандарту.",
        "materials": "—",
        "checklist": "Компания не в работе у другого менеджера\nНайден телефон и ЛПР\nЗапланирован первый звонок",
        "script": "Добрый день! Меня зовут [имя], компания [название]. Подскажите, кто у вас отвечает за закупки?",
        "objections": "«Нам ничего не нужно» — Понимаю. Чем вы пользуетесь сейчас? Что для вас важно при выборе поставщика?",
    },
    State.CONTACT_1: {
        "actions": "Первый контакт по алгоритму: выявить потребность, договориться о встрече или отправке КП.",
        "materials": "Рекламные материалы, презентация компании",
        "checklist": "Выявлена потребность\nНазначена встреча или согласована отправка КП\nСледующий шаг с датой",
        "script": "Цель первой встречи — знакомство и потребности, не продажа.",
        "objections": "«Пришлите на почту» — Конечно. Чтобы предложение было точным, уточню три вопроса: объёмы, сроки, кто принимает решение.",
    },
    State.CONTACT_2: {
        "actions": "Прогрев: обсуждение коммерческого предложения, ответы на возражения.",
        "materials": "Индивидуальное коммерческое предложение, образцы",
        "checklist": "КП отправлено и получено\nКП обсуждено с ЛПР\nВозражения записаны",
        "script": "Что в предложении вам подходит? Что нужно изменить, чтобы начать работу?",
        "objections": "«Дорого» — С чем сравниваете? Посчитаем стоимость владения, а не цену.",
    },
    State.CONTACT_3: {
        "actions": "Убеждение: особые условия, эффект третьего лица (отзывы, кейсы), скидки, подарки.",
        "materials": "Отзывы клиентов, кейсы, шаблон договора",
        "checklist": "Согласованы цена и условия оплаты\nОтправлен шаблон договора\nНазначена дата решения",
        "script": "Компания из вашей отрасли работает с нами не первый год; могу дать контакт их закупщика.",
        "objections": "«Подумаем» — Что именно нужно обдумать? Какие сведения помогут принять решение?",
    },
    State.REFUSAL: {
        "actions": "Записать причину отказа: непрофильные — жёсткий отказ; нет денег, кризис — отказ с перезвоном и датой.",
        "materials": "—",
        "checklist": "Причина отказа записана\nДля отказа с перезвоном назначена дата",
        "script": "",
        "objections": "",
    },
    State.DEAL: {
        "actions": "Оформление: договор и счёт сразу; контроль оплаты (между «да» и оплатой — «чёрная дыра»).",
        "materials": "Договор, счёт на оплату",
        "checklist": "Договор подписан\nСчёт выставлен\nОплата получена",
        "script": "",
        "objections": "",
    },
    State.STRATEGIC_RESERVE: {
        "actions": "Готов общаться, срок сотрудничества не определён: поддерживать связь, назначить дату возврата.",
        "materials": "Новости, приглашения на мероприятия",
        "checklist": "Назначена дата следующего контакта",
        "script": "",
        "objections": "",
    },
    State.CALL_ROUND: {
        "actions": "Перезвон компании из «отказа с перезвоном»: проверить, изменилась ли ситуация.",
        "materials": "Актуальное предложение",
        "checklist": "Дозвонились до ЛПР\nРешение: в работу или новая дата",
        "script": "Мы уже говорили с вами; тогда не было бюджета. Как сейчас обстоят дела? Что изменилось?",
        "objections": "",
    },
    State.DEAL_SUPPORT: {
        "actions": "Оплачено: отгрузка, сбор документов.",
        "materials": "Товарная накладная или УПД, акт",
        "checklist": "Отгрузка выполнена\nПодписаны закрывающие документы",
        "script": "",
        "objections": "",
    },
    State.CLIENT: {
        "actions": "Закрывающие документы подписаны: повторные продажи по отдельному алгоритму (клиентский отдел).",
        "materials": "—",
        "checklist": "Передан в клиентский отдел по правилу передачи",
        "script": "",
        "objections": "",
    },
}

REFUSAL_REASONS: list[tuple[str, str]] = [
    ("Непрофильная компания", Section.HARD_REFUSAL),
    ("Негатив, продолжение вызовет конфликт", Section.HARD_REFUSAL),
    ("Нет денег", Section.REFUSAL_FOLLOW_UP),
    ("Кризис", Section.REFUSAL_FOLLOW_UP),
    ("Нет потребности сейчас", Section.REFUSAL_FOLLOW_UP),
    ("Готовы общаться, сроки не определены", Section.STRATEGIC_ARCHIVE),
]


# Stage templates: (code, kind, Russian name, English name), in order, and the allowed moves.
# "method_10" is METHOD 3's default algorithm; "active_sales_14" its longer active-sales process
# (seed 003), whose department-level steps (goal and pay, markets, sources) are "preparation".
STAGE_PRESETS: dict[str, dict] = {
    "method_10": {
        "stages": [
            (State.NEW, "new", "Новый клиент", "New client"),
            (State.CONTACT_1, "contact", "1-й контакт", "1st contact"),
            (State.CONTACT_2, "contact", "2-й контакт", "2nd contact"),
            (State.CONTACT_3, "contact", "3-й контакт", "3rd contact"),
            (State.DEAL, "deal", "Сделка", "Deal"),
            (State.DEAL_SUPPORT, "support", "Сопровождение сделки", "Deal support"),
            (State.CLIENT, "client", "Клиент", "Client"),
            (State.REFUSAL, "refusal", "Отказ", "Refusal"),
            (State.STRATEGIC_RESERVE, "reserve", "Стратегический резерв", "Strategic reserve"),
            (State.CALL_ROUND, "call_round", "Обзвон", "Call-round"),
        ],
        "moves": [
            (State.NEW, State.CONTACT_1),
            (State.CONTACT_1, State.CONTACT_2),
            (State.CONTACT_1, State.DEAL),
            (State.CONTACT_2, State.CONTACT_3),
            (State.CONTACT_2, State.DEAL),
            (State.CONTACT_3, State.DEAL),
            (State.CALL_ROUND, State.CONTACT_1),
            (State.CALL_ROUND, State.CONTACT_2),
            (State.CALL_ROUND, State.DEAL),
            (State.STRATEGIC_RESERVE, State.CONTACT_1),
            (State.STRATEGIC_RESERVE, State.CONTACT_2),
            (State.STRATEGIC_RESERVE, State.DEAL),
            (State.REFUSAL, State.CONTACT_1),
            (State.DEAL, State.DEAL_SUPPORT),
            (State.DEAL_SUPPORT, State.CLIENT),
        ],
    },
    "active_sales_14": {
        "stages": [
            (
                "goal_and_pay",
                "preparation",
                "1. Цель и система вознаграждения",
                "1. Goal and pay scheme",
            ),
            ("markets", "preparation", "2. Рынки сбыта", "2. Market segments"),
            ("prospect_list", "new", "3. Список потенциальных клиентов", "3. Prospect list"),
            ("sources", "preparation", "4. Источники поиска клиентов", "4. Client sources"),
            ("reaching", "contact", "5. Выход на клиента", "5. Reaching the client"),
            (
                "meeting_prep",
                "contact",
                "6. Подготовка к первой встрече",
                "6. Preparing the first meeting",
            ),
            ("first_meeting", "contact", "7. Первая встреча", "7. First meeting"),
            ("proposal", "contact", "8. Индивидуальное КП", "8. Individual proposal"),
            ("repeat_meetings", "contact", "9. Повторные встречи", "9. Repeat meetings"),
            ("formalising", "deal", "10. Оформление сделки", "10. Formalising the deal"),
            ("payment_control", "deal", "11. Контроль оплаты", "11. Payment control"),
            ("fulfilment", "support", "12. Исполнение обязательств", "12. Fulfilling obligations"),
            ("closing", "support", "13. Закрытие сделки", "13. Closing"),
            (
                "existing_client",
                "client",
                "14. Работа с существующими клиентами",
                "14. Existing client",
            ),
            ("refusal", "refusal", "Отказ", "Refusal"),
            ("strategic_reserve", "reserve", "Стратегический резерв", "Strategic reserve"),
            ("call_round", "call_round", "Обзвон", "Call-round"),
        ],
        "moves": [
            ("prospect_list", "reaching"),
            ("reaching", "meeting_prep"),
            ("meeting_prep", "first_meeting"),
            ("first_meeting", "proposal"),
            ("proposal", "repeat_meetings"),
            ("repeat_meetings", "formalising"),
            ("formalising", "payment_control"),
            ("payment_control", "fulfilment"),
            ("fulfilment", "closing"),
            ("closing", "existing_client"),
            ("call_round", "reaching"),
            ("call_round", "first_meeting"),
            ("strategic_reserve", "reaching"),
            ("strategic_reserve", "first_meeting"),
            ("refusal", "reaching"),
        ],
    },
}


def install_playbook(playbook_model, reason_model) -> None:
    """Add the default playbook steps and refusal reasons that are missing. Takes the model
    classes, so data migrations (historical models) and the demo share it."""
    for state, texts in PLAYBOOK.items():
        playbook_model.objects.get_or_create(state=str(state), defaults=texts)
    for name, section in REFUSAL_REASONS:
        reason_model.objects.get_or_create(name=name, defaults={"section": str(section)})


def install_stages(stage_model, transition_model, name: str = "method_10") -> dict:
    """Create a template's stages and moves where there are no stages yet; returns the stages
    by code (empty when stages existed)."""
    if stage_model.objects.exists():
        return {}
    preset = STAGE_PRESETS[name]
    stages = {
        str(code): stage_model.objects.create(
            code=str(code), kind=kind, name=ru, name_en=en, position=position * 10
        )
        for position, (code, kind, ru, en) in enumerate(preset["stages"], start=1)
    }
    transition_model.objects.bulk_create(
        transition_model(source=stages[str(a)], target=stages[str(b)]) for a, b in preset["moves"]
    )
    return stages
