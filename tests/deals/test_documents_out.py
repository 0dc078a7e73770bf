"""Documents leave the deal as an e-mail with the PDF (through a real, local SMTP server) and as
an editable DOCX copy from the company's Word template (issue 5, item 3)."""

import email
import socket
from decimal import Decimal
from io import BytesIO

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.db import transaction
from django.urls import reverse
from docx import Document as WordDocument

from otdel.deals.models import DealEvent
from otdel.deals.services import DealRefused, deal_add_item, deal_create
from otdel.documents.docx import default_template
from otdel.documents.models import DocumentTemplate
from otdel.documents.services import document_issue, document_send
from tests.conftest import client_for


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append((envelope.rcpt_tos, email.message_from_bytes(envelope.content)))
        return "250 OK"


@pytest.fixture
def smtp_server(settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    yield inbox
    controller.stop()


@pytest.fixture
def invoice_document(people, shop, client_company):
    deal = deal_create(
        company=client_company, owner=people.hunter1, title="Лампы", acting_user=people.hunter1
    )
    deal_add_item(deal=deal, product=shop[0], quantity=Decimal(3), acting_user=people.hunter1)
    return document_issue(deal=deal, kind="invoice", acting_user=people.hunter1)


def test_a_document_is_sent_by_email_with_its_pdf(
    people, invoice_document, smtp_server, django_capture_on_commit_callbacks
):
    client = client_for(people.hunter1)
    # The test runs in a transaction; a page in production commits at once, and so sends.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("deals:document_send", args=[invoice_document.deal_id]),
            {
                "document": invoice_document.pk,
                "to": "buyer@svetly-dom.ru, boss@svetly-dom.ru",
                "subject": "Счёт",
                "message": "Добрый день!",
            },
        )
    ((recipients, message),) = smtp_server.messages
    assert sorted(recipients) == ["boss@svetly-dom.ru", "buyer@svetly-dom.ru"]
    attachment = next(
        part for part in message.walk() if part.get_content_type() == "application/pdf"
    )
    assert attachment.get_payload(decode=True) == bytes(invoice_document.pdf)
    assert attachment.get_filename() == f"{invoice_document.number}.pdf"
    assert DealEvent.objects.filter(new_value__contains="buyer@svetly-dom.ru").exists()


def test_a_bad_address_or_a_dead_server_is_explained(
    people, invoice_document, settings, django_capture_on_commit_callbacks
):
    client = client_for(people.hunter1)
    url = reverse("deals:document_send", args=[invoice_document.deal_id])
    page = client.post(
        url,
        {"document": invoice_document.pk, "to": "not-an-address", "subject": "Счёт"},
        follow=True,
    ).content.decode()
    assert "not-an-address" in page
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    with (
        pytest.raises(DealRefused, match="Письмо не отправлено"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        client.post(url, {"document": invoice_document.pk, "to": "a@b.ru", "subject": "Счёт"})
    assert not DealEvent.objects.filter(new_value__contains="a@b.ru").exists()


def test_no_email_leaves_when_the_transaction_rolls_back(
    people, invoice_document, django_capture_on_commit_callbacks
):
    class Rollback(Exception):
        pass

    def send():
        document_send(
            document=invoice_document,
            to=["buyer@svetly-dom.ru"],
            subject="Счёт",
            message="Добрый день!",
            acting_user=people.hunter1,
        )

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Rollback),
        transaction.atomic(),
    ):
        send()
        raise Rollback
    assert callbacks == [] and mail.outbox == []
    assert not DealEvent.objects.filter(new_value__contains="buyer@svetly-dom.ru").exists()
    with django_capture_on_commit_callbacks(execute=True):
        send()
    assert [m.to for m in mail.outbox] == [["buyer@svetly-dom.ru"]]
    assert DealEvent.objects.filter(new_value__contains="buyer@svetly-dom.ru").exists()


def _text(docx: bytes) -> str:
    word = WordDocument(BytesIO(docx))
    cells = [c.text for t in word.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in word.paragraphs] + cells)


def test_the_docx_copy_has_the_documents_data_and_follows_the_companys_template(
    people, invoice_document
):
    client = client_for(people.hunter1)
    url = reverse("deals:document_docx", args=[invoice_document.pk])
    text = _text(client.get(url).content)
    assert invoice_document.number in text and "Лампа светодиодная" in text
    assert "ПАО Сбербанк" in text and "{{" not in text
    own = WordDocument(BytesIO(default_template()))
    own.add_paragraph("Наш фирменный шаблон: {{ title }}")
    buffer = BytesIO()
    own.save(buffer)
    DocumentTemplate.objects.create(kind="invoice", docx=buffer.getvalue())
    assert f"Наш фирменный шаблон: {invoice_document.data['title']}" in _text(
        client.get(url).content
    )
