"""The client base (METHOD 2): companies, their contacts, and the lists that classify them."""

from datetime import date
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from otdel.days import day


class Section(models.TextChoices):
    """The four sections of the base, METHOD 2. A company in active work is in none of them."""

    HARD_REFUSAL = "hard_refusal", _("Hard refusal / non-core")
    REFUSAL_FOLLOW_UP = "refusal_follow_up", _("Refusal with follow-up")
    STRATEGIC_ARCHIVE = "strategic_archive", _("Strategic archive")
    TO_CALL = "to_call", _("To call")


class State(models.TextChoices):
    """The stage codes of the default algorithm, METHOD 3 (the company may define others)."""

    NEW = "new", _("New client")
    CONTACT_1 = "contact_1", _("1st contact")
    CONTACT_2 = "contact_2", _("2nd contact")
    CONTACT_3 = "contact_3", _("3rd contact")
    REFUSAL = "refusal", _("Refusal")
    DEAL = "deal", _("Deal")
    STRATEGIC_RESERVE = "strategic_reserve", _("Strategic reserve")
    CALL_ROUND = "call_round", _("Call-round")
    DEAL_SUPPORT = "deal_support", _("Deal support")
    CLIENT = "client", _("Client")


class SizeTag(models.TextChoices):
    LARGE = "large", _("Large")
    MEDIUM = "medium", _("Medium")
    SMALL = "small", _("Small")
    NON_CORE = "non_core", _("Non-core")


class TaxIdKind(models.TextChoices):
    RU_INN = "ru_inn", _("INN (Russia)")
    RO_CUI = "ro_cui", _("CUI (Romania)")
    OTHER = "other", _("Other")


# The classes of METHOD 7, best first, as the segmentation writes them into Company.abc_class.
ABC_CLASSES = ("A", "B", "C", "D")


class SourceKind(models.TextChoices):
    COLD = "cold", _("Cold (directories, maps, portals)")
    WARM = "warm", _("Warm (our own database)")


