"""The demo gives every farmer a real day with his clients (issue 17)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from otdel.clients.models import ClientAlert, ClientPlan
from otdel.clients.selectors import clients
from otdel.demo.files import shared_data_dir
from otdel.org.models import User


@pytest.mark.skipif(not shared_data_dir().exists(), reason="../shared/data is not beside us")
def test_every_farmer_has_clients_due_one_gone_quiet_and_next_steps(db):
    call_command("demo", stdout=StringIO())
    today = timezone.localdate()
    for farmer in User.objects.filter(username__startswith="farmer"):
        mine = clients().filter(owner=farmer)
        plans = ClientPlan.objects.filter(company__in=mine)
        assert plans.count() == mine.count() > 10, farmer  # every client has a next step
        assert plans.filter(due_on__lt=today).exists(), farmer
        assert plans.filter(due_on=today).exists(), farmer
        assert plans.filter(due_on__gt=today).exists(), farmer
        alerts = ClientAlert.objects.filter(company__in=mine)
        assert alerts.filter(kind="due").exists(), farmer
        quiet = alerts.filter(kind="dormant", escalated=True)
        assert quiet.exists(), farmer
        assert {a.company.abc_class for a in quiet} <= {"A", "B"}
