"""The playbook at work in the demo (issue 19, item 2): the default scripts and objection
library with cases naming real demo clients (the third-party effect), answers the hunters used
on their companies (some worked, some did not), and objection drills the head gave, answered
and partly scored."""

from otdel.base.models import Company
from otdel.org.models import User
from otdel.playbook.models import Answer, Objection, Worked
from otdel.playbook.services import (
    answer_save,
    answer_use_record,
    drill_answer,
    drill_create,
    drill_score,
    playbook_install_defaults,
)

DRILL_ANSWERS = (
    "С чем сравниваете? Давайте посчитаем стоимость владения: доставка, отсрочка, срок службы.",
    "Понимаю. Что для вас важно при выборе поставщика? Предлагаю стать вторым поставщиком.",
    "Хорошо, когда планируете бюджет? Перезвоню к этой дате.",
)
# (score, comment) of the drills the head scored, by hunter.
SCORES = ((5, "Хорошо: вопрос и расчёт, без оправданий"), (3, "Нет следующего шага с датой"))
# What the hunters' uses of each answer came to, in turn.
OUTCOMES = (Worked.YES, Worked.YES, Worked.NO, Worked.UNKNOWN, Worked.YES, Worked.NO)


def build(head: User, hunters: list[User]) -> None:
    playbook_install_defaults()
    _cases(head)
    _uses(hunters)
    _drills(head, hunters)


def _cases(head: User) -> None:
    """Two answers whose proof is a named demo client: the third-party effect."""
    clients = list(Company.objects.filter(state="client").order_by("pk")[:2])
    for client, words, text in zip(
        clients,
        ("Дорого", "У нас уже есть поставщик"),
        (
            "{name} тоже считала нас дорогими; после пробной партии посчитали расход и "
            "заказывают каждый месяц. Могу дать контакт их закупщика.",
            "{name} работала с другим поставщиком; взяли нас вторым, а через полгода "
            "перевели к нам основной объём.",
        ),
        strict=False,
    ):
        name = client.display_name
        answer_save(
            objection=Objection.objects.get(words=words),
            answer=None,
            text=text.format(name=name),
            case_client=name,
            case_story="Клиент с нами с первой пробной партии.",
            acting_user=head,
        )


def _uses(hunters: list[User]) -> None:
    """Each hunter met objections on the companies of his working list at the contact stages,
    and marked the answer he used."""
    answers = list(Answer.objects.order_by("objection__words", "position", "pk")[:12])
    turn = 0
    for n, hunter in enumerate(hunters):
        companies = Company.objects.filter(
            owner=hunter, section="", state__in=("contact_2", "contact_3")
        ).order_by("pk")[:4]
        for company in companies:
            for answer in (answers[(n + turn) % len(answers)], answers[(2 * n + turn) % 5]):
                answer_use_record(
                    answer=answer,
                    company=company,
                    worked=OUTCOMES[turn % len(OUTCOMES)],
                    acting_user=hunter,
                )
                turn += 1


def _drills(head: User, hunters: list[User]) -> None:
    """The head played an objection to four hunters; three answered, two are scored."""
    objections = list(Objection.objects.order_by("words")[:4])
    for n, hunter in enumerate(hunters[:4]):
        drill = drill_create(objection=objections[n], manager=hunter, acting_user=head)
        if n < len(DRILL_ANSWERS):
            drill = drill_answer(drill=drill, text=DRILL_ANSWERS[n], acting_user=hunter)
        if n < len(SCORES):
            score, comment = SCORES[n]
            drill_score(drill=drill, score=score, comment=comment, acting_user=head)
