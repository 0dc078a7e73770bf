"""The method taught in the demo (issue 19, items 1 and 4): a library of real files (PDFs made
with typst, a Word template made with python-docx) attached to the algorithm's stages, one of
them sent from a hunter's company; two courses with lessons and test questions, and the
managers' attempts (most passed, one failed)."""

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from docx import Document

from otdel.algorithm.models import Activity
from otdel.base.models import Company
from otdel.catalog.models import Product
from otdel.materials.models import Material, MaterialKind
from otdel.materials.services import material_create, material_send, material_version_add
from otdel.org.models import User
from otdel.pdf import render_pdf
from otdel.refusal import RuleRefused
from otdel.training.models import Audience, Course, TestAttempt
from otdel.training.selectors import question_keys
from otdel.training.services import attempt_take, course_save, lesson_add, question_add

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _pdf(title: str, lead: str, sections: dict[str, list[str]]) -> bytes:
    return render_pdf(
        "material.typ",
        {
            "title": title,
            "lead": lead,
            "sections": [{"heading": h, "lines": lines} for h, lines in sections.items()],
        },
    )


def _docx(title: str, paragraphs: list[str]) -> bytes:
    document = Document()
    document.add_heading(title, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _file(name: str, data: bytes, kind: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, kind)


def build(head: User, hunters: list[User], farmers: list[User]) -> None:
    # The demo company works in Russian: the sent material's activity is written so.
    with translation.override("ru"):
        materials = _library(head)
        _send(hunters[0], materials["presentation"])
        _courses(head, hunters, farmers, materials)


def _library(head: User) -> dict[str, Material]:
    products = list(Product.objects.filter(is_active=True).order_by("pk")[:2])
    presentation = material_create(
        title="Презентация компании с отзывами и кейсами",
        kind=MaterialKind.PRESENTATION,
        description="Отправляется после первого контакта: кто мы, отзывы клиентов, три кейса.",
        tags="презентация, отзывы, кейсы",
        states=["contact_1", "contact_2"],
        upload=_file(
            "presentation.pdf",
            _pdf(
                "Презентация компании",
                "Оборудование и сервис для B2B с 2009 года",
                {"О нас": ["12 лет на рынке", "300 клиентов"], "Отзывы": ["«Поставили в срок»"]},
            ),
            PDF,
        ),
        note="Первая версия",
        acting_user=head,
    )
    # A second version: the current one, the first kept.
    material_version_add(
        material=presentation,
        upload=_file(
            "presentation-2026.pdf",
            _pdf(
                "Презентация компании, 2026",
                "Оборудование и сервис для B2B с 2009 года",
                {
                    "О нас": ["12 лет на рынке", "340 клиентов"],
                    "Кейсы": ["Склад «Север»: −20 % простоев", "Сеть «Гамма»: запуск за 10 дней"],
                },
            ),
            PDF,
        ),
        note="Новые кейсы 2026 года",
        acting_user=head,
    )
    leaflet = material_create(
        title="Листовка по продукту",
        kind=MaterialKind.LEAFLET,
        tags="листовка, продукт",
        products=products,
        states=["contact_2", "contact_3"],
        upload=_file(
            "leaflet.pdf",
            _pdf("Листовка", "Коротко о продукте", {"Выгоды": ["Быстрая поставка", "Гарантия"]}),
            PDF,
        ),
        acting_user=head,
    )
    proposal = material_create(
        title="Шаблон коммерческого предложения",
        kind=MaterialKind.PROPOSAL_TEMPLATE,
        tags="КП, шаблон",
        products=products,
        states=["contact_3", "deal"],
        upload=_file(
            "proposal.docx",
            _docx(
                "Коммерческое предложение",
                [
                    "Уважаемый клиент!",
                    "По итогам встречи предлагаем: [товары, объёмы, цены со скидкой в пределах лимита].",
                    "Условия оплаты и поставки: [предоплата или отсрочка, срок и адрес поставки].",
                ],
            ),
            DOCX,
        ),
        acting_user=head,
    )
    contract = material_create(
        title="Шаблон договора поставки",
        kind=MaterialKind.CONTRACT_TEMPLATE,
        tags="договор, шаблон",
        states=["deal"],
        upload=_file(
            "contract.docx",
            _docx("Договор поставки", ["1. Предмет договора", "2. Цена и порядок расчётов"]),
            DOCX,
        ),
        acting_user=head,
    )
    return {
        "presentation": presentation,
        "leaflet": leaflet,
        "proposal": proposal,
        "contract": contract,
    }


def _send(hunter: User, material: Material) -> None:
    """The hunter sent the presentation to one of his companies at the first contact."""
    open_steps = Activity.objects.filter(done_at__isnull=True).values("company")
    for company in Company.objects.filter(
        owner=hunter, section="", state="contact_1", pk__in=open_steps
    ).order_by("pk")[:5]:
        try:
            material_send(material=material, company=company, email_to="", acting_user=hunter)
        except RuleRefused:
            continue
        return


def _courses(
    head: User, hunters: list[User], farmers: list[User], materials: dict[str, Material]
) -> None:
    cold = course_save(
        course=None,
        title="Холодный звонок по стандарту",
        description="Стандарт первого звонка: выход на ЛПР, потребность, следующий шаг.",
        audience=Audience.HUNTERS,
        passing_score=70,
        active=True,
        acting_user=head,
    )
    lesson_add(
        course=cold,
        title="Выход на ЛПР",
        text="Представьтесь, назовите цель звонка, попросите соединить с тем, кто решает.",
        material=None,
        acting_user=head,
    )
    lesson_add(
        course=cold,
        title="Что отправить после звонка",
        text="После первого контакта отправьте презентацию с отзывами и кейсами.",
        material=materials["presentation"],
        acting_user=head,
    )
    question_add(
        course=cold,
        text="С кем договариваться о встрече?",
        options="Секретарь\n*ЛПР\nБухгалтер",
        multiple=False,
        acting_user=head,
    )
    question_add(
        course=cold,
        text="Что обязательно в конце звонка?",
        options="*Следующий шаг с датой\n*Отправить материал\nСразу выставить счёт",
        multiple=True,
        acting_user=head,
    )
    question_add(
        course=cold,
        text="Когда называть цену?",
        options="На первом звонке\n*На повторной встрече",
        multiple=False,
        acting_user=head,
    )
    clients = course_save(
        course=None,
        title="Работа с клиентом после сделки",
        description="Регулярные шаги с клиентом, повторные заказы, жалобы.",
        audience=Audience.ALL,
        passing_score=80,
        active=True,
        acting_user=head,
    )
    lesson_add(
        course=clients,
        title="Прайс-лист и условия",
        text="Клиенту отправляют актуальный прайс и шаблон договора.",
        material=materials["contract"],
        acting_user=head,
    )
    question_add(
        course=clients,
        text="У клиента всегда есть…",
        options="*следующий шаг\nскидка\nперсональный менеджер в другом отделе",
        multiple=False,
        acting_user=head,
    )
    question_add(
        course=clients,
        text="Жалобу клиента решают…",
        options="*в срок, с записью в карточке\nкогда будет время",
        multiple=False,
        acting_user=head,
    )
    # (course, person, how many questions answered right, days ago)
    taken = [
        (cold, hunters[0], 3, 12),
        (cold, hunters[1], 3, 9),
        (cold, hunters[2], 1, 8),  # failed: a third right, 70 % needed
        (cold, hunters[2], 3, 2),  # and passed at the second try
        (cold, hunters[3], 1, 3),  # failed, not tried again yet
        (clients, farmers[0], 2, 6),
        (clients, farmers[1], 2, 4),
        (clients, hunters[0], 2, 1),
    ]
    now = timezone.now()
    for course, person, right, days_ago in taken:
        attempt = attempt_take(course=course, answers=_answers(course, right), acting_user=person)
        TestAttempt.objects.filter(pk=attempt.pk).update(taken_at=now - timedelta(days=days_ago))


def _answers(course: Course, right: int) -> dict[int, list[int]]:
    """Answers with the first `right` questions right and the rest wrong."""
    answers = {}
    for n, key in enumerate(question_keys(course)):
        wrong = sorted(key.options - key.correct)[:1]
        answers[key.id] = sorted(key.correct) if n < right else wrong
    return answers
