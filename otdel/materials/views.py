"""The materials library: thin pages over the materials selectors and services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from otdel.algorithm.selectors import may_plan_activities
from otdel.base.selectors import access_company
from otdel.refusal import RuleRefused
from otdel.web import act, act_on_form, form_errors, kept_form

from . import selectors, services
from .forms import LibraryFilter, MaterialForm, NewMaterialForm, SendForm, VersionForm
from .models import Material


def _reader(request: HttpRequest) -> None:
    if not selectors.reads_materials(request.user):
        raise PermissionDenied(_("The materials are for those who sell and their heads."))


def _keeper(request: HttpRequest) -> None:
    if not selectors.keeps_materials(request.user):
        raise PermissionDenied(
            _("Heads and those who configure the sales system keep the materials.")
        )


@login_required
def library(request: HttpRequest) -> HttpResponse:
    """Every material one may read: searched by title or tag, filtered by kind, stage, product."""
    _reader(request)
    filters = LibraryFilter(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    product = data.get("product")
    materials = selectors.library(
        request.user,
        query=data.get("q", ""),
        kind=data.get("kind", ""),
        state=data.get("state", ""),
        product=product.pk if product else None,
    )[:200]
    return render(
        request,
        "materials/library.html",
        {
            "filters": filters,
            "materials": materials,
            "may_keep": selectors.keeps_materials(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def material_new(request: HttpRequest) -> HttpResponse:
    _keeper(request)
    form = NewMaterialForm(
        request.POST or None, request.FILES or None, configures=request.user.configures
    )
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                material = services.material_create(
                    title=data["title"],
                    kind=data["kind"],
                    description=data["description"],
                    tags=data["tags"],
                    products=data["products"],
                    states=data["states"],
                    upload=data["file"],
                    note=data["note"],
                    acting_user=request.user,
                )
            except RuleRefused as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("The material is in the library."))
                return redirect("materials:detail", pk=material.pk)
        else:
            form_errors(request, form)
    return render(request, "materials/new.html", {"form": form})


def _edit_form(request: HttpRequest, material: Material) -> MaterialForm:
    return MaterialForm(
        request.POST if request.method == "POST" else None,
        configures=request.user.configures,
        initial={
            "title": material.title,
            "kind": material.kind,
            "description": material.description,
            "tags": material.tags,
            "products": list(material.products.all()),
            "states": [row.state for row in material.states.all()],
            "active": material.active,
        },
    )


@login_required
def material_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The material, its versions (the newest current) and, to its keepers, its forms."""
    material = selectors.access_material(request.user, pk)
    may_keep = selectors.keeps_materials(request.user)
    return render(
        request,
        "materials/detail.html",
        {
            "material": material,
            "states": selectors.state_labels(material),
            "products": material.products.all(),
            "versions": material.versions.select_related("uploaded_by"),
            "may_keep": may_keep,
            "form": _edit_form(request, material) if may_keep else None,
            "version_form": kept_form(request, VersionForm) if may_keep else None,
        },
    )


@login_required
@require_POST
def material_edit(request: HttpRequest, pk: int) -> HttpResponse:
    material = selectors.access_material(request.user, pk)
    _keeper(request)
    form = _edit_form(request, material)
    back = reverse("materials:detail", args=[material.pk])
    return act_on_form(
        request,
        form,
        lambda: services.material_update(
            material=material,
            title=form.cleaned_data["title"],
            kind=form.cleaned_data["kind"],
            description=form.cleaned_data["description"],
            tags=form.cleaned_data["tags"],
            products=form.cleaned_data["products"],
            states=form.cleaned_data["states"],
            active=form.cleaned_data["active"] if "active" in form.fields else None,
            acting_user=request.user,
        ),
        _("The material is saved."),
        back,
    )


@login_required
@require_POST
def version_add(request: HttpRequest, pk: int) -> HttpResponse:
    material = selectors.access_material(request.user, pk)
    _keeper(request)
    form = VersionForm(request.POST, request.FILES)
    back = reverse("materials:detail", args=[material.pk])
    return act_on_form(
        request,
        form,
        lambda: services.material_version_add(
            material=material,
            upload=form.cleaned_data["file"],
            note=form.cleaned_data["note"],
            acting_user=request.user,
        ),
        _("The new version is the current one."),
        back,
    )


@login_required
@require_POST
def material_send(request: HttpRequest, pk: int, company: int) -> HttpResponse:
    """Send the material from the company's card: the activity is recorded on the company."""
    target = access_company(request.user, company)
    _reader(request)
    material = selectors.access_material(request.user, pk)
    if not may_plan_activities(request.user, target):
        raise PermissionDenied(_("This company is read-only for you."))
    form = SendForm(request.POST)
    email_to = form.cleaned_data["email_to"] if form.is_valid() else ""
    done = (
        _("The material is sent to %(to)s; the activity is on the company.") % {"to": email_to}
        if email_to
        else _("The sending is recorded on the company.")
    )
    return act(
        request,
        lambda: services.material_send(
            material=material, company=target, email_to=email_to, acting_user=request.user
        ),
        done,
        reverse("base:company_detail", args=[target.pk]),
    )


@login_required
def version_file(request: HttpRequest, pk: int) -> HttpResponse:
    """A material's file, to those who may read the material only (404 to anyone else)."""
    version = selectors.access_version(request.user, pk)
    return FileResponse(
        version.file.open("rb"),
        content_type=version.content_type or "application/octet-stream",
        as_attachment=request.GET.get("inline") != "1",
        filename=version.filename,
    )
