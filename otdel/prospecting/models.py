"""A prospect list brought into the base (METHOD 4): who, when, from where, and what became of
every row."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    NEW = "new", _("New")
    DUPLICATE = "duplicate", _("Already in the base: merged")
    CONFLICT = "conflict", _("Worked by another manager: struck off")
    REJECTED = "rejected", _("Rejected")


class Job(models.TextChoices):
    NONE = "", _("none")
    CHECKING = "checking", _("checking the list")
    IMPORTING = "importing", _("importing")


class ImportBatch(models.Model):
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    filename = models.CharField(_("file"), max_length=300)
    file_sha256 = models.CharField(max_length=64, db_index=True)
    source = models.ForeignKey(
        "base.Source", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("source")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("into the working list of"),
    )
    committed = models.BooleanField(_("committed"), default=False)
    # The file itself until it is committed: in the database, so any web worker can finish
    # the import the preview began (no shared disk needed).
    content = models.BinaryField(default=b"", editable=False)
    # A long list is checked and imported by a background job; the page shows its progress.
    job = models.CharField(max_length=10, choices=Job.choices, default=Job.NONE, blank=True)
    error = models.TextField(blank=True)
    # Field -> the file's column header it is read from.
    mapping = models.JSONField(_("columns"), default=dict, blank=True)
    # The file's header row, kept once read: the page offers its columns without reading a
    # long file again.
    headers = models.JSONField(default=list, blank=True)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    merged = models.PositiveIntegerField(default=0)
    conflicts = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("prospect list")
        verbose_name_plural = _("prospect lists")
        constraints = [
            models.CheckConstraint(
                name="import_rows_accounted_for",
                condition=models.Q(
                    rows=models.F("created")
                    + models.F("merged")
                    + models.F("conflicts")
                    + models.F("rejected")
                ),
            )
        ]

    def __str__(self) -> str:
        return self.filename


class ColumnMapping(models.Model):
    """How the files of a source name their columns, remembered from the last list of that
    source whose columns a person set: field -> column header."""

    source = models.OneToOneField("base.Source", on_delete=models.CASCADE, related_name="+")
    columns = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return str(self.source)


class ImportRow(models.Model):
    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="lines")
    number = models.PositiveIntegerField(_("row"))
    name = models.CharField(_("name"), max_length=300, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    company = models.ForeignKey(
        "base.Company", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    # How sure the match is, in percent: 100 for an exact key, the name similarity otherwise.
    score = models.PositiveSmallIntegerField(_("match, %"), null=True, blank=True)
    values = models.JSONField(default=dict)

    class Meta:
        ordering = ["batch", "number"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "number"], name="import_row_unique")
        ]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.number}"
