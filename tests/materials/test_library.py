"""Who reads the library and its files, what the company panel offers at the company's stage,
and what sending a material leaves on the company."""

import pytest
from django.core import mail
from django.urls import reverse

from otdel.algorithm.models import Activity
from otdel.base.models import Email
from otdel.materials import selectors
from otdel.materials.models import Material
from otdel.materials.services import material_create, material_send, material_update
from otdel.refusal import RuleRefused
from tests.conftest import client_for
from tests.factories import CompanyFactory

from .conftest import pdf

pytestmark = pytest.mark.django_db

READERS = ("owner", "head", "hunters_lead", "farmers_lead", "hunter1", "farmer1", "pm1")


@pytest.mark.parametrize("person", [*READERS, "outsider"])
def test_the_file_is_served_to_those_who_read_the_library_only(people, deck, person):
    response = client_for(getattr(people, person)).get(
        reverse("materials:file", args=[deck.versions.get().pk])
    )
    if person == "outsider":
        assert response.status_code == 404
    else:
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF")
        assert response["Content-Type"] == "application/pdf"
        assert 'filename="deck.pdf"' in response["Content-Disposition"]


def test_the_file_has_no_public_address(people, deck):
    from django.conf import settings

    version = deck.versions.get()
    page = client_for(people.hunter1).get(reverse("materials:detail", args=[deck.pk]))
    assert reverse("materials:file", args=[version.pk]) in page.content.decode()
    assert settings.MEDIA_URL + version.file.name not in page.content.decode()


@pytest.mark.parametrize(
    ("person", "status"),
    [("owner", 200), ("head", 200), ("hunters_lead", 404), ("hunter1", 404)],
)
def test_a_retired_material_and_its_files_are_for_those_who_configure(people, deck, person, status):
    material_update(
        material=deck,
        title=deck.title,
        kind=deck.kind,
        description="",
        tags="",
        products=[],
        states=["contact_1"],
        active=False,
        acting_user=people.head,
    )
    client = client_for(getattr(people, person))
    assert client.get(reverse("materials:detail", args=[deck.pk])).status_code == status
    file = reverse("materials:file", args=[deck.versions.get().pk])
    assert client.get(file).status_code == status
    library = client.get(reverse("materials:library")).content.decode()
    assert (deck.title in library) is (status == 200)


def test_a_head_keeps_the_library_but_does_not_retire_materials(people, deck):
    with pytest.raises(RuleRefused):
        material_update(
            material=deck,
            title="Новая",
            kind=deck.kind,
            description="",
            tags="",
            products=[],
            states=[],
            active=False,
            acting_user=people.hunters_lead,
        )
    material_update(
        material=deck,
        title="Новая",
        kind=deck.kind,
        description="",
        tags="цены",
        products=[],
        states=["contact_2", "contact_3"],
        active=None,
        acting_user=people.hunters_lead,
    )
    deck.refresh_from_db()
    assert (deck.title, deck.tags, deck.active) == ("Новая", "цены", True)
    assert sorted(deck.states.values_list("state", flat=True)) == ["contact_2", "contact_3"]


def test_a_material_serves_only_the_algorithms_stages(people, media):
    with pytest.raises(RuleRefused) as refused:
        material_create(
            title="Т", kind="case", upload=pdf(), states=["nowhere"], acting_user=people.head
        )
    assert refused.value.field == "states"


def test_the_library_is_searched_by_title_or_tag_and_filtered(people, deck, shop):
    lamp, _install = shop
    price = material_create(
        title="Прайс-лист",
        kind="price_list",
        tags="цены",
        products=[lamp],
        states=["deal"],
        upload=pdf("prices.pdf"),
        acting_user=people.head,
    )

    def found(**filters):
        return set(selectors.library(people.hunter1, **filters))

    assert found(query="кейсы") == {deck}  # by a tag
    assert found(query="прайс") == {price}  # by the title, whatever the case
    assert found(kind="presentation") == {deck}
    assert found(state="deal") == {price}
    assert found(product=lamp.pk) == {price}
    assert found() == {deck, price}
    assert set(selectors.library(people.outsider)) == set()


