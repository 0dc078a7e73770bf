"""The needs learnt at the first meeting: filled by who may change the company, read by who
sees it, asked for once the first meeting is done, and printed in the proposal built from them."""

import re
from decimal import Decimal
from io import BytesIO

import pytest
from django.utils import timezone
from pypdf import PdfReader

from otdel.algorithm.models import Activity, ActivityKind
from otdel.catalog.models import Product
from otdel.deals.models import Deal
from otdel.documents.models import Document, DocumentKind
from otdel.documents.services import proposal_from_needs
from otdel.needs import selectors
from otdel.needs.models import Needs
from otdel.needs.services import needs_save
from otdel.refusal import RuleRefused
from tests.conftest import client_for
from tests.factories import ContactFactory

WANTS = "Осветить новый склад на 4000 м², без простоя"


def pdf_text(document) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(bytes(document.pdf))).pages)
    return re.sub(r"[\s\xa0\u202f]+", " ", text)


@pytest.fixture
def filled(people, base, shop):
    """The needs of hunter1's company: the lamps, a buyer who decides by price and delay."""
    lamp, _install = shop
    company = base.of_hunter1
    buyer = ContactFactory(company=company, full_name="Пётр Закупкин")
    needs = needs_save(
        company=company,
        changes={
            "wants": WANTS,
            "volumes": "300 светильников",
            "frequency": "раз в квартал",
            "budget": "до 400 тыс.",
            "timing": "до марта",
            "current_supplier": "Светлячок",
        },
        products=[lamp],
        decision_makers={buyer: "цена и отсрочка 30 дней"},
        acting_user=people.hunter1,
    )
    return company, needs


def test_the_needs_keep_what_the_client_wants_and_who_decides_by_what(people, filled):
    company, _needs = filled
    needs = selectors.needs_of(company)
    assert needs.filled and needs.updated_by == people.hunter1
    assert [p.name for p in needs.products.all()] == [Product.objects.first().name]
    assert [(d.contact.full_name, d.criteria) for d in needs.decision_makers.all()] == [
        ("Пётр Закупкин", "цена и отсрочка 30 дней")
    ]


def test_a_decision_maker_is_a_contact_of_the_company(people, base, filled):
    company, _needs = filled
    stranger = ContactFactory(company=base.of_hunter2_gtx)
    with pytest.raises(RuleRefused):
        needs_save(
            company=company,
            changes={"wants": WANTS},
            products=[],
            decision_makers={stranger: ""},
            acting_user=people.hunter1,
        )


def test_who_cannot_change_the_company_cannot_fill_its_needs(people, base):
    with pytest.raises(RuleRefused):
        needs_save(
            company=base.of_hunter1,
            changes={"wants": WANTS},
            products=[],
            decision_makers={},
            acting_user=people.hunter2,
        )


def test_the_needs_page_follows_the_company_visibility(people, base, filled):
    company, _needs = filled
    url = f"/needs/companies/{company.pk}/"
    assert client_for(people.hunter1).get(url).status_code == 200
    assert client_for(people.head).get(url).status_code == 200
    assert client_for(people.hunters_lead).get(url).status_code == 200
    assert client_for(people.hunter2).get(url).status_code == 404
    assert client_for(people.farmers_lead).get(url).status_code == 404
    # The matrix leader reads the GTX company of hunter2 and may not change it.
    gtx = f"/needs/companies/{base.of_hunter2_gtx.pk}/"
    assert client_for(people.pm1).get(gtx).status_code == 200
    assert client_for(people.pm1).post(gtx, {"wants": "x"}).status_code == 403


def test_the_manager_fills_the_needs_on_their_page(people, base, shop):
    lamp, _install = shop
    company = base.of_hunter1
    buyer = ContactFactory(company=company, full_name="Анна Решалова")
    response = client_for(people.hunter1).post(
        f"/needs/companies/{company.pk}/",
        {
            "wants": WANTS,
            "products": [lamp.pk],
            "volumes": "300 шт.",
            f"decides_{buyer.pk}": "1",
            f"criteria_{buyer.pk}": "качество",
        },
    )
    assert response.status_code == 302
    needs = Needs.objects.get(company=company)
    assert needs.wants == WANTS and needs.decision_makers.get().criteria == "качество"


