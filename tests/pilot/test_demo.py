"""The demo shows a pilot fixed with its comparison kept, one running, and needs written down
after first meetings with a proposal issued from them."""

from decimal import Decimal

from django.core.management import call_command
from django.utils import timezone

from otdel.documents.models import Document
from otdel.needs.models import Needs
from otdel.pay.models import PayScheme
from otdel.pilot import selectors
from otdel.pilot.models import Pilot
from tests.test_demo import needs_shared_data


@needs_shared_data
def test_the_demo_fixes_a_pay_pilot_runs_another_and_builds_a_proposal_from_needs(
    db, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    call_command("demo", verbosity=0)
    fixed = Pilot.objects.get(status="fixed")
    assert fixed.kind == "pay" and fixed.applied
    groups = fixed.snapshot["groups"]
    assert groups["pilot"]["managers"] == 2 and groups["control"]["managers"] == 3
    assert (
        Decimal(groups["pilot"]["revenue_per_manager"])
        > Decimal(groups["control"]["revenue_per_manager"])
        > 0
    )
    assert any(line["pilot"]["entered"] for line in fixed.snapshot["states"])
    scheme = PayScheme.objects.get(pk=fixed.scheme_id)
    hunters = [m.user for m in fixed.members.all()]
    today = timezone.localdate(fixed.ended_at)  # Moscow's day: after 21:00 UTC, the next
    assert set(selectors.scheme_on(hunters, today).values()) == {scheme.pk}
    running = Pilot.objects.get(status="running")
    assert (
        not running.applied
        and selectors.comparison(running, today)["groups"]["pilot"]["activities"]
    )
    assert Needs.objects.count() >= 4
    from_needs = [d for d in Document.objects.filter(kind="proposal") if d.data.get("needs")]
    assert len(from_needs) == 1
