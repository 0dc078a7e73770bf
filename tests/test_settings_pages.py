"""Settings (the Django admin) show but never change rows that only a service may write."""

import pytest
from django.urls import reverse

from otdel.algorithm.models import Activity
from otdel.pay.models import MonthPlan


@pytest.mark.parametrize("model", [Activity, MonthPlan])
def test_settings_show_service_written_rows_without_a_way_to_change_them(settings_client, model):
    meta = model._meta
    listing = settings_client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
    assert listing.status_code == 200
    adding = settings_client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_add"))
    assert adding.status_code == 403
