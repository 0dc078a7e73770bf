"""The company's needs: read by who sees the company, filled by who may change it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from otdel.base.selectors import access_company, can_edit_company
from otdel.refusal import RuleRefused

from . import selectors, services
from .forms import NeedsForm


@login_required
@require_http_methods(["GET", "POST"])
def needs_edit(request: HttpRequest, pk: int) -> HttpResponse:
    company = access_company(request.user, pk)
    can_edit = can_edit_company(request.user, company)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied(_("This company is read-only for you."))
    needs = selectors.needs_of(company)
    contacts = list(selectors.company_contacts(company))
    chosen = {dm.contact_id: dm.criteria for dm in needs.decision_makers.all()} if needs else {}
    form = NeedsForm(request.POST or None, instance=needs, products=selectors.offered_products())
    if request.method == "POST" and form.is_valid():
        deciders = {
            c: request.POST.get(f"criteria_{c.pk}", "")
            for c in contacts
            if request.POST.get(f"decides_{c.pk}")
        }
        try:
            services.needs_save(
                company=company,
                changes=form.cleaned_data,
                products=form.cleaned_data["products"],
                decision_makers=deciders,
                acting_user=request.user,
            )
        except RuleRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The needs are saved."))
            return redirect("base:company_detail", pk=company.pk)
    return render(
        request,
        "needs/edit.html",
        {
            "company": company,
            "needs": needs,
            "form": form,
            "can_edit": can_edit,
            "contacts": [(c, c.pk in chosen, chosen.get(c.pk, "")) for c in contacts],
        },
        status=400 if form.errors else 200,
    )
