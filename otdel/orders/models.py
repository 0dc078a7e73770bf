"""What clients bought: orders and their lines, from the company's accounting or shop system
or from deals. Hand-off rules and ABC(D) segmentation read it (METHOD 5 and 7)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Order(models.Model):
    company = models.ForeignKey(
        "base.Company", on_delete=models.PROTECT, related_name="orders", verbose_name=_("client")
    )
    number = models.CharField(_("number"), max_length=64, unique=True)
    ordered_at = models.DateTimeField(_("date"))
    # A cancellation or return document (in the order history files: number starting with "C").
    is_return = models.BooleanField(_("return"), default=False)
    country = models.CharField(_("country"), max_length=100, blank=True)

    class Meta:
        ordering = ["-ordered_at", "-pk"]
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        indexes = [models.Index(fields=["company", "ordered_at"], name="order_company_date")]

    def __str__(self) -> str:
        return self.number


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        "catalog.Product", on_delete=models.PROTECT, related_name="+", verbose_name=_("product")
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=3)
    unit_price = models.DecimalField(_("unit price"), max_digits=14, decimal_places=4)
    # Goods coming back: a negative quantity or a line of a return document.
    is_return = models.BooleanField(_("return"), default=False)

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")

    def __str__(self) -> str:
        return f"{self.order_id}: {self.product_id} x {self.quantity}"
