from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F, QuerySet, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from otdel.exports import csv_response, xlsx_response
from otdel.org.models import User
from otdel.org.rules import Scope
from otdel.org.selectors import assignable_farmers, scope_of_user
from otdel.stages import config
from otdel.web import Sorting, page_size, paginate, sort_columns, sorting

from . import services
from .filtersets import CompanyFilter
from .filtersets import Scope as ListScope
from .forms import CompanyForm, ContactForm
from .models import Company, CompanyEvent, Contact, Email, Phone, SavedFilter
from .rules import format_phone, search_terms
from .selectors import (
    COMPANY_DEFAULT_SORT,
    COMPANY_SORTS,
    access_company,
    can_edit_company,
    company_list_rows,
    may_restore_history,
    saved_filters,
    visible_companies,
)


def _company_columns() -> list[tuple[str, str]]:
    """The list's columns: (sort key or "" when it does not sort, label)."""
    return [
        ("name", _("Company")),
        ("tax_id", _("Tax id")),
        ("section", _("Section")),
        ("state", _("State")),
        ("size", _("Size")),
        ("abc", "ABC(D)"),
        ("", _("Category")),
        ("", _("Territory")),
        ("owner", _("Owner")),
        ("", _("Phone")),
    ]


def _company_rows(
    request: HttpRequest,
) -> tuple[CompanyFilter, QuerySet[Company], Sorting, QuerySet | None]:
    params = request.GET.copy()
    scope = scope_of_user(request.user)
    if "scope" not in params:
        # Managers start from their own companies; those who lead people, from everything.
        params["scope"] = ListScope.MINE if scope is Scope.OWN else ListScope.ALL
    filterset = CompanyFilter(params, queryset=visible_companies(request.user), request=request)
    order = sorting(request, list(COMPANY_SORTS), COMPANY_DEFAULT_SORT)
    terms = search_terms(params.get("q", ""), settings.OTDEL_PHONE_REGION)
    rows, finder = company_list_rows(
        filterset.qs,
        order,
        name_search=terms if terms.name else None,
        whole_base=scope is Scope.ALL and filterset.only_searches(),
    )
    return filterset, rows, order, finder


@login_required
def company_list(request: HttpRequest) -> HttpResponse:
    filterset, companies, order, finder = _company_rows(request)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "base/company_list.html",
        {
            "filter": filterset,
            "columns": sort_columns(request, _company_columns(), order),
            "saved_filters": saved_filters(request.user),
            "current_filter": query.urlencode(),
            **paginate(request, companies, page_size(request), finder=finder),
        },
    )


@login_required
@require_POST
def saved_filter_save(request: HttpRequest) -> HttpResponse:
    """Keep the list's current filter under a name (the same name replaces it)."""
    query = request.POST.get("query", "")
    try:
        saved = services.saved_filter_save(
            user=request.user, name=request.POST.get("name", ""), query=query
        )
    except services.FilterRefused as error:
        messages.error(request, str(error))
        return redirect(f"{reverse('base:company_list')}?{query}")
    messages.success(request, _("Filter saved: %(name)s.") % {"name": saved.name})
    return redirect(f"{reverse('base:company_list')}?{saved.query}")


