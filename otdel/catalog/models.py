"""Products, product groups, price lists and the discount each position may give: what a
product manager is bound to (METHOD 1) and what deals are made of (METHOD 3)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from otdel.org.models import Position


class ProductGroup(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("product group")
        verbose_name_plural = _("product groups")

    def __str__(self) -> str:
        return self.name


class Product(models.Model):
    code = models.CharField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(_("unit"), max_length=20, default=_("pcs"))
    vat_percent = models.DecimalField(
        _("VAT, %"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("20"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    is_active = models.BooleanField(_("sold"), default=True)
    # What a unit costs the company: the margin of ABC(D) (unknown: the margin weighs neutrally).
    cost_price = models.DecimalField(
        _("cost price"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    group = models.ForeignKey(
        ProductGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="products",
        verbose_name=_("product group"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("product")
        verbose_name_plural = _("products")

    def __str__(self) -> str:
        return self.name


class PriceList(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    currency = models.CharField(_("currency"), max_length=3, default="RUB")
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["-valid_from", "name"]
        verbose_name = _("price list")
        verbose_name_plural = _("price lists")
        constraints = [
            models.CheckConstraint(
                name="price_list_dates_in_order",
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                violation_error_message=_("A price list cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.currency})"

    def clean(self) -> None:
        # The constraint's message, on the field the page marks.
        if self.valid_until and self.valid_from and self.valid_until < self.valid_from:
            raise ValidationError(
                {"valid_until": gettext("A price list cannot end before it starts.")}
            )


class Price(models.Model):
    price_list = models.ForeignKey(PriceList, on_delete=models.CASCADE, related_name="prices")
    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="prices", verbose_name=_("product")
    )
    price = models.DecimalField(
        _("price"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("price")
        verbose_name_plural = _("prices")
        constraints = [
            models.UniqueConstraint(fields=["price_list", "product"], name="price_unique"),
            models.CheckConstraint(
                name="price_not_negative",
                condition=Q(price__gte=0),
                violation_error_message=_("A price cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product}: {self.price}"


class DiscountLimit(models.Model):
    """The largest discount a position may give on a deal line without asking (a manager up
    to N %, the head more). A position without a limit gives no discount."""

    position = models.CharField(_("position"), max_length=30, choices=Position.choices, unique=True)
    max_percent = models.DecimalField(
        _("largest discount, %"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        ordering = ["max_percent"]
        verbose_name = _("discount limit")
        verbose_name_plural = _("discount limits")

    def __str__(self) -> str:
        return f"{self.get_position_display()}: {self.max_percent} %"
