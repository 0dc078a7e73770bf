"""Invoices and the money against them (METHOD 3: a sale counts only when the money is
received; between "yes" and the payment lies the black hole where clients vanish)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Invoice(models.Model):
    deal = models.ForeignKey(
        "deals.Deal", on_delete=models.PROTECT, related_name="invoices", verbose_name=_("deal")
    )
    document = models.OneToOneField(
        "documents.Document",
        on_delete=models.PROTECT,
        related_name="invoice",
        null=True,
        blank=True,
    )
    number = models.CharField(_("number"), max_length=64)
    issued_on = models.DateField(_("issued"))
    due_on = models.DateField(_("due"))
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    # Received less refunded, kept up to date by the payment services.
    paid = models.DecimalField(_("paid"), max_digits=14, decimal_places=2, default=0)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        indexes = [models.Index(fields=["due_on"], name="invoice_due")]
        constraints = [
            models.CheckConstraint(name="invoice_amount_positive", condition=Q(amount__gt=0)),
            models.CheckConstraint(
                name="invoice_paid_within_amount",
                condition=Q(paid__gte=0) & Q(paid__lte=F("amount")),
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def outstanding(self):
        return self.amount - self.paid


class Payment(models.Model):
    class Kind(models.TextChoices):
        PAYMENT = "payment", _("payment")
        REFUND = "refund", _("refund")

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="payments")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PAYMENT)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    paid_on = models.DateField(_("date"), db_index=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["paid_on", "pk"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.CheckConstraint(name="payment_amount_positive", condition=Q(amount__gt=0)),
        ]

    def __str__(self) -> str:
        return f"{self.invoice}: {self.amount}"
