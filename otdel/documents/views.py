"""The deal page's documents: issue, print (PDF and Word), sign and send them."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from otdel.base.selectors import access_company
from otdel.deals.models import Deal
from otdel.deals.selectors import access_deal
from otdel.deals.views import deal_act, deal_form_act
from otdel.refusal import RuleRefused

from . import services
from .docx import default_template as default_docx_template
from .docx import render_docx
from .docx import template_for as docx_template_for
from .forms import IssueForm, SendForm
from .models import CLOSING_KINDS, Document, DocumentKind
from .selectors import support_checklist

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def deal_page_part(request: HttpRequest, deal: Deal) -> dict[str, Any]:
    """The documents part of the deal page (registered with deals.views)."""
    return {
        "documents": deal.documents.defer("pdf", "data").select_related("issued_by"),
        "issue_kinds": DocumentKind.choices,
        "signable_kinds": (DocumentKind.CONTRACT, *CLOSING_KINDS),
        "checklist": support_checklist(deal),
        "send_form": SendForm(
            deal=deal,
            initial={"to": ", ".join(deal.company.emails.values_list("address", flat=True)[:3])},
        ),
    }


@login_required
@require_POST
def document_issue(request: HttpRequest, pk: int) -> HttpResponse:
    deal = access_deal(request.user, pk, for_edit=True)
    return deal_form_act(
        request,
        deal,
        IssueForm(request.POST),
        lambda data: services.document_issue(
            deal=deal,
            kind=data["kind"],
            language=data["language"],
            acting_user=request.user,
        ),
        _("Document issued."),
    )


def _document(request: HttpRequest, pk: int, *, for_edit: bool = False) -> Document:
    document = get_object_or_404(Document.objects.select_related("deal"), pk=pk)
    access_deal(request.user, document.deal_id, for_edit=for_edit)
    return document


@login_required
def document_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    response = HttpResponse(bytes(document.pdf), content_type="application/pdf")
    name = f"{document.number}-v{document.version}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@login_required
def document_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """An editable Word copy of the issued document (same data, the company's DOCX template)."""
    document = _document(request, pk)
    content = render_docx(docx_template_for(document.kind), document.data)
    response = HttpResponse(content, content_type=DOCX_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="{document.number}-v{document.version}.docx"'
    )
    return response


@login_required
def docx_template(request: HttpRequest) -> HttpResponse:
    """The default Word template, to change in Word and upload in Settings."""
    response = HttpResponse(default_docx_template(), content_type=DOCX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="otdel-template.docx"'
    return response


@login_required
@require_POST
def document_send(request: HttpRequest, pk: int) -> HttpResponse:
    deal = access_deal(request.user, pk, for_edit=True)
    return deal_form_act(
        request,
        deal,
        SendForm(request.POST, deal=deal),
        lambda data: services.document_send(
            document=data["document"],
            to=data["to"],
            subject=data["subject"],
            message=data["message"],
            acting_user=request.user,
        ),
        _("Sent."),
    )


@login_required
@require_POST
def document_sign(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk, for_edit=True)
    return deal_act(
        request,
        document.deal,
        lambda: services.document_mark_signed(document=document, acting_user=request.user),
        _("Marked signed."),
    )


@login_required
@require_POST
def proposal_from_needs(request: HttpRequest, pk: int) -> HttpResponse:
    """The proposal built from the company's needs; on the deal's page, where its lines may be
    changed and the proposal issued again."""
    company = access_company(request.user, pk, for_edit=True)
    try:
        document = services.proposal_from_needs(company=company, acting_user=request.user)
    except RuleRefused as error:
        messages.error(request, str(error))
        return redirect("base:company_detail", pk=company.pk)
    messages.success(
        request,
        _("The proposal %(number)s is issued from the needs.") % {"number": document.number},
    )
    return redirect("deals:detail", pk=document.deal_id)
