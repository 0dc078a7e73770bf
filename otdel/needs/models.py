"""The needs a manager learns at the first meeting (METHOD 3, seed 003: the first meeting is
for acquaintance and the client's needs, no selling): what the client wants, which products,
what volumes how often, budget and timing, who decides and by what criteria, who supplies him
now. The commercial proposal is built from it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Needs(models.Model):
    company = models.OneToOneField(
        "base.Company", on_delete=models.CASCADE, related_name="needs", verbose_name=_("company")
    )
    wants = models.TextField(_("what the client wants"), blank=True)
    products = models.ManyToManyField(
        "catalog.Product", blank=True, related_name="+", verbose_name=_("products of interest")
    )
    volumes = models.CharField(_("volumes"), max_length=300, blank=True)
    frequency = models.CharField(_("how often"), max_length=200, blank=True)
    budget = models.CharField(_("budget"), max_length=200, blank=True)
    timing = models.CharField(_("timing"), max_length=200, blank=True)
    current_supplier = models.CharField(_("current supplier"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("filled by"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("needs")
        verbose_name_plural = _("needs")

    def __str__(self) -> str:
        return str(_("Needs of %(company)s") % {"company": self.company})

    @property
    def filled(self) -> bool:
        return bool(self.wants.strip())


class DecisionMaker(models.Model):
    """A contact of the company who decides the purchase, and what he decides by."""

    needs = models.ForeignKey(Needs, on_delete=models.CASCADE, related_name="decision_makers")
    contact = models.ForeignKey(
        "base.Contact", on_delete=models.CASCADE, related_name="+", verbose_name=_("contact")
    )
    criteria = models.CharField(_("his criteria"), max_length=500, blank=True)

    class Meta:
        ordering = ["contact__full_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["needs", "contact"], name="decision_maker_unique")
        ]

    def __str__(self) -> str:
        return f"{self.contact}: {self.criteria}"
