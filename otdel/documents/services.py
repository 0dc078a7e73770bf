"""Issuing the documents of a deal: the number from its series and year, the data printed
(kept with the PDF, so an issued version never changes), the invoice to pay, and the closing
documents that, once signed, close a paid deal."""

import smtplib
import zipfile
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from otdel.base.models import Company
from otdel.base.selectors import can_edit_company
from otdel.billing import services as billing_services
from otdel.deals import services as deal_services
from otdel.deals.models import Deal, DealEvent, DealStatus
from otdel.needs.rules import stated_quantity
from otdel.needs.selectors import needs_of
from otdel.org.models import SettingsSection, User
from otdel.org.services import settings_change_record, settings_row_save
from otdel.pdf import render_pdf_source
from otdel.recorded import recorded

from . import rules
from .models import (
    CLOSING_KINDS,
    Document,
    DocumentKind,
    DocumentTemplate,
    NumberSeries,
    Seller,
)
from .selectors import document_data, template_source

PREFIX: dict[str, str] = {
    DocumentKind.PROPOSAL: "КП",
    DocumentKind.CONTRACT: "Д",
    DocumentKind.INVOICE: "СЧ",
    DocumentKind.ACT: "А",
    DocumentKind.UPD: "УПД",
}


def _next_number(kind: str, year: int) -> str:
    series, _created = NumberSeries.objects.select_for_update().get_or_create(kind=kind, year=year)
    series.last += 1
    series.save(update_fields=["last"])
    return f"{PREFIX[kind]}-{year}-{series.last:04d}"


@transaction.atomic
def document_issue(
    *, deal: Deal | int, kind: str, acting_user: User, language: str = "ru"
) -> Document:
    """Print a document of the deal. Issued again, it keeps its number and becomes the next
    version; an invoice for payment opens (or updates) the invoice that payments go against."""
    locked = deal_services.lock_deal(deal)
    if locked.status != DealStatus.OPEN:
        raise deal_services.DealRefused(
            _("The deal is %(status)s; no more documents.")
            % {"status": locked.get_status_display()}
        )
    if not locked.items.exists():
        raise deal_services.DealRefused(_("Add the products of the deal first."))
    previous = locked.documents.filter(kind=kind).order_by("-version").first()
    today = timezone.localdate()
    number = previous.number if previous else _next_number(kind, today.year)
    with translation.override(language):
        data = document_data(locked, kind, number, language)
    document = Document.objects.create(
        deal=locked,
        kind=kind,
        number=number,
        version=previous.version + 1 if previous else 1,
        language=language,
        issued_by=acting_user,
        data=data,
        pdf=render_pdf_source(template_source(kind), data),
    )
    if kind == DocumentKind.INVOICE:
        billing_services.invoice_open(
            deal=locked,
            number=number,
            issued_on=today,
            payment_days=Seller.load().payment_days,
            document=document,
        )
    deal_services.deal_record(
        deal=locked,
        kind=DealEvent.Kind.DOCUMENT,
        acting_user=acting_user,
        new=_words_of(document, with_version=True),
    )
    if kind in (DocumentKind.INVOICE, DocumentKind.CONTRACT):
        # METHOD 3: an invoice issued or a contract is what makes the deal, not its record.
        deal_services.company_follow_deals(company=locked.company_id, acting_user=acting_user)
    return document


@transaction.atomic
def proposal_from_needs(*, company: Company, acting_user: User, language: str = "ru") -> Document:
    """The commercial proposal built from the needs (seed 003, the eighth step): the company's
    open deal (a new one when there is none) gets a line for each product of interest it lacks,
    of the quantity the needs' volumes state (1 when they state no single figure), priced by
    the price list, and the proposal is issued with the needs printed."""
    if not can_edit_company(acting_user, company):
        raise deal_services.DealRefused(_("This company is read-only for you."))
    needs = needs_of(company)
    if needs is None or not needs.filled:
        raise deal_services.DealRefused(_("Fill the client's needs first."))
    products = list(needs.products.all())
    if not products:
        raise deal_services.DealRefused(_("Choose the products of interest in the needs first."))
    deal = (
        Deal.objects.filter(company=company, status=DealStatus.OPEN).order_by("-created_at").first()
    )
    if deal is None:
        deal = deal_services.deal_create(
            company=company,
            owner=company.owner or acting_user,
            title=_("Proposal from needs: %(company)s") % {"company": company},
            acting_user=acting_user,
        )
    present = set(deal.items.values_list("product", flat=True))
    quantity = stated_quantity(needs.volumes) or Decimal(1)
    unpriced = []
    for product in products:
        if product.pk in present:
            continue
        try:
            deal_services.deal_add_item(
                deal=deal, product=product, quantity=quantity, acting_user=acting_user
            )
        except deal_services.DealRefused:
            unpriced.append(str(product))
    if not deal.items.exists():
        raise deal_services.DealRefused(
            _("None of the products of interest has a price: %(names)s.")
            % {"names": ", ".join(unpriced)}
        )
    return document_issue(
        deal=deal, kind=DocumentKind.PROPOSAL, acting_user=acting_user, language=language
    )


