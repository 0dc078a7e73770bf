"""The demo shows hiring at work: the hunters' open vacancy with candidates at every stage,
two refused with their reasons, one hired who became a user half through his onboarding with
one item overdue, the spend near the budget; the farmers' closed vacancy over its budget."""

from django.core.management import call_command
from django.utils import timezone

from otdel.hiring import rules
from otdel.hiring.models import Candidate, Stage, Vacancy
from otdel.hiring.selectors import my_checklist, spent_on
from otdel.org.models import User


def test_the_demo_hires_through_the_pipeline(db):
    call_command("demo", verbosity=0)
    hunting = Vacancy.objects.get(status="open")
    stages = set(hunting.candidates.values_list("stage", flat=True))
    assert stages == set(Stage.values)
    assert hunting.candidates.count() >= 8
    refused = hunting.candidates.filter(stage=Stage.REFUSED)
    assert refused.count() == 2 and all(c.refusal_reason_id for c in refused)
    assert rules.budget_state(hunting.budget, spent_on(hunting)) == "near"
    hired = Candidate.objects.get(stage=Stage.HIRED)
    newcomer = User.objects.get(username="newhunter")
    assert hired.user == newcomer and newcomer.department == hunting.department
    checklist = my_checklist(newcomer, timezone.localdate())
    assert (checklist.done, len(checklist.items), checklist.overdue) == (4, 7, 1)
    farming = Vacancy.objects.get(status="closed")
    assert farming.closed_on < timezone.localdate()
    assert rules.budget_state(farming.budget, spent_on(farming)) == "over"
