"""Who reads the library and what he sees: the same querysets for the library page, the
material's page, its files and the company panel, so that they cannot differ."""

from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404

from otdel.algorithm.selectors import may_plan_activities
from otdel.base.models import Company
from otdel.org.models import User
from otdel.org.rules import Scope
from otdel.org.selectors import scope_of_user
from otdel.stages import config

from . import rules
from .models import Material, MaterialVersion


def reads_materials(user: User) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return rules.reads_library(
        sells=user.sells,
        leads=user.leads_people,
        configures=user.configures,
        matrix=scope_of_user(user) is Scope.MATRIX,
    )


def keeps_materials(user: User) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return rules.keeps_library(leads=user.leads_people, configures=user.configures)


def _current(field: str) -> Subquery:
    newest = MaterialVersion.objects.filter(material=OuterRef("pk")).order_by("-number")
    return Subquery(newest.values(field)[:1])


def visible_materials(user: User) -> QuerySet[Material]:
    """The materials the user may read, each with its current version's figures; inactive
    ones only to those who configure the sales system (they retire and restore them)."""
    if not reads_materials(user):
        return Material.objects.none()
    materials = Material.objects.annotate(
        current_pk=_current("pk"),
        current_number=_current("number"),
        current_size=_current("size"),
        current_filename=_current("filename"),
        current_uploaded_at=_current("uploaded_at"),
    )
    return materials if user.configures else materials.filter(active=True)


def access_material(user: User, pk: int) -> Material:
    """The material, or 404 to whoever may not read it."""
    material = visible_materials(user).filter(pk=pk).first()
    if material is None:
        raise Http404("No such material")
    return material


def access_version(user: User, pk: int) -> MaterialVersion:
    """A file of a material the user may read, or 404: files are never public."""
    version = (
        MaterialVersion.objects.select_related("material")
        .filter(pk=pk, material__in=visible_materials(user).values("pk"))
        .first()
    )
    if version is None:
        raise Http404("No such file")
    return version


def library(
    user: User, *, query: str = "", kind: str = "", state: str = "", product: int | None = None
) -> QuerySet[Material]:
    """The library page's rows: searched by title or tag, filtered by kind, stage, product."""
    materials = visible_materials(user)
    for word in query.lower().split():
        materials = materials.filter(search_text__contains=word)
    if kind:
        materials = materials.filter(kind=kind)
    if state:
        materials = materials.filter(states__state=state)
    if product:
        materials = materials.filter(products=product)
    return materials.distinct().prefetch_related("products", "states")


def state_materials(user: User, state: str) -> QuerySet[Material]:
    """What is sent at this stage: the active materials with a file, for the company panel."""
    return (
        visible_materials(user)
        .filter(active=True, states__state=state, versions__isnull=False)
        .distinct()
    )


def state_labels(material: Material) -> list[str]:
    algorithm = config.current()
    return [algorithm.label(row.state) for row in material.states.all()]


def panel_part(user: User, company: Company) -> dict[str, Any]:
    """The company panel's "what is sent" at the company's stage, and whether the reader may
    send from here (he may set the company tasks) and to which of its addresses."""
    if not reads_materials(user) or not company.state:
        return {"materials": []}
    materials = list(state_materials(user, company.state))
    may_send = bool(materials) and may_plan_activities(user, company)
    emails = list(company.emails.values_list("address", flat=True)[:20]) if may_send else []
    return {"materials": materials, "company": company, "may_send": may_send, "emails": emails}


def company_emails(company: Company) -> list[str]:
    return list(company.emails.values_list("address", flat=True))
