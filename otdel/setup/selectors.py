"""What the Settings pages read: each list in a fixed number of queries, whatever its size."""

from django.db.models import Prefetch, QuerySet

from otdel.algorithm.models import PlaybookStep, RefusalReason
from otdel.catalog.models import DiscountLimit, PriceList, Product
from otdel.documents.models import DocumentKind, DocumentTemplate
from otdel.org.models import Department, SettingsChange, User
from otdel.pay.models import PayAssignment, PayScheme
from otdel.stages.models import Stage, Transition


def may_configure(user: User) -> bool:
    return user.is_authenticated and user.configures


def recent_changes(limit: int = 15, section: str = "") -> list[SettingsChange]:
    changes = SettingsChange.objects.select_related("author")
    if section:
        changes = changes.filter(section=section)
    return list(changes[:limit])


def stages_with_moves() -> QuerySet[Stage]:
    return Stage.objects.prefetch_related(
        Prefetch("moves_out", queryset=Transition.objects.select_related("target"))
    )


def refusal_reasons() -> QuerySet[RefusalReason]:
    return RefusalReason.objects.all()


def playbook_of(stage: Stage) -> PlaybookStep:
    return PlaybookStep.objects.filter(state=stage.code).first() or PlaybookStep(state=stage.code)


def schemes() -> QuerySet[PayScheme]:
    return PayScheme.objects.order_by("name")


def people_on_schemes() -> QuerySet[User]:
    """Active people with their schemes, the latest first (the first is the one in force)."""
    return (
        User.objects.filter(is_active=True)
        .select_related("department")
        .prefetch_related(
            Prefetch(
                "pay_assignments",
                queryset=PayAssignment.objects.select_related("scheme").order_by("-since"),
            )
        )
        .order_by("last_name", "first_name", "username")
    )


def price_lists() -> QuerySet[PriceList]:
    return PriceList.objects.all()


def products_sold() -> QuerySet[Product]:
    return Product.objects.filter(is_active=True).order_by("code")


def prices_of(price_list: PriceList | None) -> dict[int, object]:
    if price_list is None:
        return {}
    return dict(price_list.prices.values_list("product_id", "price"))


def discount_limits() -> dict[str, object]:
    return dict(DiscountLimit.objects.values_list("position", "max_percent"))


def templates_by_kind() -> list[tuple[str, str, DocumentTemplate | None]]:
    own = {t.kind: t for t in DocumentTemplate.objects.defer("docx", "source")}
    with_docx = set(DocumentTemplate.objects.exclude(docx=b"").values_list("kind", flat=True))
    return [
        (kind, str(label), own.get(kind) if kind in with_docx else None)
        for kind, label in DocumentKind.choices
    ]


def users() -> QuerySet[User]:
    return User.objects.select_related("department", "matrix_leader").order_by(
        "-is_active", "last_name", "first_name", "username"
    )


def departments() -> QuerySet[Department]:
    return Department.objects.select_related("head")
