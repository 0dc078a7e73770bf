"""The services behind Settings, without HTTP: each saves its row in a transaction, refuses a
bad value naming the field, and logs who changed what, from what to what."""

from decimal import Decimal

import pytest
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError

from otdel.algorithm.models import AlgorithmVersion, PlaybookStep, RuleSettings
from otdel.algorithm.services import playbook_update, rule_settings_update, stage_save
from otdel.catalog.models import DiscountLimit, PriceList
from otdel.catalog.services import discount_limits_set, price_list_save
from otdel.documents.docx import default_template
from otdel.documents.models import DocumentTemplate, Seller
from otdel.documents.services import document_template_set, seller_update
from otdel.org.models import Department, Position, SettingsChange, SettingsSection, User
from otdel.org.services import (
    department_save,
    settings_row_save,
    user_create,
    user_set_password,
    user_update,
)
from otdel.pay.models import PayAssignment, PayScheme
from otdel.pay.services import pay_assignment_set, pay_scheme_save
from otdel.segments.models import SegmentSettings
from otdel.segments.services import segment_settings_update
from otdel.stages.models import Stage

pytestmark = pytest.mark.usefixtures("english")


def _refused_on(field: str, call) -> list[str]:
    with pytest.raises(ValidationError) as refused:
        call()
    assert set(refused.value.message_dict) == {field}
    return refused.value.message_dict[field]


def test_a_limit_is_changed_logged_and_kept_as_a_version_of_the_algorithm(people):
    versions = AlgorithmVersion.objects.count()
    rule_settings_update(changes={"work_days": 14, "cap_min": 50}, acting_user=people.head)
    assert RuleSettings.load().work_days == 14
    change = SettingsChange.objects.get()
    assert (change.author, change.section, change.changes) == (
        people.head,
        "rules",
        {"days of active work with a new client": ["30", "14"]},
    )
    assert AlgorithmVersion.objects.count() == versions + 1
    assert AlgorithmVersion.objects.first().snapshot["rules"]["work_days"] == 14


def test_a_form_posting_the_same_values_again_logs_only_what_changed(people):
    """The whole rules form is posted: the payment positions in another order and the checklist
    with the browser's line ends are the same settings, not changes."""
    rules = RuleSettings.load()
    rule_settings_update(
        changes={
            "working_list_cap": 85,
            "payment_positions": list(reversed(rules.payment_positions)),
            "meeting_checklist": rules.meeting_checklist.replace("\n", "\r\n"),
        },
        acting_user=people.head,
    )
    assert set(SettingsChange.objects.get().changes) == {"working list cap"}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"cap_min": 80, "cap_max": 70}, "cap_max"),
        ({"working_list_cap": 120}, "working_list_cap"),
        ({"payment_positions": []}, "payment_positions"),
        ({"work_days": 0}, "work_days"),
    ],
)
def test_a_limit_out_of_bounds_is_refused_naming_its_field_and_nothing_changes(
    people, changes, field
):
    _refused_on(field, lambda: rule_settings_update(changes=changes, acting_user=people.head))
    assert RuleSettings.load().cap_max == 90
    assert not SettingsChange.objects.exists()


def test_a_stage_is_renamed_and_its_moves_replaced_with_one_log_row_each(people):
    stage = Stage.objects.get(code="contact_1")
    refusal, contact_2 = Stage.objects.get(code="refusal"), Stage.objects.get(code="contact_2")
    stage_save(
        stage=stage,
        changes={"name": "Первый звонок", "code": "renamed"},
        moves_to=[refusal, contact_2, stage],
        acting_user=people.owner,
    )
    stage.refresh_from_db()
    assert (stage.code, stage.name) == ("contact_1", "Первый звонок")
    assert set(stage.moves_out.values_list("target__code", flat=True)) == {"refusal", "contact_2"}
    labels = [list(c.changes) for c in SettingsChange.objects.order_by("pk")]
    assert labels == [["name"], ["moves to"]]


def test_the_algorithm_keeps_a_stage_of_every_kind_the_services_move_companies_into(people):
    client = Stage.objects.get(kind="client")
    messages = _refused_on(
        "kind",
        lambda: stage_save(
            stage=client, changes={"kind": "support"}, moves_to=[], acting_user=people.head
        ),
    )
    assert messages == ["The algorithm needs a stage of the kind “Client”."]
    assert Stage.objects.get(pk=client.pk).kind == "client"


def test_a_new_stage_needs_a_code_of_its_own(people):
    _refused_on(
        "code",
        lambda: stage_save(
            stage=None,
            changes={"code": "contact_1", "name": "Ещё", "name_en": "More", "kind": "contact"},
            moves_to=[],
            acting_user=people.head,
        ),
    )


def test_the_playbook_of_a_stage_is_written(people):
    stage = Stage.objects.get(code="contact_2")
    playbook_update(
        stage=stage,
        changes={"script": "Добрый день!", "checklist": "КП\nОбразцы"},
        acting_user=people.head,
    )
    assert PlaybookStep.objects.get(state="contact_2").checklist_items == ["КП", "Образцы"]