def test_the_panel_offers_the_materials_of_the_companys_stage(people, deck, media):
    material_create(
        title="КП",
        kind="proposal_template",
        states=["contact_3"],
        upload=pdf("kp.pdf"),
        acting_user=people.head,
    )
    company = CompanyFactory(owner=people.hunter1, section="", state="contact_1")
    Email.objects.create(company=company, address="buyer@example.com")
    part = selectors.panel_part(people.hunter1, company)
    assert part["materials"] == [deck]
    assert part["may_send"] and part["emails"] == ["buyer@example.com"]
    page = client_for(people.hunter1).get(reverse("base:company_detail", args=[company.pk]))
    html = page.content.decode()
    assert "Презентация компании" in html and "КП" not in html.split("stage-materials")[1][:2000]
    assert reverse("materials:send", args=[deck.pk, company.pk]) in html
    # Another stage, other materials; a reader who may not set the company tasks sends nothing.
    later = CompanyFactory(owner=people.hunter2, section="", state="contact_3")
    assert [m.title for m in selectors.panel_part(people.hunter2, later)["materials"]] == ["КП"]
    assert selectors.panel_part(people.farmer1, company)["may_send"] is False
    assert selectors.panel_part(people.outsider, company)["materials"] == []


def test_sending_records_a_done_activity_naming_the_material_and_its_version(people, deck):
    company = CompanyFactory(owner=people.hunter1, section="", state="contact_1")
    Activity.objects.create(company=company, kind="call", subject="Звонок", assignee=people.hunter1)
    response = client_for(people.hunter1).post(
        reverse("materials:send", args=[deck.pk, company.pk]), {"email_to": ""}
    )
    assert response.status_code == 302
    sent = Activity.objects.get(company=company, kind="email")
    assert sent.done_at is not None
    assert sent.assignee == people.hunter1
    assert "Презентация компании" in sent.subject and "v1" in sent.subject
    assert mail.outbox == []


def test_sending_by_e_mail_attaches_the_current_file(
    people, deck, english, django_capture_on_commit_callbacks
):
    from otdel.materials.services import material_version_add

    material_version_add(material=deck, upload=pdf("deck-2.pdf"), note="", acting_user=people.head)
    company = CompanyFactory(owner=people.hunter1, section="", state="contact_1")
    Activity.objects.create(company=company, kind="call", subject="Звонок", assignee=people.hunter1)
    Email.objects.create(company=company, address="buyer@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        activity = material_send(
            material=deck, company=company, email_to="buyer@example.com", acting_user=people.hunter1
        )
    assert "v2" in activity.subject and "buyer@example.com" in activity.result
    (email,) = mail.outbox
    assert email.to == ["buyer@example.com"]
    assert [(name, kind) for name, _data, kind in email.attachments] == [
        ("deck-2.pdf", "application/pdf")
    ]


def test_a_letter_the_mail_server_refuses_is_not_recorded_as_sent(people, deck, english, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    company = CompanyFactory(owner=people.hunter1, section="", state="contact_1")
    Activity.objects.create(company=company, kind="call", subject="Звонок", assignee=people.hunter1)
    Email.objects.create(company=company, address="buyer@example.com")
    with pytest.raises(RuleRefused, match="The e-mail was not sent .* nothing is recorded"):
        material_send(
            material=deck, company=company, email_to="buyer@example.com", acting_user=people.hunter1
        )
    assert not Activity.objects.filter(company=company, subject__contains="v1").exists()


def test_a_material_goes_only_to_the_companys_own_addresses(people, deck, english):
    company = CompanyFactory(owner=people.hunter1, section="", state="contact_1")
    with pytest.raises(RuleRefused, match="company's e-mail") as refused:
        material_send(
            material=deck, company=company, email_to="x@example.com", acting_user=people.hunter1
        )
    assert refused.value.field == "email_to"
    assert not Activity.objects.filter(company=company).exists()


def test_one_sends_only_to_a_company_one_may_set_tasks(people, deck):
    company = CompanyFactory(owner=people.hunter2, section="", state="contact_1")
    response = client_for(people.hunter1).post(
        reverse("materials:send", args=[deck.pk, company.pk])
    )
    assert response.status_code == 404
    with pytest.raises(RuleRefused):
        material_send(material=deck, company=company, email_to="", acting_user=people.hunter1)
    assert not Activity.objects.filter(company=company).exists()


def test_a_retired_material_is_not_sent(people, deck):
    Material.objects.filter(pk=deck.pk).update(active=False)
    company = CompanyFactory(owner=people.hunter1, section="", state="contact_1")
    with pytest.raises(RuleRefused):
        material_send(material=deck, company=company, email_to="", acting_user=people.head)


def test_a_company_in_work_without_a_next_step_gets_one_before_anything_is_sent(people, deck):
    """Sending closes an activity like any other: a company in work is never left without its
    next step (METHOD 3), so the manager plans it first."""
    company = CompanyFactory(owner=people.hunter1, section="", state="contact_1")
    with pytest.raises(RuleRefused) as refused:
        material_send(material=deck, company=company, email_to="", acting_user=people.hunter1)
    assert refused.value.field == "next_step"
    assert not Activity.objects.filter(company=company).exists()