def test_the_panel_asks_for_the_needs_once_the_first_meeting_is_done(people, base):
    company = base.of_hunter1
    assert not selectors.panel_part(people.hunter1, company)["prompt"]
    meeting = Activity.objects.create(
        company=company,
        kind=ActivityKind.FIRST_MEETING,
        subject="Знакомство",
        assignee=people.hunter1,
        due_at=timezone.now(),
    )
    assert not selectors.panel_part(people.hunter1, company)["prompt"]
    meeting.done_at = timezone.now()
    meeting.save()
    assert selectors.panel_part(people.hunter1, company)["prompt"]
    page = client_for(people.hunter1).get(f"/companies/{company.pk}/").content.decode()
    assert 'data-testid="needs-prompt"' in page


def test_the_filled_needs_stop_the_prompt_and_show_on_the_card(people, filled):
    company, _needs = filled
    Activity.objects.create(
        company=company,
        kind=ActivityKind.FIRST_MEETING,
        subject="Знакомство",
        assignee=people.hunter1,
        done_at=timezone.now(),
    )
    assert not selectors.panel_part(people.hunter1, company)["prompt"]
    page = client_for(people.hunter1).get(f"/companies/{company.pk}/").content.decode()
    assert WANTS in page and 'data-testid="proposal-from-needs"' in page


def test_the_proposal_from_needs_has_the_products_and_prints_the_needs(people, filled):
    company, _needs = filled
    document = proposal_from_needs(company=company, acting_user=people.hunter1)
    assert document.kind == DocumentKind.PROPOSAL
    deal = Deal.objects.get(company=company)
    assert [(i.product.name, i.quantity) for i in deal.items.all()] == [
        (Product.objects.first().name, Decimal(300))  # "300 светильников"
    ]
    text = pdf_text(document)
    for words in (
        WANTS,
        "300 светильников, раз в квартал",
        "до 400 тыс.",
        "Пётр Закупкин: цена и отсрочка 30 дней",
    ):
        assert words in text
    assert "Что для вас важно" in text


def test_a_proposal_from_needs_again_adds_no_second_line(people, filled):
    company, _needs = filled
    proposal_from_needs(company=company, acting_user=people.hunter1)
    again = proposal_from_needs(company=company, acting_user=people.hunter1)
    assert again.version == 2
    assert Deal.objects.get(company=company).items.count() == 1


def test_other_documents_do_not_print_the_needs(people, filled):
    from otdel.documents.services import document_issue

    company, _needs = filled
    proposal_from_needs(company=company, acting_user=people.hunter1)
    invoice = document_issue(
        deal=Deal.objects.get(company=company), kind="invoice", acting_user=people.hunter1
    )
    assert WANTS not in pdf_text(invoice)


def test_no_proposal_from_empty_needs(people, base):
    with pytest.raises(RuleRefused):
        proposal_from_needs(company=base.of_hunter1, acting_user=people.hunter1)


def test_the_action_opens_the_deal_with_its_proposal(people, filled):
    company, _needs = filled
    response = client_for(people.hunter1).post(
        f"/deals/companies/{company.pk}/proposal-from-needs/"
    )
    document = Document.objects.get()
    assert response.status_code == 302 and response.url == f"/deals/{document.deal_id}/"
    assert (
        client_for(people.hunter2)
        .post(f"/deals/companies/{company.pk}/proposal-from-needs/")
        .status_code
        == 404
    )


def test_the_word_copy_of_the_proposal_has_the_needs_too(people, filled):
    from docx import Document as WordDocument

    from otdel.documents.docx import render_docx, template_for

    company, _needs = filled
    document = proposal_from_needs(company=company, acting_user=people.hunter1)
    word = WordDocument(BytesIO(render_docx(template_for("proposal"), document.data)))
    text = "\n".join(p.text for p in word.paragraphs)
    assert WANTS in text and "Пётр Закупкин: цена и отсрочка 30 дней" in text
