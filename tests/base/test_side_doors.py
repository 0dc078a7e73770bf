"""The company pages hold the method (issue 12): the edit form does not write owner, state or
section, a company made by hand enters like a claim, every change of a field or a contact is in
the history, and the head can restore what was changed or archived."""

import pytest
from django.contrib import admin
from django.urls import reverse

from otdel.algorithm.models import Activity
from otdel.base.models import Company, CompanyEvent, Contact, Section, State
from otdel.org.models import Position
from tests.algorithm.conftest import fill_working_list
from tests.conftest import client_for
from tests.factories import ContactFactory, UserFactory

Kind = CompanyEvent.Kind


def form(**fields) -> dict:
    return {"legal_name": "Ромашка", "tax_id_kind": "ru_inn", **fields}


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_edit_form_cannot_change_state_or_section(people, base):
    company = base.of_hunter1
    response = client_for(people.hunter1).post(
        reverse("base:company_edit", args=[company.pk]),
        form(legal_name="Альфа", state=State.CLIENT, section=Section.HARD_REFUSAL),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "move" in " ".join(errors["state"]) and "triage" in " ".join(errors["section"])
    fresh = Company.objects.get(pk=company.pk)
    assert (fresh.state, fresh.section) == (State.NEW, "")


def test_edit_form_cannot_change_the_owner(people, base):
    response = client_for(people.head).post(
        reverse("base:company_edit", args=[base.of_hunter1.pk]),
        form(legal_name="Альфа", owner=people.hunter2.pk),
    )
    assert "assign" in " ".join(response.context["form"].errors["owner"])
    assert Company.objects.get(pk=base.of_hunter1.pk).owner == people.hunter1


def test_edit_form_shows_owner_state_and_section_read_only(people, base):
    response = client_for(people.head).get(reverse("base:company_edit", args=[base.of_hunter1.pk]))
    fields = response.context["form"].fields
    assert all(fields[name].disabled for name in ("owner", "state", "section"))
    assert reverse("base:company_detail", args=[base.of_hunter1.pk]) in response.content.decode()


def test_edit_form_saves_the_rest_with_the_same_owner_state_section(people, base):
    response = client_for(people.hunter1).post(
        reverse("base:company_edit", args=[base.of_hunter1.pk]),
        form(legal_name="Альфа-2", state=State.NEW, section=""),
    )
    assert response.status_code == 302
    assert Company.objects.get(pk=base.of_hunter1.pk).legal_name == "Альфа-2"


def test_new_company_of_a_hunter_enters_his_work_like_a_claim(people):
    client_for(people.hunter1).post(reverse("algorithm:company_create"), form())
    company = Company.objects.get()
    assert (company.owner, company.section, company.state) == (people.hunter1, "", State.NEW)
    assert company.claimed_at and company.work_deadline and company.owned_since


def test_new_company_of_a_hunter_with_a_full_list_goes_to_call_with_the_reason(people):
    fill_working_list(people.hunter1, 90)
    response = client_for(people.hunter1).post(
        reverse("algorithm:company_create"), form(), follow=True
    )
    company = Company.objects.get(legal_name="Ромашка")
    assert (company.owner, company.section, company.work_deadline) == (None, Section.TO_CALL, None)
    assert "90 из 90" in messages_of(response)


def test_new_company_of_a_blocked_hunter_goes_to_call(people, base):
    Company.objects.filter(pk=base.of_hunter1.pk).update(triage_since="2020-01-01")
    response = client_for(people.hunter1).post(
        reverse("algorithm:company_create"), form(), follow=True
    )
    assert Company.objects.get(legal_name="Ромашка").owner is None
    assert "разберите" in messages_of(response)


def test_head_creating_for_a_manager_goes_through_assignment(people):
    client_for(people.head).post(reverse("algorithm:company_create"), form(owner=people.hunter2.pk))
    company = Company.objects.get()
    assert (company.owner, company.section) == (people.hunter2, "")
    assert company.work_deadline and company.owned_since


@pytest.mark.parametrize("position", [Position.ASSISTANT, Position.HEAD_OF_SALES])
def test_those_who_do_not_sell_create_into_to_call(people, position):
    maker = UserFactory(username="maker", position=position)
    client_for(maker).post(reverse("algorithm:company_create"), form())
    company = Company.objects.get()
    assert (company.owner, company.section) == (None, Section.TO_CALL)


def test_every_changed_field_is_in_the_history_with_old_and_new_value(people, base):
    client = client_for(people.hunter1)
    url = reverse("base:company_edit", args=[base.of_hunter1.pk])
    client.post(
        url,
        form(
            legal_name="Альфа",
            legal_form=base.of_hunter1.legal_form,
            tax_id="7707083893",
            phones="+7 495 123-45-67",
            website="alfa.ru",
        ),
    )
    client.post(
        url, form(legal_name="Омега", legal_form=base.of_hunter1.legal_form, phones="", website="")
    )
    rows = list(
        base.of_hunter1.events.filter(kind=Kind.FIELD)
        .order_by("pk")
        .values_list("field", "old_value", "new_value")
    )
    assert rows == [
        ("tax_id", "", "7707083893"),
        ("website", "", "alfa.ru"),
        ("phones", "", "+74951234567"),
        ("legal_name", "Альфа", "Омега"),
        ("tax_id", "7707083893", ""),
        ("website", "alfa.ru", ""),
        ("phones", "+74951234567", ""),
    ]


def test_phones_compare_as_sets(people, base):
    client = client_for(people.hunter1)
    url = reverse("base:company_edit", args=[base.of_hunter1.pk])
    client.post(url, form(legal_name="Альфа", phones="+74951234567\n+74957654321"))
    client.post(url, form(legal_name="Альфа", phones="+74957654321\n+74951234567"))
    assert base.of_hunter1.events.filter(kind=Kind.FIELD, field="phones").count() == 1


def test_contact_archive_button_keeps_the_contact_and_writes_history(people, base):
    contact = ContactFactory(company=base.of_hunter1, full_name="Иванов")
    client = client_for(people.hunter1)
    card = client.get(reverse("base:company_detail", args=[base.of_hunter1.pk])).content.decode()
    archive = reverse("base:contact_archive", args=[base.of_hunter1.pk, contact.pk])
    assert archive in card
    client.post(archive)
    assert Contact.objects.get(pk=contact.pk).archived_by == people.hunter1
    card = client.get(reverse("base:company_detail", args=[base.of_hunter1.pk]))
    assert list(card.context["contacts"]) == []
    assert base.of_hunter1.events.filter(kind=Kind.CONTACT_ARCHIVED, old_value="Иванов").exists()


def test_head_restores_an_archived_contact_from_the_history(people, base):
    contact = ContactFactory(company=base.of_hunter1, full_name="Иванов")
    client_for(people.hunter1).post(
        reverse("base:contact_archive", args=[base.of_hunter1.pk, contact.pk])
    )
    event = base.of_hunter1.events.get(kind=Kind.CONTACT_ARCHIVED)
    head = client_for(people.head)
    card = head.get(reverse("base:company_detail", args=[base.of_hunter1.pk])).content.decode()
    restore = reverse("base:event_restore", args=[base.of_hunter1.pk, event.pk])
    assert restore in card
    head.post(restore)
    assert Contact.objects.get(pk=contact.pk).archived_at is None
    restored = base.of_hunter1.events.get(kind=Kind.CONTACT_RESTORED)
    assert (restored.new_value, restored.actor) == ("Иванов", people.head)


def test_head_restores_a_field_value_from_the_history(people, base):
    client_for(people.hunter1).post(
        reverse("base:company_edit", args=[base.of_hunter1.pk]), form(legal_name="Омега")
    )
    event = base.of_hunter1.events.get(kind=Kind.FIELD, field="legal_name")
    client_for(people.head).post(reverse("base:event_restore", args=[base.of_hunter1.pk, event.pk]))
    assert Company.objects.get(pk=base.of_hunter1.pk).legal_name == "Альфа"
    last = base.of_hunter1.events.filter(kind=Kind.FIELD).first()
    assert (last.field, last.old_value, last.new_value, last.actor, last.rule) == (
        "legal_name",
        "Омега",
        "Альфа",
        people.head,
        "restore",
    )


def test_a_manager_cannot_restore_from_the_history(people, base):
    client = client_for(people.hunter1)
    client.post(reverse("base:company_edit", args=[base.of_hunter1.pk]), form(legal_name="Омега"))
    event = base.of_hunter1.events.get(kind=Kind.FIELD, field="legal_name")
    card = client.get(reverse("base:company_detail", args=[base.of_hunter1.pk])).content.decode()
    restore = reverse("base:event_restore", args=[base.of_hunter1.pk, event.pk])
    assert restore not in card
    assert client.post(restore).status_code == 403
    assert Company.objects.get(pk=base.of_hunter1.pk).legal_name == "Омега"


def test_the_page_plans_a_task_only_for_those_the_user_may_set_tasks_for(people, base):
    url = reverse("algorithm:activity_add", args=[base.of_hunter1.pk])
    data = {"kind": "task", "subject": "КП", "assignee": people.farmer1.pk}
    client_for(people.hunter1).post(url, data)
    assert not Activity.objects.exists()
    client_for(people.hunters_lead).post(url, {**data, "assignee": people.hunter2.pk})
    assert Activity.objects.get().assignee == people.hunter2


def test_duplicate_tax_id_names_the_company_only_to_who_may_see_it(people, base):
    Company.objects.filter(pk=base.of_hunter2_gtx.pk).update(tax_id="7707083893")
    url = reverse("algorithm:company_create")
    hidden = client_for(people.hunter1).post(url, form(tax_id="7707083893"))
    message = " ".join(hidden.context["form"].errors["tax_id"])
    assert "другой менеджер" in message and str(people.hunter2) not in message
    seen = client_for(people.head).post(url, form(tax_id="7707083893"))
    assert str(people.hunter2) in " ".join(seen.context["form"].errors["tax_id"])


def test_the_admin_offers_no_way_to_write_owner_state_or_section():
    model_admin = admin.site._registry.get(Company)
    read_only = (
        set(model_admin.get_readonly_fields(None)) if model_admin else {"owner", "state", "section"}
    )
    assert {"owner", "state", "section"} <= read_only


def test_restoring_a_tax_id_another_company_took_meanwhile_is_refused(people, base):
    client = client_for(people.head)
    url = reverse("base:company_edit", args=[base.of_hunter1.pk])
    client.post(url, form(legal_name="Альфа", tax_id="7707083893"))
    client.post(url, form(legal_name="Альфа"))
    Company.objects.filter(pk=base.of_hunter2_gtx.pk).update(tax_id="7707083893")
    cleared = base.of_hunter1.events.filter(kind=Kind.FIELD, field="tax_id").first()
    restore = reverse("base:event_restore", args=[base.of_hunter1.pk, cleared.pk])
    response = client.post(restore, follow=True)
    assert "другой компании" in messages_of(response)
    assert Company.objects.get(pk=base.of_hunter1.pk).tax_id == ""


def test_head_restores_the_phones_a_manager_cleared(people, base):
    url = reverse("base:company_edit", args=[base.of_hunter1.pk])
    client = client_for(people.hunter1)
    client.post(url, form(legal_name="Альфа", phones="+74951234567\n+74957654321"))
    client.post(url, form(legal_name="Альфа", phones=""))
    cleared = base.of_hunter1.events.filter(kind=Kind.FIELD, field="phones").first()
    client_for(people.head).post(
        reverse("base:event_restore", args=[base.of_hunter1.pk, cleared.pk])
    )
    phones = base.of_hunter1.phones.filter(contact=None).values_list("number", flat=True)
    assert set(phones) == {"+74951234567", "+74957654321"}


def test_head_restores_a_contacts_name_from_the_history(people, base):
    contact = ContactFactory(company=base.of_hunter1, full_name="Иванов")
    client_for(people.hunter1).post(
        reverse("base:contact_edit", args=[base.of_hunter1.pk, contact.pk]),
        {"full_name": "Петров"},
    )
    renamed = base.of_hunter1.events.get(kind=Kind.CONTACT, field="full_name")
    client_for(people.head).post(
        reverse("base:event_restore", args=[base.of_hunter1.pk, renamed.pk])
    )
    assert Contact.objects.get(pk=contact.pk).full_name == "Иванов"
    back = base.of_hunter1.events.filter(kind=Kind.CONTACT).first()
    assert (back.old_value, back.new_value, back.rule) == ("Петров", "Иванов", "restore")
