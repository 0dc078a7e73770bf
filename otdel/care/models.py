"""Keeping and growing clients (METHOD 1, 5, 7): complaints about deliveries, why A clients
choose us, the development department's big fish with their relationship plans."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ComplaintKind(models.TextChoices):
    LATE = "late", _("Late delivery")
    SHORT = "short", _("Short delivery")
    DEFECTIVE = "defective", _("Defective goods")
    OTHER = "other", _("Other")


class Complaint(models.Model):
    """A client's complaint about a delivery: open until its owner records the resolution."""

    company = models.ForeignKey(
        "base.Company",
        on_delete=models.PROTECT,
        related_name="complaints",
        verbose_name=_("client"),
    )
    deal = models.ForeignKey(
        "deals.Deal",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("deal"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ComplaintKind.choices)
    description = models.TextField(_("what happened"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="complaints",
        verbose_name=_("responsible"),
    )
    due_on = models.DateField(_("resolve by"))
    resolution = models.TextField(_("resolution"), blank=True)
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["closed_at", "due_on", "pk"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        indexes = [models.Index(fields=["company", "closed_at"], name="complaint_company_open")]
        constraints = [
            # A closed complaint says how it was resolved.
            models.CheckConstraint(
                name="complaint_closed_has_resolution",
                condition=Q(closed_at__isnull=True) | ~Q(resolution=""),
                violation_error_message=_("A closed complaint needs its resolution."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.company}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Criterion(models.TextChoices):
    """Why a client chooses us, as asked at a review meeting (METHOD 7: understand the A)."""

    PRICE = "price", _("Price")
    QUALITY = "quality", _("Quality")
    DELIVERY = "delivery", _("Delivery")
    SERVICE = "service", _("Service")
    RELATIONSHIP = "relationship", _("Relationship")
    RANGE = "range", _("Range")


class ClientChoice(models.Model):
    """What a client said at a review meeting about why he buys from us; the latest counts."""

    company = models.ForeignKey(
        "base.Company", on_delete=models.CASCADE, related_name="choices", verbose_name=_("client")
    )
    recorded_on = models.DateField(_("review meeting"))
    price = models.BooleanField(_("Price"), default=False)
    quality = models.BooleanField(_("Quality"), default=False)
    delivery = models.BooleanField(_("Delivery"), default=False)
    service = models.BooleanField(_("Service"), default=False)
    relationship = models.BooleanField(_("Relationship"), default=False)
    range = models.BooleanField(_("Range"), default=False)
    note = models.TextField(_("in his words"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-recorded_on", "-pk"]
        verbose_name = _("selection criteria")
        verbose_name_plural = _("selection criteria")

    def __str__(self) -> str:
        return f"{self.company}: {', '.join(str(c.label) for c in self.criteria)}"

    @property
    def criteria(self) -> list[Criterion]:
        return [c for c in Criterion if getattr(self, c.value)]


class CareSettings(models.Model):
    """When a client or prospect is a big fish for the development department (METHOD 1)."""

    big_fish_min_employees = models.PositiveIntegerField(
        _("big fish: employees at least"), null=True, blank=True, default=250
    )
    big_fish_min_revenue = models.DecimalField(
        _("big fish: annual revenue at least"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        default=Decimal(1_000_000_000),
    )
    big_fish_high_potential = models.BooleanField(
        _("big fish: every client of high potential"), default=True
    )

    class Meta:
        verbose_name = _("development department settings")
        verbose_name_plural = _("development department settings")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @classmethod
    def load(cls) -> "CareSettings":
        settings_row, _created = cls.objects.get_or_create(pk=1)
        return settings_row


class RelationshipPlan(models.Model):
    """How the development department grows a big fish: whom it talks to, when it meets them
    next, how much of the client's buying is ours and what it aims at."""

    company = models.OneToOneField(
        "base.Company",
        on_delete=models.CASCADE,
        related_name="relationship_plan",
        verbose_name=_("client"),
    )
    decision_makers = models.TextField(_("decision makers"), blank=True)
    next_meeting = models.DateField(_("next strategic meeting"), null=True, blank=True)
    wallet_share = models.DecimalField(
        _("share of wallet, %"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    growth_target = models.DecimalField(
        _("revenue target a year"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    growth_note = models.TextField(_("how we grow it"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("relationship plan")
        verbose_name_plural = _("relationship plans")
        constraints = [
            models.CheckConstraint(
                name="plan_wallet_share_percent",
                condition=Q(wallet_share__isnull=True)
                | Q(wallet_share__gte=0, wallet_share__lte=100),
                violation_error_message=_("The share of wallet is between 0 and 100 %."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.company)


class CareEventKind(models.TextChoices):
    COMPLAINT_OPENED = "complaint_opened", _("Complaint recorded")
    COMPLAINT_CLOSED = "complaint_closed", _("Complaint closed")
    CRITERIA = "criteria", _("Selection criteria recorded")
    PLAN = "plan", _("Relationship plan changed")


class CareEvent(models.Model):
    """The history of care: who recorded, closed or changed what, when, and what changed."""

    company = models.ForeignKey(
        "base.Company", on_delete=models.CASCADE, related_name="care_events"
    )
    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    kind = models.CharField(_("change"), max_length=20, choices=CareEventKind.choices)
    at = models.DateTimeField(_("when"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # {field label: [old, new]} as printable text; a note for the rest.
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("care event")
        verbose_name_plural = _("care events")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()}"
