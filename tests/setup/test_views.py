"""Settings inside the app (issue 14, item 4): every section renders in the app's own look,
saves through its service, refuses bad input naming the field (in Russian, the company's
language), and is for the owner and the head of sales only."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext_lazy

from otdel.algorithm.models import PlaybookStep, RefusalReason, RuleSettings
from otdel.catalog.models import DiscountLimit, PriceList
from otdel.clients.models import ClientStep
from otdel.documents.docx import default_template
from otdel.documents.models import DocumentTemplate, Seller
from otdel.org.models import Department, Position, SettingsChange, SettingsSection, User
from otdel.org.services import settings_change_record
from otdel.pay.models import PayAssignment, PayScheme
from otdel.recorded import MARK, recorded
from otdel.segments.models import SegmentSettings
from otdel.stages.models import Stage
from tests.conftest import client_for

PAGES = [
    ("setup:hub", None),
    ("setup:rules", None),
    ("setup:stages", None),
    ("setup:stage", "stage"),
    ("setup:refusal_reason_new", None),
    ("setup:refusal_reason", "reason"),
    ("setup:client_steps", None),
    ("setup:client_step", "client_step"),
    ("setup:segments", None),
    ("setup:pay", None),
    ("setup:pay_scheme_new", None),
    ("setup:pay_scheme", "scheme"),
    ("setup:prices", None),
    ("setup:price_list_new", None),
    ("setup:price_list", "price_list"),
    ("setup:company", None),
    ("setup:people", None),
    ("setup:user_new", None),
    ("setup:user", "user"),
    ("setup:department", "department"),
]


@pytest.fixture
def objects(people, shop):
    scheme = PayScheme.objects.create(
        name="Охотники", base_salary=40000, new_percent=10, repeat_percent=3
    )
    return {
        "stage": Stage.objects.get(code="contact_1").pk,
        "reason": RefusalReason.objects.order_by("pk").first().pk,
        "client_step": ClientStep.objects.get(code="service_call").pk,
        "scheme": scheme.pk,
        "price_list": PriceList.objects.get().pk,
        "user": people.hunter1.pk,
        "department": people.hunter1.department_id,
    }


def _url(name, arg, objects):
    return reverse(name, args=[objects[arg]] if arg else [])


@pytest.mark.parametrize(("name", "arg"), PAGES)
@pytest.mark.parametrize("who", ["owner", "head"])
def test_the_owner_and_the_head_see_every_section_in_the_apps_look(people, objects, who, name, arg):
    response = client_for(getattr(people, who)).get(_url(name, arg, objects))
    assert response.status_code == 200
    assert "base.html" in [t.name for t in response.templates]
    assert b'class="settings-nav"' in response.content


@pytest.mark.parametrize(("name", "arg"), PAGES)
@pytest.mark.parametrize("who", ["hunters_lead", "hunter1", "pm1", "outsider"])
def test_others_are_refused_every_section(people, objects, who, name, arg):
    client = client_for(getattr(people, who))
    assert client.get(_url(name, arg, objects)).status_code == 403
    assert client.post(_url(name, arg, objects), {}).status_code == 403


@pytest.mark.parametrize(
    "name",
    [
        "setup:stage",
        "setup:refusal_reason",
        "setup:pay_scheme",
        "setup:price_list",
        "setup:user",
        "setup:department",
    ],
)
def test_an_unknown_row_is_not_found(people, name):
    assert client_for(people.head).get(reverse(name, args=[999999])).status_code == 404


def test_the_menu_leads_to_the_settings_for_those_who_may_change_them(people):
    settings_link = f'href="{reverse("setup:hub")}"'.encode()
    page = reverse("control:my_work")
    assert settings_link in client_for(people.head).get(page).content
    assert settings_link in client_for(people.owner).get(page).content
    assert settings_link not in client_for(people.hunters_lead).get(page).content
    assert b'href="/admin/' not in client_for(people.head).get(page).content


def test_the_hub_keeps_a_link_to_the_admin_for_staff(people):
    assert (
        b'data-testid="admin-link"' not in client_for(people.head).get(reverse("setup:hub")).content
    )
    people.owner.is_staff = True
    people.owner.save()
    assert b'data-testid="admin-link"' in client_for(people.owner).get(reverse("setup:hub")).content


def _rules_data(**overrides):
    settings = RuleSettings.load()
    data = {
        name: getattr(settings, name)
        for name in (
            "working_list_cap",
            "cap_min",
            "cap_max",
            "work_days",
            "warn_days_before",
            "triage_grace_days",
            "reassign_after_days",
            "reclaim_cooldown_days",
            "repeat_meeting_days",
            "deal_starts_on",
            "meeting_checklist",
        )
    }
    data["payment_positions"] = settings.payment_positions
    return {**data, **overrides}


def test_the_limits_are_saved_and_logged(people):
    response = client_for(people.head).post(reverse("setup:rules"), _rules_data(work_days=40))
    assert response.status_code == 302
    assert RuleSettings.load().work_days == 40
    change = SettingsChange.objects.get()
    assert change.author == people.head
    assert change.changes == {"дней активной работы с новым клиентом": ["30", "40"]}
    assert b"30" in client_for(people.head).get(reverse("setup:rules")).content


def test_limits_out_of_range_are_refused_naming_the_field(people):
    response = client_for(people.head).post(
        reverse("setup:rules"), _rules_data(cap_min=60, cap_max=55)
    )
    assert response.status_code == 200
    assert "cap_max" in response.context["form"].errors
    assert "Наибольший лимит не может быть меньше наименьшего (60)." in response.content.decode()
    assert RuleSettings.load().cap_max == 90
    assert not SettingsChange.objects.exists()


def test_a_stage_is_renamed_its_moves_set_and_its_playbook_written(people):
    stage = Stage.objects.get(code="contact_1")
    client = client_for(people.head)
    targets = list(
        Stage.objects.filter(code__in=["contact_2", "refusal"]).values_list("pk", flat=True)
    )
    response = client.post(
        reverse("setup:stage", args=[stage.pk]),
        {
            "part": "stage",
            "name": "Первый звонок",
            "name_en": "First call",
            "position": stage.position,
            "kind": stage.kind,
            "moves_to": targets,
        },
    )
    assert response.status_code == 302
    stage.refresh_from_db()
    assert stage.name == "Первый звонок"
    assert sorted(stage.moves_out.values_list("target_id", flat=True)) == sorted(targets)
    response = client.post(
        reverse("setup:stage", args=[stage.pk]),
        {"part": "playbook", "checklist": "Узнать ЛПР\nНазначить встречу", "actions": "Звоним"},
    )
    assert response.status_code == 302
    assert PlaybookStep.objects.get(state="contact_1").checklist_items == [
        "Узнать ЛПР",
        "Назначить встречу",
    ]


def test_the_last_stage_of_a_kind_keeps_its_kind(people):
    new = Stage.objects.get(kind="new")
    response = client_for(people.head).post(
        reverse("setup:stage", args=[new.pk]),
        {
            "part": "stage",
            "name": new.name,
            "name_en": new.name_en,
            "position": 0,
            "kind": "contact",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["kind"] == [
        "В алгоритме нужен этап вида «Новый, работа не начата»."
    ]
    assert Stage.objects.get(pk=new.pk).kind == "new"


def test_a_new_stage_is_added_to_the_algorithm(people):
    response = client_for(people.head).post(
        reverse("setup:stages"),
        {
            "new-code": "demo_day",
            "new-name": "Демо",
            "new-name_en": "Demo",
            "new-position": 35,
            "new-kind": "contact",
        },
    )
    assert response.status_code == 302
    assert Stage.objects.get(code="demo_day").name == "Демо"


def test_segment_settings_refuse_a_b_share_below_the_a_share(people):
    response = client_for(people.head).post(
        reverse("setup:segments"),
        {
            "a_share": "0.8",
            "b_share": "0.7",
            "weight_potential": 0.5,
            "weight_margin": 0.2,
            "weight_frequency": 0.3,
            "d_below": 0.35,
            "handoff_volume_days": 365,
        },
    )
    assert response.status_code == 200
    assert "b_share" in response.context["form"].errors
    assert SegmentSettings.load().b_share == Decimal("0.950")


def test_a_pay_scheme_is_created_and_a_manager_put_on_it(people):
    client = client_for(people.head)
    response = client.post(
        reverse("setup:pay_scheme_new"),
        {
            "name": "Фермеры",
            "base_salary": "50000",
            "new_percent": "5",
            "repeat_percent": "5",
            "hunter_share_percent": "0",
            "handoff_share_months": 3,
            "bonus_steps": "100 10000\n120 20000",
            "penalty": "0",
            "kpi_multiplier": "1",
        },
    )
    assert response.status_code == 302
    scheme = PayScheme.objects.get(name="Фермеры")
    assert scheme.bonus_steps == [[100, 10000], [120, 20000]]
    response = client.post(
        reverse("setup:pay"),
        {"user": people.farmer1.pk, "scheme": scheme.pk, "since": "2026-12-01"},
    )
    assert response.status_code == 302
    assert PayAssignment.objects.get(user=people.farmer1).scheme == scheme
    assert "Фермеры" in client.get(reverse("setup:pay")).content.decode()


def test_a_pay_scheme_refuses_a_percentage_over_100_and_bad_bonus_lines(people):
    response = client_for(people.head).post(
        reverse("setup:pay_scheme_new"),
        {
            "name": "X",
            "base_salary": "1",
            "new_percent": "150",
            "repeat_percent": "5",
            "hunter_share_percent": "0",
            "handoff_share_months": 3,
            "bonus_steps": "сто",
            "penalty": "0",
            "kpi_multiplier": "1",
        },
    )
    errors = response.context["form"].errors
    assert errors["bonus_steps"] == ["Строка 1: два числа — % плана и премия."]
    assert not PayScheme.objects.filter(name="X").exists()


def test_prices_and_discount_limits_are_set(people, shop):
    lamp, install = shop
    price_list = PriceList.objects.get()
    client = client_for(people.head)
    response = client.post(
        reverse("setup:price_list", args=[price_list.pk]),
        {
            "name": price_list.name,
            "currency": "RUB",
            "valid_from": "2020-01-01",
            f"price_{lamp.pk}": "1300",
            f"price_{install.pk}": "",
        },
    )
    assert response.status_code == 302
    assert dict(price_list.prices.values_list("product__code", "price")) == {"L-1": 1300}
    response = client.post(reverse("setup:prices"), {"sales_manager": "7", "owner": "100"})
    assert response.status_code == 302
    assert dict(DiscountLimit.objects.values_list("position", "max_percent")) == {
        "sales_manager": 7,
        "owner": 100,
    }


def test_a_discount_over_100_is_refused_naming_the_position(people, shop):
    response = client_for(people.head).post(reverse("setup:prices"), {"sales_manager": "120"})
    assert response.status_code == 200
    assert "sales_manager" in response.context["form"].errors


def test_our_company_details_are_saved_and_a_wrong_inn_refused(people, shop):
    client = client_for(people.head)
    data = {"legal_name": "ООО «Новое имя»", "tax_id": "7707083893", "payment_days": 7}
    assert client.post(reverse("setup:company"), data).status_code == 302
    assert Seller.load().legal_name == "ООО «Новое имя»"
    response = client.post(reverse("setup:company"), {**data, "tax_id": "12345"})
    assert response.context["form"].errors["tax_id"] == ["10 или 12 цифр."]


def test_a_word_template_is_uploaded_a_broken_one_refused(people):
    client = client_for(people.head)
    # Word files carry the second they were written: keep one copy to compare with.
    template = default_template()
    good = SimpleUploadedFile("invoice.docx", template)
    client.post(reverse("setup:template"), {"kind": "invoice", "docx_file": good})
    assert bytes(DocumentTemplate.objects.get(kind="invoice").docx) == template
    broken = SimpleUploadedFile("invoice.docx", b"not a word file")
    response = client.post(
        reverse("setup:template"), {"kind": "invoice", "docx_file": broken}, follow=True
    )
    assert any("DOCX" in str(m) for m in response.context["messages"])
    assert bytes(DocumentTemplate.objects.get(kind="invoice").docx) == template


def test_a_user_is_created_placed_and_given_a_new_password(people):
    client = client_for(people.owner)
    hunters = people.hunter1.department
    response = client.post(
        reverse("setup:user_new"),
        {
            "username": "hunter9",
            "password": "Ohota-2026!",
            "first_name": "Иван",
            "last_name": "Новиков",
            "position": Position.SALES_MANAGER,
            "department": hunters.pk,
            "matrix_leader": people.pm1.pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="hunter9")
    assert (user.department, user.matrix_leader, user.check_password("Ohota-2026!")) == (
        hunters,
        people.pm1,
        True,
    )
    response = client.post(
        reverse("setup:user_password", args=[user.pk]), {"password": "Zamena-2027!"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Zamena-2027!")
    response = client.post(reverse("setup:user_password", args=[user.pk]), {"password": "123"})
    assert "password" in response.context["password_form"].errors


def test_a_user_is_switched_off_but_nobody_switches_himself_off(people):
    client = client_for(people.head)
    data = {"first_name": "А", "last_name": "Б", "position": Position.SALES_MANAGER}
    assert client.post(reverse("setup:user", args=[people.hunter2.pk]), data).status_code == 302
    assert not User.objects.get(pk=people.hunter2.pk).is_active
    response = client.post(
        reverse("setup:user", args=[people.head.pk]), {**data, "position": Position.HEAD_OF_SALES}
    )
    assert response.context["form"].errors["is_active"] == [
        "Нельзя отключить собственную учётную запись."
    ]


def test_a_department_is_created_and_renamed(people):
    client = client_for(people.head)
    response = client.post(
        reverse("setup:people"), {"new-name": "Развитие", "new-kind": "development"}
    )
    assert response.status_code == 302
    department = Department.objects.get(name="Развитие")
    response = client.post(
        reverse("setup:department", args=[department.pk]),
        {"name": "Развитие ключевых", "kind": "development"},
    )
    assert response.status_code == 302
    department.refresh_from_db()
    assert department.name == "Развитие ключевых"
    response = client.post(
        reverse("setup:people"), {"new-name": "Развитие ключевых", "new-kind": "other"}
    )
    assert "name" in response.context["form"].errors


def test_a_refusal_reason_is_added_and_switched_off_never_deleted(people):
    client = client_for(people.head)
    response = client.post(
        reverse("setup:refusal_reason_new"),
        {"name": "Ушли к конкуренту", "section": "refusal_follow_up", "active": "on"},
    )
    assert response.status_code == 302
    reason = RefusalReason.objects.get(name="Ушли к конкуренту")
    response = client.post(
        reverse("setup:refusal_reason", args=[reason.pk]),
        {"name": reason.name, "section": "refusal_follow_up"},
    )
    assert response.status_code == 302
    assert not RefusalReason.objects.get(pk=reason.pk).active
    response = client.post(
        reverse("setup:refusal_reason_new"), {"name": reason.name, "section": "hard_refusal"}
    )
    assert "name" in response.context["form"].errors


def test_the_log_reads_a_kept_sentence_in_the_readers_language(people):
    settings_change_record(
        section=SettingsSection.PEOPLE,
        subject=recorded(gettext_lazy("from the CRM: %(name)s"), name="Кабанихин Порфирий"),
        changes={"last name": ("", "Кабанихин")},
        acting_user=people.owner,
    )
    page = client_for(people.owner).get(reverse("setup:people")).content.decode()
    assert "из CRM: Кабанихин Порфирий" in page
    assert "from the CRM" not in page and MARK not in page
