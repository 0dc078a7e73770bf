"""The sales department: departments, positions, people and their leaders (METHOD 1)."""

from collections.abc import Callable

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Language(models.TextChoices):
    """The languages of the interface (settings.LANGUAGES), by their own names."""

    RUSSIAN = "ru", "Русский"
    ENGLISH = "en", "English"


class DepartmentKind(models.TextChoices):
    ACTIVE_SALES = "active_sales", _("Active sales (hunters)")
    CLIENT = "client", _("Client department (farmers)")
    DEVELOPMENT = "development", _("Development")
    OTHER = "other", _("Other")


class Position(models.TextChoices):
    OWNER = "owner", pgettext_lazy("position", "Owner")
    HEAD_OF_SALES = "head_of_sales", _("Head of sales")
    DEPARTMENT_HEAD = "department_head", _("Department head")
    ASSISTANT = "assistant", _("Assistant")
    TELE_SALES = "tele_sales", _("Tele-sales manager")
    SALES_MANAGER = "sales_manager", _("Sales manager")
    SALES_REPRESENTATIVE = "sales_representative", _("Sales representative")
    ACCOUNT_MANAGER = "account_manager", _("Account manager")
    KEY_ACCOUNT_MANAGER = "key_account_manager", _("Key account manager")
    PARTNER_ACCOUNT_MANAGER = "partner_account_manager", _("Partner account manager")
    PRODUCT_MANAGER = "product_manager", _("Product manager")
    TERRITORY_MANAGER = "territory_manager", _("Territory manager")
    DATABASE_OWNER = "database_owner", _("Database owner")
    LEAD_GENERATION = "lead_generation", _("Lead generation")
    ACCOUNTANT = "accountant", _("Accountant")


class Territory(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("territory")
        verbose_name_plural = _("territories")

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=DepartmentKind.choices, default=DepartmentKind.OTHER
    )
    head = models.ForeignKey(
        "org.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="headed_departments",
        verbose_name=_("head"),
    )
    working_list_cap = models.PositiveIntegerField(
        _("working list cap"),
        null=True,
        blank=True,
        help_text=_("Companies in active work per manager; empty: the company-wide cap."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        check_cap_range(self.working_list_cap)


# The range a cap may take is the algorithm's setting (METHOD 4), a layer above org: the
# algorithm app hands in how to read it from its AppConfig.ready(), and org only compares.
_cap_range: list[Callable[[], tuple[int, int]]] = []


def set_cap_range(read: Callable[[], tuple[int, int]]) -> None:
    """How to read the lowest and highest cap the company allows."""
    _cap_range[:] = [read]


def check_cap_range(cap: int | None) -> None:
    """A department or person cap stays within the range the company set (METHOD 4: 50-90)."""
    if cap is None or not _cap_range:
        return
    from .rules import cap_within_range

    low, high = _cap_range[0]()
    if not cap_within_range(cap, low, high):
        raise ValidationError(
            {
                "working_list_cap": _("The cap must be between %(low)s and %(high)s.")
                % {"low": low, "high": high}
            }
        )


class User(AbstractUser):
    position = models.CharField(
        _("position"), max_length=32, choices=Position.choices, default=Position.SALES_MANAGER
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("department"),
    )
    # The matrix of METHOD 1: besides his department head a manager may answer to a product or
    # territory manager, who may set him tasks.
    matrix_leader = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="matrix_reports",
        verbose_name=_("matrix leader"),
        limit_choices_to={"position__in": [Position.PRODUCT_MANAGER, Position.TERRITORY_MANAGER]},
    )
    territories = models.ManyToManyField(
        Territory, blank=True, related_name="managers", verbose_name=_("territories")
    )
    product_groups = models.ManyToManyField(
        "catalog.ProductGroup",
        blank=True,
        related_name="managers",
        verbose_name=_("product groups"),
    )
    working_list_cap = models.PositiveIntegerField(
        _("working list cap"),
        null=True,
        blank=True,
        help_text=_("Overrides the department's cap for this person."),
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=Language.choices,
        blank=True,
        help_text=_("Empty: the company's language."),
    )

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def clean(self) -> None:
        super().clean()
        check_cap_range(self.working_list_cap)

    @property
    def leads_people(self) -> bool:
        """Whether he assigns companies to managers and sees the head's control pages."""
        from .rules import may_assign_owners, scope_of

        return may_assign_owners(scope_of(self.position, is_superuser=self.is_superuser))

    @property
    def sells(self) -> bool:
        """Whether he works companies of his own (a working list, a line of the plan)."""
        from .rules import sells

        return sells(self.position)

    @property
    def configures(self) -> bool:
        """Whether he changes the company's settings (the menu's Settings)."""
        from .rules import configures

        return configures(self.position, is_superuser=self.is_superuser)

    @property
    def department_leader(self) -> "User | None":
        return self.department.head if self.department_id and self.department else None


class SettingsSection(models.TextChoices):
    RULES = "rules", _("Limits of the method")
    ALGORITHM = "algorithm", _("Algorithm and playbook")
    SEGMENTS = "segments", _("ABC(D) and hand-off")
    PAY = "pay", _("Pay schemes")
    PRICES = "prices", _("Price lists and discounts")
    COMPANY = "company", _("Our company and document templates")
    PEOPLE = "people", _("Users and departments")


class SettingsChange(models.Model):
    """Who changed which setting, when, from what to what: one log for every section of
    Settings (the method's limits, the algorithm, pay, prices, our company, people)."""

    at = models.DateTimeField(_("when"), auto_now_add=True)
    author = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("who")
    )
    section = models.CharField(_("section"), max_length=20, choices=SettingsSection.choices)
    subject = models.CharField(_("what"), max_length=300)
    # {field label: [old, new]} as printable text.
    changes = models.JSONField(_("changes"), default=dict)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("settings change")
        verbose_name_plural = _("settings changes")
        indexes = [models.Index(fields=["section", "-at"], name="settings_change_section")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.subject}"


class ApiToken(models.Model):
    """A key a program signs in to the API with ("Authorization: Token <key>"). Only its
    SHA-256 is kept: the key is shown once, when it is made. It expires and can be revoked."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The key's first characters, to tell one's tokens apart.
    prefix = models.CharField(_("starts with"), max_length=8, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class LoginResult(models.TextChoices):
    SUCCESS = "success", _("Signed in")
    FAILURE = "failure", _("Wrong login or password")
    LOCKED = "locked", _("Refused: locked out")
    SECOND_FACTOR_FAILED = "otp_failed", _("Wrong one-time code")
    LOGOUT = "logout", _("Signed out")


class LoginEvent(models.Model):
    """One sign-in, failed sign-in or sign-out: who (or the login name tried), from where."""

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="login_events",
        verbose_name=_("user"),
    )
    username = models.CharField(_("login tried"), max_length=150, blank=True)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    result = models.CharField(_("result"), max_length=12, choices=LoginResult.choices)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("login event")
        verbose_name_plural = _("login events")
        indexes = [models.Index(fields=["user", "-at"], name="login_event_user")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.result}"

    @property
    def succeeded(self) -> bool:
        return self.result in (LoginResult.SUCCESS, LoginResult.LOGOUT)
