"""The documents of a deal (METHOD 3): commercial proposal, contract, invoice for payment and
the closing documents (act of work, universal transfer document), numbered per series and
year, every issued version kept, printed from templates the company edits."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    PROPOSAL = "proposal", _("commercial proposal")
    CONTRACT = "contract", _("contract")
    INVOICE = "invoice", _("invoice for payment")
    ACT = "act", _("act of work")
    UPD = "upd", _("universal transfer document")


CLOSING_KINDS = (DocumentKind.ACT, DocumentKind.UPD)


class Seller(models.Model):
    """Our company's details, printed on every document (one row)."""

    legal_name = models.CharField(_("legal name"), max_length=300)
    tax_id = models.CharField(_("INN"), max_length=12, blank=True)
    kpp = models.CharField(_("KPP"), max_length=9, blank=True)
    ogrn = models.CharField(_("OGRN"), max_length=15, blank=True)
    address = models.CharField(_("address"), max_length=500, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    bank_name = models.CharField(_("bank"), max_length=300, blank=True)
    bic = models.CharField(_("BIC"), max_length=9, blank=True)
    account = models.CharField(_("settlement account"), max_length=20, blank=True)
    correspondent_account = models.CharField(_("correspondent account"), max_length=20, blank=True)
    director = models.CharField(_("director"), max_length=200, blank=True)
    accountant = models.CharField(_("chief accountant"), max_length=200, blank=True)
    payment_days = models.PositiveSmallIntegerField(_("days to pay an invoice"), default=5)

    class Meta:
        verbose_name = _("our company")
        verbose_name_plural = _("our company")

    def __str__(self) -> str:
        return self.legal_name

    @classmethod
    def load(cls) -> "Seller":
        seller = cls.objects.order_by("pk").first()
        return seller or cls(legal_name=str(_("Our company (fill in Settings → Our company)")))


class DocumentTemplate(models.Model):
    """The company's own version of a document's templates: the typst layout of the PDF and
    the Word template of the editable DOCX copy; what is empty prints from the default."""

    kind = models.CharField(_("document"), max_length=10, choices=DocumentKind.choices, unique=True)
    source = models.TextField(
        _("typst source"), blank=True, help_text=_("The PDF layout; empty: the default.")
    )
    # The company's Word template for the editable copy (docxtpl tags); empty: the default.
    docx = models.BinaryField(default=b"", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")

    def __str__(self) -> str:
        return self.get_kind_display()


class NumberSeries(models.Model):
    kind = models.CharField(max_length=10, choices=DocumentKind.choices)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "year"], name="series_unique")]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.last}"


class Document(models.Model):
    deal = models.ForeignKey("deals.Deal", on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("document"), max_length=10, choices=DocumentKind.choices)
    number = models.CharField(_("number"), max_length=64)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    language = models.CharField(_("language"), max_length=5)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("issued by"),
    )
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    # What was printed, kept as it was: the data and the PDF itself.
    data = models.JSONField(default=dict)
    pdf = models.BinaryField()
    signed_at = models.DateTimeField(_("signed"), null=True, blank=True)

    class Meta:
        ordering = ["issued_at", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(fields=["kind", "number", "version"], name="document_version")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} № {self.number}"
