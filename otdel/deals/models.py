"""Deals (METHOD 3, from the commercial proposal to the closing documents): what is sold to a
company, for how much, and where it stands. A sale counts when the money arrives; a deal is
closed when its closing documents are signed."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DealStatus(models.TextChoices):
    OPEN = "open", _("open")
    WON = "won", _("closed: documents signed")
    LOST = "lost", _("lost")


class Deal(models.Model):
    company = models.ForeignKey(
        "base.Company", on_delete=models.PROTECT, related_name="deals", verbose_name=_("company")
    )
    title = models.CharField(_("title"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="deals",
        verbose_name=_("manager"),
    )
    # A stage code of the algorithm, of the deal or deal-support kind.
    state = models.CharField(_("state"), max_length=30)
    status = models.CharField(
        _("status"), max_length=10, choices=DealStatus.choices, default=DealStatus.OPEN
    )
    price_list = models.ForeignKey(
        "catalog.PriceList",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("price list"),
    )
    currency = models.CharField(_("currency"), max_length=3)
    # Sum of the lines with VAT, kept up to date by the services.
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2, default=0)
    # The lines without VAT less their cost, for the lines whose cost price is known, at the
    # cost prices of the day the lines were set (the margin a plan measures).
    margin = models.DecimalField(_("margin"), max_digits=14, decimal_places=2, default=0)
    expected_close = models.DateField(_("expected close"), null=True, blank=True)
    probability = models.PositiveSmallIntegerField(_("probability, %"), default=50)
    lost_reason = models.ForeignKey(
        "algorithm.RefusalReason",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("lost reason"),
    )
    lost_note = models.CharField(_("why lost"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("deal")
        verbose_name_plural = _("deals")
        indexes = [models.Index(fields=["owner", "status"], name="deal_owner_status")]
        constraints = [
            models.CheckConstraint(
                name="deal_probability_percent", condition=Q(probability__lte=100)
            ),
        ]

    def __str__(self) -> str:
        return self.title


class DealItem(models.Model):
    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey(
        "catalog.Product", on_delete=models.PROTECT, related_name="+", verbose_name=_("product")
    )
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=3)
    unit_price = models.DecimalField(_("price"), max_digits=14, decimal_places=2)
    discount_percent = models.DecimalField(
        _("discount, %"), max_digits=5, decimal_places=2, default=0
    )
    vat_percent = models.DecimalField(_("VAT, %"), max_digits=5, decimal_places=2)
    # quantity x price less the discount, VAT included (prices are with VAT, as in Russia).
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("deal line")
        verbose_name_plural = _("deal lines")
        constraints = [
            models.CheckConstraint(name="deal_item_quantity_positive", condition=Q(quantity__gt=0)),
            models.CheckConstraint(
                name="deal_item_price_not_negative", condition=Q(unit_price__gte=0)
            ),
            models.CheckConstraint(
                name="deal_item_discount_percent",
                condition=Q(discount_percent__gte=0, discount_percent__lte=100),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product} x {self.quantity}"


class DealEvent(models.Model):
    class Kind(models.TextChoices):
        CREATED = "created", _("created")
        STATE = "state", _("state")
        STATUS = "status", _("status")
        LINE = "line", _("lines")
        DOCUMENT = "document", _("document")
        PAYMENT = "payment", _("payment")
        SHIPMENT = "shipment", _("shipment")

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("change"), max_length=10, choices=Kind.choices)
    old_value = models.CharField(_("from"), max_length=300, blank=True)
    new_value = models.CharField(_("to"), max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.new_value}"


class Shipment(models.Model):
    """Goods sent or work handed over (deal support: shipping, documents)."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="shipments")
    shipped_on = models.DateField(_("shipped"))
    note = models.CharField(_("what, how"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["shipped_on", "pk"]
        verbose_name = _("shipment")
        verbose_name_plural = _("shipments")

    def __str__(self) -> str:
        return f"{self.deal_id}: {self.shipped_on}"