@login_required
@require_POST
def saved_filter_delete(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        saved = services.saved_filter_delete(user=request.user, pk=pk)
    except SavedFilter.DoesNotExist:
        raise Http404("No such filter") from None
    messages.success(request, _("Filter deleted: %(name)s.") % {"name": saved.name})
    return redirect("base:company_list")


_EXPORT_COLUMNS = (
    ("id", "pk"),
    ("legal_name", "legal_name"),
    ("legal_form", "legal_form"),
    ("short_name", "short_name"),
    ("tax_id", "tax_id"),
    ("section", "get_section_display"),
    ("state", "state_label"),
    ("size_tag", "get_size_tag_display"),
    ("category", "category"),
    ("segment", "segment"),
    ("source", "source"),
    ("territory", "territory"),
    ("owner", "owner"),
    ("phones", None),
)


@login_required
def company_export(request: HttpRequest, fmt: str) -> HttpResponse:
    _, companies, _order, _finder = _company_rows(request)

    algorithm = config.current()

    def rows():
        for company in companies.iterator(chunk_size=2000):
            company.state_label = algorithm.label(company.state)
            row = []
            for _name, attr in _EXPORT_COLUMNS:
                if attr is None:
                    row.append(", ".join(format_phone(p.number) for p in company.own_phones))
                    continue
                value = getattr(company, attr)
                value = value() if callable(value) else value
                row.append(value if isinstance(value, int | str) or value is None else str(value))
            yield row

    header = [name for name, _attr in _EXPORT_COLUMNS]
    respond = xlsx_response if fmt == "xlsx" else csv_response
    return respond("companies", header, rows())


@login_required
def company_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        company = access_company(request.user, pk)
    except Http404:
        # A merged duplicate's old address leads to the company it became part of.
        merged = Company.all_objects.filter(pk=pk, merged_into__isnull=False).first()
        if merged is None:
            raise
        survivor = access_company(request.user, merged.merged_into_id)
        return redirect("base:company_detail", pk=survivor.pk)
    contacts = company.contacts.filter(archived_at__isnull=True).prefetch_related(
        "phones", "emails"
    )
    return render(
        request,
        "base/company_detail.html",
        {
            "company": company,
            "contacts": contacts,
            "phones": Phone.objects.filter(company=company, contact__isnull=True),
            "emails": Email.objects.filter(company=company, contact__isnull=True),
            "events": company.events.select_related("actor", "contact")[:200],
            "may_restore": may_restore_history(request.user, company),
            "deals": company.deals.select_related("owner"),
            "farmers": assignable_farmers(request.user)
            if request.user.leads_people
            else User.objects.none(),
            # A grouped query drops Meta.ordering: the newest orders first, said again.
            "orders": company.orders.annotate(
                total=Sum(F("lines__quantity") * F("lines__unit_price"))
            ).order_by("-ordered_at", "-pk")[:20],
            "can_edit": can_edit_company(request.user, company),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def company_edit(request: HttpRequest, pk: int) -> HttpResponse:
    company = access_company(request.user, pk, for_edit=True)
    form = CompanyForm(request.POST or None, instance=company, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.company_update(
            company=company.pk,
            acting_user=request.user,
            changes=form.field_changes(),
            phones=data["phones"],
            emails=data["emails"],
            product_groups=data["product_groups"],
            reason=data["reason"],
        )
        messages.success(request, _("Changes saved."))
        return redirect("base:company_detail", pk=company.pk)
    return render(request, "base/company_form.html", {"form": form, "company": company})


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, company_pk: int, pk: int | None = None) -> HttpResponse:
    company = access_company(request.user, company_pk, for_edit=True)
    contact = (
        get_object_or_404(Contact, company=company, pk=pk, archived_at__isnull=True)
        if pk
        else Contact(company=company)
    )
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        services.contact_save(
            contact=form.save(commit=False),
            phones=form.cleaned_data["phones"],
            emails=form.cleaned_data["emails"],
            acting_user=request.user,
        )
        messages.success(request, _("Contact saved."))
        return redirect("base:company_detail", pk=company.pk)
    return render(
        request, "base/contact_form.html", {"form": form, "company": company, "contact": contact}
    )


@login_required
@require_POST
def company_merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Merge the duplicate named by its number into this company; both must be the user's to
    change."""
    survivor = access_company(request.user, pk, for_edit=True)
    try:
        duplicate = access_company(
            request.user, int(request.POST.get("duplicate", "")), for_edit=True
        )
        services.company_merge(
            survivor=survivor,
            duplicate=duplicate,
            acting_user=request.user,
            reason=request.POST.get("reason", ""),
        )
    except (ValueError, Http404):
        messages.error(request, _("No company with that number that you may change."))
    except services.MergeRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Merged #%(id)s into this company.") % {"id": duplicate.pk})
    return redirect("base:company_detail", pk=survivor.pk)


@login_required
@require_POST
def contact_archive(request: HttpRequest, company_pk: int, pk: int) -> HttpResponse:
    """Take the contact off the card; he stays in the base and in the history."""
    company = access_company(request.user, company_pk, for_edit=True)
    contact = get_object_or_404(Contact, company=company, pk=pk)
    services.contact_archive(contact=contact, acting_user=request.user)
    messages.success(request, _("Contact archived: %(name)s.") % {"name": contact.full_name})
    return redirect("base:company_detail", pk=company.pk)


@login_required
@require_POST
def event_restore(request: HttpRequest, company_pk: int, pk: int) -> HttpResponse:
    """The head puts back a value or a contact from the company's history."""
    company = access_company(request.user, company_pk, for_edit=True)
    if not may_restore_history(request.user, company):
        raise PermissionDenied(_("Only those who assign owners restore from the history."))
    event = get_object_or_404(
        CompanyEvent.objects.select_related("contact"), company=company, pk=pk
    )
    try:
        services.event_restore(event=event, acting_user=request.user)
    except services.RestoreRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Restored from the history."))
    return redirect("base:company_detail", pk=company.pk)