def test_segment_settings_and_the_hand_off_products_are_saved(people, shop):
    lamp, _install = shop
    segment_settings_update(
        changes={"a_share": Decimal("0.7"), "handoff_products": [lamp], "handoff_min_orders": 3},
        acting_user=people.head,
    )
    settings = SegmentSettings.load()
    assert (settings.a_share, list(settings.handoff_products.all())) == (Decimal("0.7"), [lamp])
    assert SettingsChange.objects.get().changes["bought one of these products"] == [
        "",
        "Лампа светодиодная",
    ]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"a_share": Decimal("0.9"), "b_share": Decimal("0.85")}, "b_share"),
        ({"a_share": Decimal("0")}, "a_share"),
        ({"weight_margin": -1.0}, "weight_margin"),
    ],
)
def test_segment_settings_refuse_shares_out_of_order(people, changes, field):
    _refused_on(field, lambda: segment_settings_update(changes=changes, acting_user=people.head))


SCHEME = {
    "name": "Охотники",
    "base_salary": Decimal(40000),
    "new_percent": Decimal(10),
    "repeat_percent": Decimal(3),
    "bonus_steps": [[100, 15000], [120, 30000]],
}


def test_a_pay_scheme_is_made_and_a_second_choice_of_the_same_day_replaces_the_first(people):
    hunters = pay_scheme_save(scheme=None, changes=SCHEME, acting_user=people.head)
    farmers = pay_scheme_save(
        scheme=None, changes={**SCHEME, "name": "Фермеры"}, acting_user=people.head
    )
    day = people.hunter1.date_joined.date()
    pay_assignment_set(user=people.hunter1, scheme=hunters, since=day, acting_user=people.head)
    pay_assignment_set(user=people.hunter1, scheme=farmers, since=day, acting_user=people.head)
    assert list(
        PayAssignment.objects.filter(user=people.hunter1).values_list("scheme", flat=True)
    ) == [farmers.pk]
    assert SettingsChange.objects.order_by("pk").last().changes == {
        "pay scheme": ["Охотники", "Фермеры"]
    }


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"new_percent": Decimal(120)}, "new_percent"),
        ({"base_salary": Decimal(-1)}, "base_salary"),
        ({"bonus_steps": [[120, 1], [100, 2]]}, "bonus_steps"),
        ({"name": ""}, "name"),
    ],
)
def test_a_pay_scheme_a_manager_could_not_compute_is_refused(people, changes, field):
    _refused_on(
        field,
        lambda: pay_scheme_save(
            scheme=None, changes={**SCHEME, **changes}, acting_user=people.head
        ),
    )
    assert not PayScheme.objects.exists()


def test_prices_are_set_changed_and_taken_off_the_list(people, shop):
    lamp, install = shop
    price_list = PriceList.objects.get()
    price_list_save(
        price_list=price_list,
        changes={"name": "Розница"},
        prices={lamp: Decimal(1300), install: None},
        acting_user=people.head,
    )
    assert dict(price_list.prices.values_list("product", "price")) == {lamp.pk: Decimal(1300)}
    prices = SettingsChange.objects.get(subject__startswith="Prices")
    assert prices.changes == {
        "Лампа светодиодная": ["1200", "1300"],
        "Монтаж освещения": ["2500", ""],
    }


def test_a_price_list_cannot_end_before_it_starts(people, shop):
    from datetime import date

    _refused_on(
        "valid_until",
        lambda: price_list_save(
            price_list=PriceList.objects.get(),
            changes={"valid_until": date(2019, 1, 1)},
            prices={},
            acting_user=people.head,
        ),
    )


def test_discount_limits_are_added_changed_and_removed(people, shop):
    discount_limits_set(
        limits={
            Position.SALES_MANAGER: Decimal(7),
            Position.HEAD_OF_SALES: None,
            Position.OWNER: Decimal(100),
        },
        acting_user=people.head,
    )
    assert dict(DiscountLimit.objects.values_list("position", "max_percent")) == {
        Position.SALES_MANAGER: Decimal(7),
        Position.OWNER: Decimal(100),
    }
    assert SettingsChange.objects.count() == 3


def test_a_discount_over_100_percent_is_refused(people, shop):
    _refused_on(
        "max_percent",
        lambda: discount_limits_set(
            limits={Position.SALES_MANAGER: Decimal(101)}, acting_user=people.head
        ),
    )
    assert DiscountLimit.objects.get(position=Position.SALES_MANAGER).max_percent == 5


def test_our_company_is_made_on_the_first_save_and_a_short_bic_refused(people):
    seller_update(
        changes={"legal_name": "ООО «Ромашка»", "bic": "044525225"}, acting_user=people.owner
    )
    assert Seller.objects.get().legal_name == "ООО «Ромашка»"
    messages = _refused_on(
        "bic", lambda: seller_update(changes={"bic": "04452"}, acting_user=people.owner)
    )
    assert messages == ["9 digits."]
    assert Seller.objects.get().bic == "044525225"