class NamedItem(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Category(NamedItem):
    work_days = models.PositiveIntegerField(
        _("days of active work"),
        null=True,
        blank=True,
        help_text=_("Overrides the company-wide maximum days with a new client for this category."),
    )

    class Meta(NamedItem.Meta):
        verbose_name = _("category")
        verbose_name_plural = _("categories")


POTENTIAL_CHOICES = [("high", _("high")), ("medium", _("medium")), ("low", _("low"))]


class Segment(NamedItem):
    # How much a client of this segment can buy (METHOD 7: potential, for ABC(D)).
    potential = models.CharField(
        _("potential"), max_length=10, blank=True, choices=POTENTIAL_CHOICES
    )

    class Meta(NamedItem.Meta):
        verbose_name = _("market segment")
        verbose_name_plural = _("market segments")


class Source(NamedItem):
    kind = models.CharField(
        _("kind"), max_length=10, choices=SourceKind.choices, default=SourceKind.COLD
    )

    class Meta(NamedItem.Meta):
        verbose_name = _("source")
        verbose_name_plural = _("sources")


class SizeRule(models.Model):
    """One line of the company's size definition: the first rule that matches gives the tag."""

    tag = models.CharField(_("size tag"), max_length=10, choices=SizeTag.choices)
    priority = models.PositiveIntegerField(_("priority"), default=0, help_text=_("Lower first."))
    min_employees = models.PositiveIntegerField(_("employees at least"), null=True, blank=True)
    min_annual_revenue = models.DecimalField(
        _("annual revenue at least"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    min_expected_volume = models.DecimalField(
        _("expected volume at least"), max_digits=18, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["priority", "pk"]
        verbose_name = _("size rule")
        verbose_name_plural = _("size rules")
        constraints = [
            models.CheckConstraint(
                name="size_rule_has_a_threshold",
                condition=Q(min_employees__isnull=False)
                | Q(min_annual_revenue__isnull=False)
                | Q(min_expected_volume__isnull=False),
                violation_error_message=_("A size rule needs at least one threshold."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_tag_display())


class CompanyManager(models.Manager["Company"]):
    """Companies of the base; one merged into another is gone from every list and rule."""

    def get_queryset(self) -> models.QuerySet["Company"]:
        return super().get_queryset().filter(merged_into__isnull=True)


class Company(models.Model):
    # The name without its legal form, so that it sorts by itself ("Альфа", not "ООО «Альфа»").
    legal_name = models.CharField(_("legal name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=200, blank=True)
    legal_form = models.CharField(_("legal form"), max_length=50, blank=True)
    # Casefolded name with ё folded to е: lets SQLite and PostgreSQL search Cyrillic alike.
    search_name = models.CharField(max_length=600, editable=False)
    # Matching keys for prospect lists (otdel.base.normalise), kept by the services.
    name_key = models.CharField(max_length=300, editable=False, default="")
    website_domain = models.CharField(max_length=200, editable=False, default="")
    tax_id_kind = models.CharField(
        _("tax id kind"), max_length=10, choices=TaxIdKind.choices, default=TaxIdKind.RU_INN
    )
    tax_id = models.CharField(_("tax id"), max_length=32, blank=True)
    kpp = models.CharField(_("KPP"), max_length=9, blank=True)
    ogrn = models.CharField(_("OGRN"), max_length=15, blank=True)
    # ABC(D) class (METHOD 7): set by the segmentation, or by hand (fixed) with a reason.
    abc_class = models.CharField(_("ABC(D) class"), max_length=1, blank=True)
    abc_fixed = models.BooleanField(_("class set by hand"), default=False)
    potential = models.CharField(
        _("potential"),
        max_length=10,
        blank=True,
        choices=POTENTIAL_CHOICES,
        help_text=_("The manager's estimate; empty: judged by the segment, then the size tag."),
    )
    # The hunter who won the client keeps his credit after the hand-off to a farmer (METHOD 5).
    hunter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("won by"),
    )
    handed_off_at = models.DateTimeField(_("handed to a farmer"), null=True, blank=True)
    # The client's number in the company's accounting or shop system (order history imports).
    customer_code = models.CharField(_("customer number"), max_length=64, blank=True)
    website = models.CharField(_("website"), max_length=200, blank=True)
    legal_address = models.CharField(_("legal address"), max_length=500, blank=True)
    actual_address = models.CharField(_("actual address"), max_length=500, blank=True)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("category")
    )
    segment = models.ForeignKey(
        Segment, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("market segment")
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("source")
    )
    territory = models.ForeignKey(
        "org.Territory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("territory"),
    )
    product_groups = models.ManyToManyField(
        "catalog.ProductGroup",
        blank=True,
        related_name="companies",
        verbose_name=_("product groups of interest"),
    )
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    annual_revenue = models.DecimalField(
        _("annual revenue"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    expected_volume = models.DecimalField(
        _("expected volume"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    size_tag = models.CharField(_("size tag"), max_length=10, choices=SizeTag.choices, blank=True)
    size_tag_fixed = models.BooleanField(
        _("size tag set by hand"),
        default=False,
        help_text=_("Keep the size tag as set; the size rules do not change it."),
    )
    section = models.CharField(
        _("section"),
        max_length=20,
        choices=Section.choices,
        blank=True,
        default=Section.TO_CALL,
        help_text=_("Empty while the company is in active work or a client."),
    )
    # A stage code of the company's algorithm (otdel.stages.config); the default template's
    # codes are State's.
    state = models.CharField(_("state"), max_length=20, default=State.NEW)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="companies",
        verbose_name=_("owner"),
        db_index=False,  # the indexes led by the owner below answer his companies
    )
    reactivation_date = models.DateField(_("reactivation date"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    # The working list (METHOD 4). Set by the algorithm's services and rules only.
    owned_since = models.DateTimeField(_("owned since"), null=True, blank=True, editable=False)
    claimed_at = models.DateTimeField(_("in work since"), null=True, blank=True, editable=False)
    work_deadline = models.DateField(_("work deadline"), null=True, blank=True, editable=False)
    deadline_warned_on = models.DateField(null=True, blank=True, editable=False)
    triage_since = models.DateField(_("awaits triage since"), null=True, blank=True, editable=False)
    reassign_due_since = models.DateField(
        _("due for reassignment since"), null=True, blank=True, editable=False
    )
    call_round_since = models.DateField(
        _("in call-round since"), null=True, blank=True, editable=False
    )
    # Set when this company was a duplicate merged into another; its address redirects there.
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    all_objects = models.Manager()
    objects = CompanyManager()

    class Meta:
        ordering = ["search_name", "pk"]
        default_manager_name = "objects"
        base_manager_name = "all_objects"
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        constraints = [
            models.UniqueConstraint(
                fields=["tax_id"],
                condition=~Q(tax_id=""),
                name="company_tax_id_unique",
                violation_error_message=_("A company with this tax id is already in the base."),
            ),
            models.UniqueConstraint(
                fields=["customer_code"],
                condition=~Q(customer_code=""),
                name="company_customer_code_unique",
                violation_error_message=_(
                    "A company with this customer number is already in the base."
                ),
            ),
            models.UniqueConstraint(
                fields=["ogrn"],
                condition=~Q(ogrn=""),
                name="company_ogrn_unique",
                violation_error_message=_("A company with this OGRN is already in the base."),
            ),
        ]
        # Every change of a company writes each of its indexes (a segmentation run changing 100k
        # classes spends most of its time there), so there is none that another one covers,
        # and the searched texts have plain ones: nothing looks them up by a LIKE prefix, for
        # which db_index adds a second (varchar_pattern_ops) one on PostgreSQL.
        indexes = [
            models.Index(fields=["search_name"], name="company_search_name"),
            models.Index(fields=["name_key"], name="company_name_key"),
            models.Index(fields=["website_domain"], name="company_website_domain"),
            models.Index(fields=["abc_class"], name="company_abc_class"),
            # The list pages filter by owner or section and sort by name.
            models.Index(fields=["owner", "search_name"], name="company_owner_name"),
            models.Index(fields=["section", "search_name"], name="company_section_name"),
            models.Index(fields=["section", "owner"], name="company_section_owner"),
            # The API pages by id (a cursor): one owner's companies (his own share, ?owner=,
            # ?scope=mine) in id order. Without it a manager with few companies would make the
            # database read the whole primary key to fill a page.
            models.Index(fields=["owner", "id"], name="company_owner_then_id"),
            models.Index(fields=["state"], name="company_state"),
            models.Index(fields=["work_deadline"], name="company_work_deadline"),
            models.Index(fields=["owned_since"], name="company_owned_since"),
            models.Index(fields=["reactivation_date"], name="company_reactivation"),
            # A section's list counts its companies up to the cap (web.CappedPaginator) from
            # the index alone: reading the table for them took 8-220 ms at 1M.
            models.Index(
                fields=["section", "id"],
                condition=Q(merged_into__isnull=True),
                name="company_live_section",
            ),
            models.Index(
                fields=["reactivation_date", "id"],
                condition=Q(call_round_since__isnull=False),
                name="company_call_round",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def full_legal_name(self) -> str:
        """The name with its legal form, as people write it: ООО «Альфа», Alfa SRL."""
        from .rules import legal_name_display  # rules reads this module's choices

        return legal_name_display(self.legal_form, self.legal_name)

    @property
    def display_name(self) -> str:
        return self.short_name or self.full_legal_name


class Contact(models.Model):
    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("company")
    )
    full_name = models.CharField(_("full name"), max_length=200)
    job_title = models.CharField(_("position"), max_length=200, blank=True)
    is_decision_maker = models.BooleanField(_("decision maker"), default=False)
    note = models.TextField(_("note"), blank=True)
    # Nothing typed is lost (issue 12): a removed contact is archived, and the head may restore it.
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True, editable=False)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("archived by"),
    )

    class Meta:
        ordering = ["full_name", "pk"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return self.full_name


class Phone(models.Model):
    """A phone of a company, or of one of its contacts; always E.164 so it can be matched."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="phones")
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    number = models.CharField(_("phone"), max_length=20, db_index=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.number


class Email(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="emails")
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, null=True, blank=True, related_name="emails"
    )
    address = models.EmailField(_("e-mail"), max_length=254)
    domain = models.CharField(max_length=200, db_index=True, editable=False)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.address


class CompanyName(models.Model):
    """A company's folded name and whether it is live (not merged), written by the database
    itself: triggers of migration 0026 on every new company and on each change of its name or
    merge, whichever way it is written (a service, a COPY, a bulk insert). A search of the whole
    base by a name finds, counts and sorts its matches in this narrow table and reads the wide
    company rows of one page only: a name 23,512 of a million companies share is found in 8,753
    pages of this table (23 ms) instead of 23,445 pages of companies (88 ms). SQLite drops a
    table's triggers when a migration rebuilds it, as most changes of a company field do: such a
    migration creates them again (tests/base/test_company_name.py fails when it does not)."""

    company = models.OneToOneField(
        Company, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    search_name = models.CharField(max_length=600)
    live = models.BooleanField()

    def __str__(self) -> str:
        return self.search_name


class NameBlock(models.Model):
    """A company's name filed under one of its matching blocks (matching.name_blocks), so that
    a list is compared by fuzzy name only with the companies that share a block."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    block = models.CharField(max_length=40)

    class Meta:
        # The table kept its name when the model left prospecting (a state-only move).
        db_table = "prospecting_nameblock"
        constraints = [
            models.UniqueConstraint(fields=["block", "company"], name="name_block_unique")
        ]

    def __str__(self) -> str:
        return self.block


# The lists of a company or a contact, kept in the history as their values joined by this.
LIST_SEPARATOR = ", "
LIST_LABELS = {
    "phones": _("phones"),
    "emails": _("e-mails"),
    "product_groups": _("product groups of interest"),
}


# The rules, jobs and bulk actions that change companies, by the code each writes into the
# history, as a reader names them.
RULE_LABELS = {
    "algorithm_template": pgettext_lazy("rule", "algorithm template"),
    "by_hand": pgettext_lazy("rule", "by hand"),
    "call_round": pgettext_lazy("rule", "call-round"),
    "claim": pgettext_lazy("rule", "claimed"),
    "deadline_warning": pgettext_lazy("rule", "deadline warning"),
    "deal": pgettext_lazy("rule", "deal"),
    "deal_closed": pgettext_lazy("rule", "deal closed"),
    "deal_lost": pgettext_lazy("rule", "deal lost"),
    "demo": pgettext_lazy("rule", "demo data"),
    "handoff_rule": pgettext_lazy("rule", "hand-off rule"),
    "import": pgettext_lazy("rule", "prospect list"),
    "import_orders": pgettext_lazy("rule", "order history"),
    "kept": pgettext_lazy("rule", "kept with the hunter"),
    "restore": pgettext_lazy("rule", "restored"),
    "segmentation": pgettext_lazy("rule", "ABC(D) segmentation"),
    "size_rules": pgettext_lazy("rule", "size rules"),
    "three_month_rule": pgettext_lazy("rule", "three-month rule"),
    "triage": pgettext_lazy("rule", "triage"),
    "work_deadline": pgettext_lazy("rule", "work deadline"),
}


class CompanyStay(models.Model):
    """A company's stay in a state, from the move (or its creation) that brought it there to the
    move that took it away: the state history of CompanyEvent cut at each move, kept as the
    moves are written (base.services.stays_follow) so that the funnel counts rows by when they
    began instead of rebuilding every company's stays from its moves."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="stays")
    state = models.CharField(max_length=20)
    entered_at = models.DateTimeField()
    # Empty while the company is still there.
    left_at = models.DateTimeField(null=True, blank=True)
    next_state = models.CharField(max_length=20, blank=True, db_default="")
    # The reason written at the move that ended it.
    reason = models.CharField(max_length=500, blank=True, db_default="")
    # The company's owner now, not when it stayed: the funnel groups and filters by the current
    # owner, and reads him here instead of joining the companies (base.services keeps him with
    # every owner change).
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )

    class Meta:
        indexes = [
            # The funnel of a period reads the stays that began in it, and from the index alone
            # on PostgreSQL (SQLite drops the included columns).
            models.Index(
                fields=["entered_at"],
                include=["owner", "company", "state", "left_at", "next_state", "reason"],
                name="stay_entered",
            ),
            # A manager's own funnel (and the owner's foreign key).
            models.Index(fields=["owner", "entered_at"], name="stay_owner"),
        ]

    def __str__(self) -> str:
        return f"{self.company_id}: {self.state} {self.entered_at:%Y-%m-%d} → {self.next_state}"


class CompanyEvent(models.Model):
    """The history of a company: every change of owner, section, state, size tag, of any field
    typed into it and of its contacts, with the old and the new value."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        OWNER = "owner", _("Owner")
        SECTION = "section", _("Section")
        STATE = "state", _("State")
        SIZE_TAG = "size_tag", _("Size tag")
        DEADLINE_WARNING = "deadline_warning", _("Deadline near")
        TRIAGE = "triage", _("Deadline passed: triage")
        REASSIGN_DUE = "reassign_due", _("Due for reassignment")
        MERGED = "merged", _("Merged a duplicate")
        ABC = "abc", _("ABC(D) class")
        HANDOFF = "handoff", _("Handed to a farmer")
        FIELD = "field", _("Field")
        CONTACT_ADDED = "contact_added", _("Contact added")
        CONTACT = "contact", _("Contact changed")
        CONTACT_ARCHIVED = "contact_archived", _("Contact archived")
        CONTACT_RESTORED = "contact_restored", _("Contact restored")

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("change"), max_length=20, choices=Kind.choices)
    # The field of the company (or of the contact) that changed, for FIELD and CONTACT rows.
    field = models.CharField(_("field"), max_length=50, blank=True, db_default="")
    contact = models.ForeignKey(
        Contact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contact"),
    )
    # Whole values, not cut: a value can be restored from here.
    old_value = models.TextField(_("from"), blank=True)
    new_value = models.TextField(_("to"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    # Set when a rule, a job or a bulk action made the change rather than a person's click.
    rule = models.CharField(_("rule"), max_length=100, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("history record")
        verbose_name_plural = _("history")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.old_label} → {self.new_label}"

    # These rows hold a day (ISO, as the database writes it), shown as people read a date.
    _DATES: ClassVar[set[str]] = {Kind.DEADLINE_WARNING, Kind.TRIAGE, Kind.REASSIGN_DUE}

    # State changes are labelled by the algorithm's own stage names (the `stage` filter).
    _CHOICES: ClassVar[dict[str, dict[str, Any]]] = {
        Kind.SECTION: dict(Section.choices),
        Kind.SIZE_TAG: dict(SizeTag.choices),
    }

    def _model_field(self) -> models.Field | None:
        model = Contact if self.kind == self.Kind.CONTACT else Company
        try:
            field = model._meta.get_field(self.field)
        except FieldDoesNotExist:
            return None
        return field if isinstance(field, models.Field) else None

    @property
    def restorable(self) -> bool:
        """Whether the head can put back what this row changed (base.services.event_restore)."""
        if self.kind in (self.Kind.CONTACT_ARCHIVED, self.Kind.CONTACT):
            return self.contact_id is not None
        return self.kind == self.Kind.FIELD and self.field not in ("", "product_groups")

    @property
    def field_label(self) -> str:
        if self.field in LIST_LABELS:
            return str(LIST_LABELS[self.field])
        field = self._model_field() if self.field else None
        return str(field.verbose_name) if field is not None else self.field

    def _label(self, value: str) -> str:
        if self.kind in (self.Kind.FIELD, self.Kind.CONTACT) and self.field:
            field = self._model_field()
            if field is not None and field.choices:
                return str(dict(field.flatchoices).get(value, value))
            if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
                return _day_of(value)
            if isinstance(field, models.BooleanField) and value in _YES_NO:
                return str(_YES_NO[value])
            return value
        if self.kind in self._DATES:
            return _day_of(value)
        return str(self._CHOICES.get(self.kind, {}).get(value, value))

    @property
    def rule_label(self) -> str:
        return str(RULE_LABELS.get(self.rule, self.rule))

    @property
    def old_label(self) -> str:
        return self._label(self.old_value)

    @property
    def new_label(self) -> str:
        return self._label(self.new_value)


# A yes/no field is written as Python prints it; the reader gets his own words.
_YES_NO = {"True": _("yes"), "False": _("no")}


def _day_of(value: str) -> str:
    """A day stored as ISO text, as people read it (anything else as it was written)."""
    try:
        return day(date.fromisoformat(value))
    except ValueError:
        return value


class SavedFilter(models.Model):
    """A filter of the company list a user keeps under a name, to pick it again in one click."""

    NAME_LENGTH, QUERY_LENGTH = 100, 1000

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_filters"
    )
    name = models.CharField(_("name"), max_length=NAME_LENGTH)
    # The list's query string as it was shown, without the page number.
    query = models.CharField(max_length=QUERY_LENGTH, blank=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="saved_filter_name_unique")
        ]

    def __str__(self) -> str:
        return self.name
