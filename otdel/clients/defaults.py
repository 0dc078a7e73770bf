"""The default client cycle (METHOD 5: repeat work with a client "по отдельному алгоритму"):
a service call after the delivery, a reorder reminder, a review meeting, an upsell proposal,
then again; the head renames, times and rewrites them in Settings."""

# (code, name, name in English, activity kind, days after the previous step, playbook)
STEPS = [
    (
        "service_call",
        "Сервисный звонок после поставки",
        "Service call after delivery",
        "call",
        3,
        "Убедиться, что поставка пришла вовремя и полностью, товар в порядке, документы "
        "получены. Спросить, всё ли устроило; записать замечания и решить их в тот же день.",
    ),
    (
        "reorder_reminder",
        "Напоминание о дозаказе",
        "Reorder reminder",
        "call",
        21,
        "Клиент обычно заказывает с привычным интервалом: напомнить о дозаказе до того, как "
        "закончится товар. Уточнить остатки, предложить собрать заказ, выставить счёт.",
    ),
    (
        "review_meeting",
        "Встреча по итогам периода",
        "Periodic review meeting",
        "meeting",
        30,
        "Подвести итоги: объём, сроки, качество, сервис. Спросить, почему клиент работает с "
        "нами и что улучшить; узнать планы и новые потребности.",
    ),
    (
        "upsell",
        "Предложение расширить ассортимент",
        "Upsell / cross-sell proposal",
        "email",
        14,
        "Предложить товары, которых клиент ещё не берёт, а похожие клиенты берут; "
        "больший объём на лучших условиях. Договориться о следующем шаге.",
    ),
]


def install_steps(step_model) -> int:
    """Create the default cycle where there are no steps yet (the model is passed in so that a
    migration can hand its historical one)."""
    if step_model.objects.exists():
        return 0
    return len(
        step_model.objects.bulk_create(
            step_model(
                code=code,
                name=name,
                name_en=name_en,
                kind=kind,
                interval_days=days,
                playbook=playbook,
                position=(n + 1) * 10,
            )
            for n, (code, name, name_en, kind, days, playbook) in enumerate(STEPS)
        )
    )
