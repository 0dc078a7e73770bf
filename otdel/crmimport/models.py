"""An export of the CRM a company ran on before Otdel, brought in once: the file until it is
imported, how its columns and stages were read, and what became of every row."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Export(models.TextChoices):
    """Whose export a file is: its columns are recognised by their headers."""

    AMOCRM = "amocrm", "amoCRM (Kommo)"
    BITRIX24 = "bitrix24", "Bitrix24"
    GENERIC = "generic", _("Another CRM or a table")


class CrmImport(models.Model):
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    filename = models.CharField(_("file"), max_length=300)
    source = models.CharField(_("from"), max_length=10, choices=Export.choices)
    # The file itself until it is imported (any web worker finishes what the preview began).
    content = models.BinaryField(default=b"", editable=False)
    # The file's SHA-256, kept after the content goes: the same file brought again is warned of.
    sha256 = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    # Field -> the file's column header it is read from.
    columns = models.JSONField(_("columns"), default=dict, blank=True)
    committed = models.BooleanField(_("imported"), default=False)
    # The counts and the rows not taken, as the last check or the import found them.
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("CRM import")
        verbose_name_plural = _("CRM imports")

    def __str__(self) -> str:
        return self.filename


class StageMapping(models.Model):
    """Which stage of the algorithm a source's stage is (METHOD 3), remembered for the next
    file from the same CRM."""

    source = models.CharField(_("from"), max_length=10, choices=Export.choices)
    # The stage as the CRM names it, folded (prospecting.files.fold).
    stage = models.CharField(_("stage in the CRM"), max_length=200)
    state = models.CharField(_("stage in Otdel"), max_length=20)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["source", "stage"]
        constraints = [
            models.UniqueConstraint(fields=["source", "stage"], name="crm_stage_mapping_unique")
        ]

    def __str__(self) -> str:
        return f"{self.source}: {self.stage} → {self.state}"
