"""Segmentation runs and each client's result in them: the movement between periods and the
portrait of A clients are read from here."""

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

    def __str__(self) -> str:
        return f"{self.run_id}: {self.company_id} {self.abc_class}"
