from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from .selectors import overdue_invoices, receivables_ageing


@login_required
def receivables(request: HttpRequest) -> HttpResponse:
    """Who owes what and how long overdue (the head's list; a manager sees his own)."""
    today = timezone.localdate()
    return render(
        request,
        "billing/receivables.html",
        {
            "ageing": receivables_ageing(request.user, today),
            "overdue": overdue_invoices(request.user, today)[:300],
            "today": today,
        },
    )
