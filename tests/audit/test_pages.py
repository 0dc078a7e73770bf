"""The audit's page, its evidence lists, its PDF (text read back with pypdf) and its command."""

import json
import re
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from otdel.algorithm.models import Activity
from tests.conftest import client_for
from tests.factories import CompanyFactory


def pdf_text(content: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)
    return re.sub(r"[\s\xa0\u202f]+", " ", text)


@pytest.fixture
def neglected(people):
    """Companies in work with no next step: hunter1's two, farmer1's three."""
    hunters = [CompanyFactory(owner=people.hunter1, section="", state="contact_1") for _ in "ab"]
    farmers = [CompanyFactory(owner=people.farmer1, section="", state="contact_1") for _ in "abc"]
    return hunters, farmers


def test_the_owner_reads_the_findings_worst_first_with_the_plan_of_changes(people, neglected):
    response = client_for(people.owner).get(reverse("audit:audit"))
    assert response.status_code == 200
    findings = response.context["findings"]
    # No plan (so no weeks), no segmentation, no contract, no next step anywhere: all high.
    assert {f["code"] for f in findings} == {
        "no_personal_plans",
        "monthly_reporting_only",
        "no_abc",
        "base_without_contracts",
        "no_next_step",
    }
    assert [f["severity"] for f in findings] == ["high"] * 5
    html = response.content.decode()
    assert 'data-testid="finding-no_next_step"' in html
    # The internal code names the finding's test hook, never its title.
    assert ">no_next_step" not in html and "no_next_step ·" not in html
    assert "Настройки → Схемы оплаты и Планы" in html
    assert reverse("setup:rules") in html and reverse("setup:segments") in html
    steps = [s["title"] for s in response.context["steps"]]
    assert steps == [
        "Разделы базы",
        "Алгоритм",
        "Ограничения",
        "Передача",
        "ABC(D)",
        "Планы и оплата",
        "Контроль",
    ]


def test_a_manager_may_not_read_the_audit(people):
    for name, args in (("audit:audit", []), ("audit:pdf", []), ("audit:evidence", ["no_abc"])):
        assert client_for(people.hunter1).get(reverse(name, args=args)).status_code == 403


def test_a_department_head_audits_his_departments(people, neglected):
    hunters, farmers = neglected
    url = reverse("audit:evidence", args=["no_next_step"])
    listed = client_for(people.hunters_lead).get(url).context["evidence"].rows
    assert sorted(c.pk for c in listed) == sorted(c.pk for c in hunters)
    listed = client_for(people.owner).get(url).context["evidence"].rows
    assert len(listed) == 5


def test_the_evidence_of_an_unknown_finding_is_not_found(people):
    assert client_for(people.owner).get("/audit/no_such_thing/").status_code == 404


def test_a_wrong_date_in_the_address_audits_today(people):
    response = client_for(people.owner).get(reverse("audit:audit") + "?as_of=31.02&months=x")
    assert response.status_code == 200
    assert response.context["audit"].months == 12


def test_the_pdf_reads_in_russian_and_in_english(people, neglected):
    owner = client_for(people.owner)
    response = owner.get(reverse("audit:pdf"))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Аудит системы продаж" in text
    assert "Компании без следующего шага" in text
    assert "План изменений в порядке методики" in text
    assert "/settings/rules/" in text
    people.owner.language = "en"
    people.owner.save()
    text = pdf_text(client_for(people.owner).get(reverse("audit:pdf")).content)
    assert "Audit of the sales system" in text
    assert "Companies with no next step" in text
    assert "Plan of changes, in the method's order" in text


def test_the_command_lists_only_the_crossed_thresholds_as_json(people, neglected, tmp_path):
    for company in neglected[0]:
        Activity.objects.create(
            company=company, kind="call", subject="Звонок", assignee=people.hunter1
        )
    out = StringIO()
    pdf = tmp_path / "audit.pdf"
    call_command(
        "audit", "--json", "--as-of", "2026-11-27", "--months", "6", "--pdf", str(pdf), stdout=out
    )
    result = json.loads(out.getvalue())
    assert result["as_of"] == "2026-11-27"
    codes = [f["code"] for f in result["findings"]]
    assert "no_next_step" in codes and "stale_prospects" not in codes
    no_step = next(f for f in result["findings"] if f["code"] == "no_next_step")
    assert no_step == {
        "code": "no_next_step",
        "value": 60.0,
        "threshold": 10.0,
        "severity": "high",
        "count": 3,
    }
    assert result["summary"]["found"] == len(codes)
    assert "Аудит системы продаж" in pdf_text(pdf.read_bytes())


def test_the_command_refuses_a_period_of_no_months(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--months"):
        call_command("audit", "--months", "0")