def test_a_word_template_is_set_refused_when_unreadable_and_set_back_to_the_default(people):
    document_template_set(kind="act", docx=default_template(), acting_user=people.head)
    assert DocumentTemplate.objects.get(kind="act").docx
    _refused_on(
        "docx_file",
        lambda: document_template_set(kind="act", docx=b"PK broken", acting_user=people.head),
    )
    document_template_set(kind="act", docx=None, acting_user=people.head)
    assert bytes(DocumentTemplate.objects.get(kind="act").docx) == b""
    assert [
        c.changes["Word template (DOCX)"][1] for c in SettingsChange.objects.order_by("pk")
    ] == [
        "own, uploaded",
        "default",
    ]


def test_a_user_is_created_with_a_password_nobody_can_read_in_the_log(people):
    user = user_create(
        username="farmer7",
        password="Fermer-2026!",
        changes={"last_name": "Кузнецов", "position": Position.ACCOUNT_MANAGER},
        acting_user=people.owner,
    )
    assert user.check_password("Fermer-2026!")
    user_set_password(user=user, password="Novyi-2027!", acting_user=people.owner)
    user.refresh_from_db()
    assert user.check_password("Novyi-2027!")
    logged = str(list(SettingsChange.objects.values_list("changes", flat=True)))
    assert "Fermer-2026!" not in logged and "Novyi-2027!" not in logged


def test_a_password_saved_with_a_row_is_never_logged(people):
    settings_row_save(
        row=User(username="crm-x"),
        changes={"last_name": "Кабанихин", "password": make_password("Sekret-2026!")},
        section=SettingsSection.PEOPLE,
        acting_user=people.owner,
    )
    change = SettingsChange.objects.get()
    assert list(change.changes) == ["last name"]
    assert "pbkdf2" not in str(change.changes)


@pytest.mark.parametrize(
    ("username", "password", "field"),
    [("hunter1", "Fermer-2026!", "username"), ("newbie", "123", "password")],
)
def test_a_taken_login_or_a_weak_password_is_refused(people, username, password, field):
    _refused_on(
        field,
        lambda: user_create(
            username=username, password=password, changes={}, acting_user=people.owner
        ),
    )


def test_a_manager_is_moved_and_switched_off(people):
    farmers = people.farmer1.department
    user_update(
        user=people.hunter2,
        changes={"department": farmers, "is_active": False},
        acting_user=people.head,
    )
    hunter2 = User.objects.get(pk=people.hunter2.pk)
    assert (hunter2.department, hunter2.is_active) == (farmers, False)
    assert SettingsChange.objects.get().changes == {
        "department": ["Охотники", "Фермеры"],
        "active": ["yes", "no"],
    }


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"is_active": False}, "is_active"), ({"position": Position.SALES_MANAGER}, "position")],
)
def test_nobody_locks_himself_out_of_the_settings(people, changes, field):
    _refused_on(
        field, lambda: user_update(user=people.head, changes=changes, acting_user=people.head)
    )
    assert User.objects.get(pk=people.head.pk).is_active


def test_the_owner_may_change_the_heads_position(people):
    user_update(
        user=people.head, changes={"position": Position.DEPARTMENT_HEAD}, acting_user=people.owner
    )
    assert User.objects.get(pk=people.head.pk).position == Position.DEPARTMENT_HEAD


def test_a_department_is_made_renamed_and_its_cap_kept_within_the_companys_range(people):
    department = department_save(
        department=None,
        changes={"name": "Развитие", "kind": "development"},
        acting_user=people.head,
    )
    department_save(department=department, changes={"name": "Рост"}, acting_user=people.head)
    assert Department.objects.get(pk=department.pk).name == "Рост"
    _refused_on(
        "working_list_cap",
        lambda: department_save(
            department=department, changes={"working_list_cap": 200}, acting_user=people.head
        ),
    )


def test_the_positions_that_register_money_are_logged_by_their_names(people):
    rule_settings_update(
        changes={"payment_positions": [Position.ACCOUNTANT, Position.OWNER]},
        acting_user=people.owner,
    )
    assert SettingsChange.objects.get().changes == {
        "positions that register payments and refunds": [
            "Accountant, Head of sales, Owner",
            "Accountant, Owner",
        ]
    }


def test_bonus_steps_are_logged_as_the_form_takes_them(people):
    scheme = pay_scheme_save(scheme=None, changes=SCHEME, acting_user=people.head)
    pay_scheme_save(scheme=scheme, changes={"bonus_steps": [[100, 20000]]}, acting_user=people.head)
    assert SettingsChange.objects.order_by("pk").last().changes == {
        "bonus steps": ["100 15000; 120 30000", "100 20000"]
    }
