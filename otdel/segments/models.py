"""Segmentation runs and each client's result in them: the movement between periods and the
portrait of A clients are read from here."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class SegmentationRun(models.Model):
    as_of = models.DateField(_("as of"))
    days = models.PositiveIntegerField(_("days"))
    criteria = models.CharField(_("criteria"), max_length=10)
    created_at = models.DateTimeField(auto_now_add=True)
    # {"clients": n, "A": n, ..., "revenue": x, "share": {"A": x, ...}, "returns": x}
    summary = models.JSONField(default=dict)

    class Meta:
        ordering = ["-as_of", "-pk"]
        verbose_name = _("segmentation")
        verbose_name_plural = _("segmentations")

    def __str__(self) -> str:
        return f"{self.as_of} ({self.days} d, {self.criteria})"


class ClientSegment(models.Model):
    run = models.ForeignKey(SegmentationRun, on_delete=models.CASCADE, related_name="clients")
    company = models.ForeignKey("base.Company", on_delete=models.CASCADE, related_name="+")
    revenue = models.DecimalField(max_digits=16, decimal_places=2)
    returns = models.DecimalField(max_digits=16, decimal_places=2)
    orders = models.PositiveIntegerField()
    abc_class = models.CharField(max_length=1)

    class Meta:
        indexes = [models.Index(fields=["run", "abc_class"], name="segment_run_class")]
        constraints = [
            models.UniqueConstraint(fields=["run", "company"], name="segment_run_company")
        ]

    def __str__(self) -> str:
        return f"{self.run_id}: {self.company_id} {self.abc_class}"


class SegmentSettings(models.Model):
    """The company's ABC(D) thresholds and weights, and its hand-off rule (one row)."""

    a_share = models.DecimalField(
        _("A: revenue share above the client below"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.800"),
    )
    b_share = models.DecimalField(
        _("B: revenue share above the client below"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.950"),
    )
    weight_potential = models.FloatField(_("weight of potential"), default=0.5)
    weight_margin = models.FloatField(_("weight of margin"), default=0.2)
    weight_frequency = models.FloatField(_("weight of order frequency"), default=0.3)
    d_below = models.FloatField(_("D: a C client whose weighted worth is below"), default=0.35)

    # Hand-off of a client from the hunter to a farmer (METHOD 5): the conditions set here,
    # all of them or any one.
    handoff_match_all = models.BooleanField(
        _("hand off when all the conditions hold (else any)"), default=True
    )
    handoff_min_orders = models.PositiveIntegerField(
        _("after the N-th paid order"), null=True, blank=True, default=2
    )
    handoff_min_volume = models.DecimalField(
        _("paid volume at least"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    handoff_volume_days = models.PositiveIntegerField(_("within days"), default=365)
    handoff_products = models.ManyToManyField(
        "catalog.Product",
        blank=True,
        related_name="+",
        verbose_name=_("bought one of these products"),
    )
    handoff_groups = models.ManyToManyField(
        "catalog.ProductGroup",
        blank=True,
        related_name="+",
        verbose_name=_("bought from these product groups"),
    )
    handoff_min_monthly = models.DecimalField(
        _("each of the last 3 months bought at least"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("ABC(D) and hand-off settings")
        verbose_name_plural = _("ABC(D) and hand-off settings")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @classmethod
    def load(cls) -> "SegmentSettings":
        settings, _created = cls.objects.get_or_create(pk=1)
        return settings
