"""Every change of owner, section, state and size tag leaves a history record (issue 2, item 5)."""

from decimal import Decimal

import pytest
from django.utils import translation

from otdel.base import services
from otdel.base.models import Company, CompanyEvent, Contact, Section, SizeRule, SizeTag, State
from otdel.base.rules import SizeThreshold, size_tag_for

Kind = CompanyEvent.Kind


def new_company(**fields) -> Company:
    return services.company_create(
        company=Company(legal_name=fields.pop("legal_name", "Ромашка"), **fields),
        acting_user=None,
    )


def test_creation_is_recorded_with_its_owner(people):
    company = services.company_create(
        company=Company(legal_name="Ромашка", owner=people.hunter1), acting_user=people.head
    )
    kinds = list(company.events.order_by("pk").values_list("kind", "new_value", "actor"))
    assert kinds == [
        (Kind.CREATED, "Ромашка", people.head.pk),
        (Kind.OWNER, str(people.hunter1), people.head.pk),
    ]


def test_reassign_records_who_when_from_to_why(people):
    company = new_company(owner=people.hunter1)
    services.company_reassign(
        company=company, new_owner=people.hunter2, acting_user=people.head, reason="в отпуске"
    )
    event = company.events.get(kind=Kind.OWNER, old_value=str(people.hunter1))
    assert (event.new_value, event.actor, event.reason) == (
        str(people.hunter2),
        people.head,
        "в отпуске",
    )
    assert event.at is not None
    company.refresh_from_db()
    assert company.owner == people.hunter2


def test_a_change_to_the_same_value_writes_nothing(people):
    company = new_company(section=Section.TO_CALL)
    before = CompanyEvent.objects.count()
    services.company_move_to_section(company=company, section=Section.TO_CALL, acting_user=None)
    services.company_set_state(company=company, state=State.NEW, acting_user=None)
    assert CompanyEvent.objects.count() == before


def test_section_and_state_changes_show_their_labels(people):
    company = new_company()
    services.company_move_to_section(
        company=company, section=Section.STRATEGIC_ARCHIVE, acting_user=people.hunter1
    )
    services.company_set_state(
        company=company, state=State.STRATEGIC_RESERVE, acting_user=None, rule="enforce_rules"
    )
    section = company.events.get(kind=Kind.SECTION)
    assert (section.old_value, section.new_value) == (Section.TO_CALL, Section.STRATEGIC_ARCHIVE)
    assert section.new_label == Section.STRATEGIC_ARCHIVE.label
    state = company.events.get(kind=Kind.STATE)
    assert (state.rule, state.actor) == ("enforce_rules", None)


def test_a_yes_no_field_reads_in_the_readers_language(people):
    company = new_company()
    contact = services.contact_save(
        contact=Contact(company=company, full_name="Иванов И. И."), phones=[], emails=[]
    )
    contact.is_decision_maker = True
    services.contact_save(contact=contact, phones=[], emails=[])
    event = company.events.get(kind=Kind.CONTACT, field="is_decision_maker")
    assert (event.old_value, event.new_value) == ("False", "True")
    with translation.override("ru"):
        assert (event.old_label, event.new_label) == ("нет", "да")
    with translation.override("en"):
        assert (event.old_label, event.new_label) == ("no", "yes")


def test_an_edit_never_sets_owner_section_or_state(people):
    company = new_company(owner=people.hunter1)
    for field, value in (
        ("owner", people.hunter2),
        ("section", Section.REFUSAL_FOLLOW_UP),
        ("state", State.REFUSAL),
    ):
        with pytest.raises(ValueError, match=field):
            services.company_update(
                company=company.pk,
                acting_user=people.head,
                changes={field: value, "note": "нет бюджета"},
            )
    company.refresh_from_db()
    assert (company.owner, company.section, company.state, company.note) == (
        people.hunter1,
        Section.TO_CALL,
        State.NEW,
        "",
    )


def test_an_edit_records_each_changed_field_with_the_reason(people):
    company = new_company(owner=people.hunter1)
    services.company_update(
        company=company.pk,
        acting_user=people.head,
        reason="уточнили",
        changes={"note": "нет бюджета", "employees": 12},
    )
    logged = set(company.events.filter(reason="уточнили").values_list("field", "new_value"))
    assert logged == {("note", "нет бюджета"), ("employees", "12")}


@pytest.fixture
def size_rules(db):
    SizeRule.objects.create(tag=SizeTag.LARGE, priority=1, min_employees=250)
    SizeRule.objects.create(
        tag=SizeTag.MEDIUM, priority=2, min_employees=50, min_annual_revenue=Decimal("1000000")
    )
    SizeRule.objects.create(tag=SizeTag.SMALL, priority=3, min_employees=1)


def test_size_tag_follows_the_rules_on_create_and_edit(size_rules):
    company = new_company(employees=300)
    assert company.size_tag == SizeTag.LARGE
    services.company_update(company=company.pk, acting_user=None, changes={"employees": 20})
    company.refresh_from_db()
    assert company.size_tag == SizeTag.SMALL
    history = list(
        company.events.filter(kind=Kind.SIZE_TAG)
        .order_by("pk")
        .values_list("old_value", "new_value")
    )
    assert history == [("", SizeTag.LARGE), (SizeTag.LARGE, SizeTag.SMALL)]


def test_size_tag_set_by_hand_is_kept(size_rules):
    company = new_company(employees=300, size_tag_fixed=True, size_tag=SizeTag.NON_CORE)
    services.company_update(company=company.pk, acting_user=None, changes={"employees": 5})
    company.refresh_from_db()
    assert company.size_tag == SizeTag.NON_CORE


def test_recompute_over_the_base_agrees_with_the_rule_function(size_rules):
    """The set-based recompute (SQL CASE) must give what size_tag_for() gives, with history."""
    samples = [
        (None, None),
        (0, None),
        (1, None),
        (49, Decimal("999999")),
        (49, Decimal("1000000")),
        (50, None),
        (249, None),
        (250, None),
        (5000, None),
    ]
    companies = [
        Company.objects.create(
            legal_name=f"C{n}",
            search_name=f"c{n}",
            employees=e,
            annual_revenue=r,
            size_tag=SizeTag.NON_CORE,
        )
        for n, (e, r) in enumerate(samples)
    ]
    fixed = Company.objects.create(
        legal_name="Fixed",
        search_name="fixed",
        employees=5000,
        size_tag=SizeTag.SMALL,
        size_tag_fixed=True,
    )

    moved = services.size_tags_recompute(acting_user=None)

    rules = [
        SizeThreshold(r.tag, r.min_employees, r.min_annual_revenue, r.min_expected_volume)
        for r in SizeRule.objects.all()
    ]
    for company in companies:
        company.refresh_from_db()
        expected = size_tag_for(
            employees=company.employees,
            annual_revenue=company.annual_revenue,
            expected_volume=None,
            rules=rules,
        )
        assert company.size_tag == expected
        assert company.events.get(kind=Kind.SIZE_TAG).new_value == expected
    assert moved == len(companies)
    fixed.refresh_from_db()
    assert fixed.size_tag == SizeTag.SMALL
    assert services.size_tags_recompute(acting_user=None) == 0