def document_reissue_invoice(*, deal: Deal, acting_user: User) -> None:
    """The invoice always asks for the deal's amount: a change of lines after it was issued
    makes its next version (the earlier one is kept, as every issued document). Called by
    deals/services.py when the lines change (registered from the documents app's ready())."""
    invoice = deal.invoices.select_related("document").first()
    if invoice is not None:
        language = invoice.document.language if invoice.document else "ru"
        document_issue(
            deal=deal, kind=DocumentKind.INVOICE, acting_user=acting_user, language=language
        )


@transaction.atomic
def document_mark_signed(*, document: Document, acting_user: User) -> Document:
    """The buyer signed the contract or a closing document; a deal paid in full closes when
    its closing document is signed."""
    if document.kind not in (DocumentKind.CONTRACT, *CLOSING_KINDS):
        raise deal_services.DealRefused(
            _("Only the contract and the closing documents (act, transfer document) are signed.")
        )
    if document.signed_at is None:
        document.signed_at = timezone.now()
        document.save(update_fields=["signed_at"])
        deal_services.deal_record(
            deal=document.deal_id,
            kind=DealEvent.Kind.DOCUMENT,
            new=recorded(gettext_lazy("%(document)s signed"), document=_words_of(document)),
            acting_user=acting_user,
        )
    deal_services.deal_close_if_done(deal=document.deal_id, acting_user=acting_user)
    return document


def document_send(
    *, document: Document, to: list[str], subject: str, message: str, acting_user: User
) -> None:
    """E-mail the issued PDF from the deal (SMTP settings); the deal's history says to whom.

    The e-mail leaves once the caller's transaction commits (at once from a page), never from
    one that rolls back; a refusal of the mail server still reaches the caller."""
    email = EmailMessage(
        subject,
        message,
        to=to,
        reply_to=[acting_user.email] if acting_user.email else None,
    )
    email.attach(f"{document.number}.pdf", bytes(document.pdf), "application/pdf")
    history = recorded(
        gettext_lazy("%(document)s sent to %(to)s"), document=_words_of(document), to=", ".join(to)
    )

    def send() -> None:
        try:
            email.send()
        except (OSError, smtplib.SMTPException) as error:
            raise deal_services.DealRefused(
                _("The e-mail was not sent: %(error)s") % {"error": error}
            ) from error
        deal_services.deal_record(
            deal=document.deal_id,
            kind=DealEvent.Kind.DOCUMENT,
            new=history,
            acting_user=acting_user,
        )

    transaction.on_commit(send)


def _words_of(document: Document, with_version: bool = False) -> str:
    """The document as its deal's history names it, in the reader's language."""
    kind = DocumentKind(document.kind).label
    if with_version and document.version > 1:
        return recorded(
            gettext_lazy("%(kind)s № %(number)s (v%(version)s)"),
            kind=kind,
            number=document.number,
            version=str(document.version),
        )
    return recorded(gettext_lazy("%(kind)s № %(number)s"), kind=kind, number=document.number)


def _check_seller(seller: Seller) -> None:
    wrong = rules.details_of_wrong_length(
        {name: getattr(seller, name) for name in rules.DETAIL_DIGITS}
    )
    if wrong:
        raise ValidationError(
            {
                name: _("%(digits)s digits.") % {"digits": _(" or ").join(str(n) for n in lengths)}
                for name, lengths in wrong.items()
            }
        )


def seller_update(*, changes: dict[str, Any], acting_user: User) -> Seller:
    """Our company's details, printed on every document issued from now on (issued ones keep
    what they printed)."""
    return settings_row_save(
        row=Seller.load(),
        changes=changes,
        section=SettingsSection.COMPANY,
        acting_user=acting_user,
        check=_check_seller,
    )


@transaction.atomic
def document_template_set(*, kind: str, docx: bytes | None, acting_user: User) -> DocumentTemplate:
    """The company's Word template of a document kind; None: back to the default. A file that
    Word or the template tags cannot read is refused before it could break an issue."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError

    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Unknown document.")})
    if docx is not None:
        try:
            DocxTemplate(BytesIO(docx)).get_undeclared_template_variables()
        except (zipfile.BadZipFile, KeyError, ValueError, TemplateError) as error:
            raise ValidationError(
                {
                    "docx_file": _("Not a Word template (DOCX) we can read: %(error)s")
                    % {"error": error}
                }
            ) from error
    template = DocumentTemplate.objects.select_for_update().filter(kind=kind).first()
    template = template or DocumentTemplate(kind=kind)
    had = bool(template.docx)
    template.docx = docx or b""
    template.save()
    settings_change_record(
        section=SettingsSection.COMPANY,
        subject=str(template),
        changes={
            str(_("Word template (DOCX)")): (
                _("own") if had else _("default"),
                _("own, uploaded") if docx else _("default"),
            )
        },
        acting_user=acting_user,
    )
    return template
