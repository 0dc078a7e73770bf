"""What is sent to clients at each step of the algorithm (METHOD 3): presentations, leaflets,
price lists, proposal and contract templates, cases; each file kept in versions, the newest
one current, stored through Django's storage API."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .rules import tags_of


class MaterialKind(models.TextChoices):
    PRESENTATION = "presentation", _("Presentation")
    LEAFLET = "leaflet", _("Leaflet")
    PRICE_LIST = "price_list", _("Price list")
    PROPOSAL_TEMPLATE = "proposal_template", _("Proposal template")
    CONTRACT_TEMPLATE = "contract_template", _("Contract template")
    CASE = "case", _("Case")
    OTHER = "other", _("Other")


class Material(models.Model):
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=MaterialKind.choices)
    description = models.TextField(_("description"), blank=True)
    tags = models.CharField(
        _("tags"), max_length=300, blank=True, help_text=_("Separated by commas.")
    )
    products = models.ManyToManyField(
        "catalog.Product", blank=True, related_name="+", verbose_name=_("products")
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # The title and tags in lower case: SQLite folds the case of ASCII letters only, and the
    # library is searched in Russian.
    search_text = models.CharField(max_length=520, editable=False, blank=True)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.search_text = f"{self.title} {self.tags}".lower()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    @property
    def tag_list(self) -> list[str]:
        return tags_of(self.tags)


class MaterialState(models.Model):
    """A stage of the algorithm the material is sent at (a stage code, as Company.state)."""

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="states")
    state = models.CharField(_("stage code"), max_length=20)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["material", "state"], name="material_state_unique")
        ]
        indexes = [models.Index(fields=["state"], name="material_state")]

    def __str__(self) -> str:
        return self.state


class MaterialVersion(models.Model):
    """One upload of the material's file; the highest number is the current one."""

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to="materials/%Y/%m/", max_length=300)
    filename = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    content_type = models.CharField(_("content type"), max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("material version")
        verbose_name_plural = _("material versions")
        constraints = [
            models.UniqueConstraint(fields=["material", "number"], name="material_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.material} v{self.number}"
