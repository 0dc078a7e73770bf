"""What a document of a deal prints, read from the deal, the seller and the templates."""

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from otdel.days import day
from otdel.deals import rules as deal_rules
from otdel.deals.models import Deal
from otdel.needs.selectors import proposal_lines
from otdel.numbers import amount, plain, unit

from . import rules
from .models import CLOSING_KINDS, Document, DocumentKind, DocumentTemplate, Seller

DEFAULT_TEMPLATE = (
    Path(__file__).parent.parent / "templates" / "typst" / "documents" / "deal_document.typ"
)


def template_source(kind: str) -> str:
    own = DocumentTemplate.objects.filter(kind=kind).exclude(source="").first()
    return own.source if own else DEFAULT_TEMPLATE.read_text(encoding="utf-8")


def document_data(deal: Deal, kind: str, number: str, language: str) -> dict[str, Any]:
    """Everything the template prints, in the document's language."""
    seller = Seller.load()
    today = timezone.localdate()
    items = list(deal.items.select_related("product"))
    vat = sum((i.amount * i.vat_percent / (100 + i.vat_percent) for i in items), Decimal(0))
    title = _("%(kind)s № %(number)s of %(date)s") % {
        "kind": DocumentKind(kind).label.capitalize(),
        "number": number,
        "date": day(today),
    }
    intro = {
        DocumentKind.PROPOSAL: _("We are pleased to offer you the following."),
        DocumentKind.CONTRACT: _(
            "The seller sells and the buyer buys the goods and services "
            "below; the buyer pays the seller's invoice within %(days)s days, "
            "the seller delivers after payment."
        )
        % {"days": seller.payment_days},
        DocumentKind.INVOICE: _(
            "Payment by this invoice is due within %(days)s days. Please "
            "state the invoice number in the payment."
        )
        % {"days": seller.payment_days},
        DocumentKind.ACT: _(
            "The work and services below have been done in full and on time; "
            "the buyer has no claims as to their scope, quality or timing."
        ),
        DocumentKind.UPD: _("The goods and services below have been handed over and accepted."),
    }[DocumentKind(kind)]
    bank = []
    if kind == DocumentKind.INVOICE:
        bank = [
            [_("Bank"), seller.bank_name],
            [_("BIC"), seller.bic],
            [_("Settlement account"), seller.account],
            [_("Correspondent account"), seller.correspondent_account],
        ]
    signatures = [[_("Director"), seller.director]]
    if kind == DocumentKind.INVOICE:
        signatures.append([_("Chief accountant"), seller.accountant])
    if kind in (DocumentKind.CONTRACT, *CLOSING_KINDS):
        signatures.append([_("Buyer"), ""])
    return {
        "lang": language,
        "kind": kind,
        "title": title,
        "intro": intro,
        "seller": {
            "label": _("Seller"),
            "name": seller.legal_name,
            "lines": rules.party_lines(seller, seller=True),
        },
        "buyer": {
            "label": _("Buyer"),
            "name": deal.company.full_legal_name,
            "lines": rules.party_lines(deal.company, seller=False),
        },
        "bank": bank,
        # A proposal answers the needs learnt at the first meeting (seed 003).
        "needs_title": _("What you told us you need"),
        "needs": proposal_lines(deal.company_id) if kind == DocumentKind.PROPOSAL else [],
        "header": [
            "№",
            _("Goods, services"),
            _("Qty"),
            _("Unit"),
            _("Price"),
            _("Discount, %"),
            _("Amount"),
        ],
        "rows": [
            [
                str(n),
                i.product.name,
                plain(i.quantity),
                unit(i.product.unit),
                amount(i.unit_price),
                plain(i.discount_percent),
                amount(i.amount),
            ]
            for n, i in enumerate(items, start=1)
        ],
        # One total; an invoice adds what is to pay, the line a payer looks for.
        "totals": [
            [_("Total"), amount(deal.amount)],
            [_("including VAT"), amount(vat.quantize(deal_rules.CENT))],
            *([[_("To pay"), amount(deal.amount)]] if kind == DocumentKind.INVOICE else []),
        ],
        "words": _("Amount in words: %(words)s")
        % {"words": rules.amount_in_words(deal.amount, deal.currency, language)},
        "signatures": signatures,
        "footer": f"{seller.legal_name} · {number}",
    }


def contracted() -> Exists:
    """A contract is issued for the deal (OuterRef("pk")); a paper fact of deals.selectors."""
    return Exists(Document.objects.filter(deal=OuterRef("pk"), kind=DocumentKind.CONTRACT))


def closing_signed() -> Exists:
    """A closing document (act or transfer document) of the deal is signed."""
    return Exists(
        Document.objects.filter(
            deal=OuterRef("pk"), kind__in=CLOSING_KINDS, signed_at__isnull=False
        )
    )


@dataclass(frozen=True)
class CheckItem:
    label: str
    done: bool


def support_checklist(deal: Deal) -> list[CheckItem]:
    """What deal support still has to collect before the deal can close (METHOD 3: the black
    hole between "yes" and the money, and the closing documents after it)."""
    documents = list(deal.documents.defer("pdf", "data"))
    invoices = list(deal.invoices.all())
    contract = [d for d in documents if d.kind == DocumentKind.CONTRACT]
    items = []
    if contract:
        items.append(CheckItem(_("Contract signed"), any(d.signed_at for d in contract)))
    items += [
        CheckItem(_("Invoice issued"), bool(invoices)),
        CheckItem(_("Paid in full"), bool(invoices) and all(i.paid == i.amount for i in invoices)),
        CheckItem(_("Shipped"), deal.shipments.exists()),
        CheckItem(
            _("Closing document (act or transfer document) signed"),
            any(d.signed_at for d in documents if d.kind in CLOSING_KINDS),
        ),
    ]
    return items
