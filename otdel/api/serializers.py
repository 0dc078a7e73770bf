from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from otdel.algorithm import config as algorithm_config
from otdel.algorithm import selectors as algorithm_selectors
from otdel.algorithm.models import Activity, ActivityKind, RefusalReason, StageKind
from otdel.algorithm.services import Outcome, Placed, company_create_by_hand
from otdel.base import services
from otdel.base.models import Company, Contact, Section
from otdel.base.selectors import editable_companies, visible_companies
from otdel.base.services import ALGORITHM_FIELDS
from otdel.base.validation import (
    algorithm_field_errors,
    clean_emails,
    clean_phones,
    clean_tax_ids,
)
from otdel.billing.models import Invoice
from otdel.deals.models import Deal, DealItem
from otdel.documents.models import Document, DocumentKind
from otdel.org.models import Department, User
from otdel.org.rules import may_assign_owners
from otdel.org.selectors import assignable_owners, scope_of_user, task_assignees
from otdel.plans.models import Metric, PlanLine, SalesPlan
from otdel.prospecting.models import ImportBatch, ImportRow
from otdel.segments.models import SegmentationRun


class UserSerializer(serializers.ModelSerializer):
    full_name = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "position", "department", "matrix_leader"]


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "name", "kind", "head"]


class _ValuesOf(serializers.ListField):
    """A list of plain values read from related rows: phones as E.164, e-mails as addresses.

    Company-level lists leave out the rows that belong to one of its contacts.
    """

    def __init__(self, *, related: str, value: str, **kwargs: object) -> None:
        self.related, self.value = related, value
        super().__init__(child=serializers.CharField(), required=False, **kwargs)

    def get_attribute(self, instance: object) -> list[str]:
        rows = getattr(instance, self.related).all()
        if isinstance(instance, Company):
            rows = [row for row in rows if row.contact_id is None]
        return [getattr(row, self.value) for row in rows]


class PhonesEmailsSerializer(serializers.Serializer):
    phones = _ValuesOf(related="phones", value="number")
    emails = _ValuesOf(related="emails", value="address")

    def validate_phones(self, value: list[str]) -> list[str]:
        try:
            return clean_phones(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error

    def validate_emails(self, value: list[str]) -> list[str]:
        try:
            return clean_emails(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error


class CompanySerializer(PhonesEmailsSerializer, serializers.ModelSerializer):
    owner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, allow_null=True
    )
    reason = serializers.CharField(write_only=True, required=False, allow_blank=True)

    class Meta:
        model = Company
        fields = [
            "id", "legal_name", "short_name", "legal_form", "tax_id_kind", "tax_id", "kpp",
            "ogrn", "website", "legal_address", "actual_address", "category", "segment",
            "source", "territory", "product_groups", "employees", "annual_revenue",
            "expected_volume", "size_tag", "size_tag_fixed", "section", "state", "owner",
            "reactivation_date", "note", "phones", "emails", "reason", "created_at",
            "updated_at", "customer_code", "abc_class", "abc_fixed", "potential", "hunter",
            "handed_off_at",
        ]  # fmt: skip
        # Class and hand-off change through their own rules (segments), never by an edit.
        read_only_fields = ["created_at", "updated_at", "abc_class", "abc_fixed", "hunter",
                            "handed_off_at"]  # fmt: skip
        # Uniqueness is checked with a message naming the other company to those who may see it
        # (clean_tax_ids).
        validators: list = []
        extra_kwargs = {"tax_id": {"validators": []}, "ogrn": {"validators": []}}

    def validate_state(self, value: str) -> str:
        if value not in {s.code for s in algorithm_config.current().company_states()}:
            raise serializers.ValidationError("Not a stage of the company's algorithm.")
        return value

    def validate_owner(self, value: User | None) -> User | None:
        user = self.context["request"].user
        if self.instance is not None or value is None or value == user:
            return value  # a change of owner on an edit is refused in validate()
        if not may_assign_owners(scope_of_user(user)):
            raise serializers.ValidationError("You may not assign companies to managers.")
        if not assignable_owners(user).filter(pk=value.pk).exists():
            raise serializers.ValidationError("This manager is outside your department.")
        return value

    def validate(self, attrs: dict) -> dict:
        # Owner, state and section change through move/, triage/ and assign/ (issue 12); the
        # same value as now is accepted, so a client may PUT the whole representation back.
        fields = ("owner", "state", "section")
        sent = {f: getattr(attrs[f], "pk", attrs[f]) for f in fields if f in attrs}
        if self.instance is not None:
            current = {f: getattr(self.instance, f) for f in ("state", "section")}
            current["owner"] = self.instance.owner_id
        else:
            # A new company starts at the first stage; where it goes is the placement's (a
            # section other than "to call" is a triage, later).
            sent.pop("owner", None)
            section = attrs.get("section", "")
            current = {
                "state": algorithm_config.current().first(StageKind.NEW),
                "section": section if section in ("", Section.TO_CALL) else Section.TO_CALL,
            }
        errors = algorithm_field_errors(current, sent)
        # The tax id is checked against its kind even when the call leaves the kind out.
        attrs.setdefault(
            "tax_id_kind",
            self.instance.tax_id_kind
            if self.instance
            else Company._meta.get_field("tax_id_kind").default,
        )
        errors |= clean_tax_ids(
            attrs,
            exclude_pk=self.instance.pk if self.instance else None,
            user=self.context["request"].user,
        )
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    @transaction.atomic
    def create(self, validated_data: dict) -> Company:
        phones = validated_data.pop("phones", [])
        emails = validated_data.pop("emails", [])
        groups = validated_data.pop("product_groups", None)
        owner = validated_data.pop("owner", None)
        for field in ("reason", "state", "section"):
            validated_data.pop(field, None)
        placement = company_create_by_hand(
            company=Company(**validated_data), acting_user=self.context["request"].user,
            owner=owner, phones=phones, emails=emails, product_groups=groups,
        )  # fmt: skip
        company = placement.company
        company.placed, company.placement_note = placement.placed, placement.note
        return company

    def update(self, instance: Company, validated_data: dict) -> Company:
        phones = validated_data.pop("phones", None)
        emails = validated_data.pop("emails", None)
        groups = validated_data.pop("product_groups", None)
        reason = validated_data.pop("reason", "")
        changes = {
            k: v for k, v in validated_data.items()
            if k not in ALGORITHM_FIELDS and getattr(instance, k) != v
        }  # fmt: skip
        return services.company_update(
            company=instance.pk, acting_user=self.context["request"].user, changes=changes,
            phones=phones, emails=emails, product_groups=groups, reason=reason,
        )  # fmt: skip


class CompanyCreatedSerializer(CompanySerializer):
    """A company made by hand, and where it went: like a claim, into the maker's (or the chosen
    owner's) working list while the cap allows, otherwise into "to call"."""

    placed = serializers.ChoiceField(
        choices=Placed.ALL,
        read_only=True,
        help_text="working_list: in the owner's work with its deadline; to_call: nobody's yet.",
    )
    placement_note = serializers.CharField(
        read_only=True,
        help_text="Why it is not in work (a full working list, untriaged expiries); else empty.",
    )

    class Meta(CompanySerializer.Meta):
        fields = [*CompanySerializer.Meta.fields, "placed", "placement_note"]


class ContactSerializer(PhonesEmailsSerializer, serializers.ModelSerializer):
    class Meta:
        model = Contact
        fields = ["id", "company", "full_name", "job_title", "is_decision_maker", "note",
                  "phones", "emails"]  # fmt: skip

    def validate_company(self, value: Company) -> Company:
        if not editable_companies(self.context["request"].user).filter(pk=value.pk).exists():
            raise serializers.ValidationError("No such company.")
        return value

    def _save(self, contact: Contact, validated_data: dict) -> Contact:
        phones = validated_data.pop("phones", None)
        emails = validated_data.pop("emails", None)
        for field, value in validated_data.items():
            setattr(contact, field, value)
        return services.contact_save(
            contact=contact,
            phones=phones if phones is not None else [p.number for p in contact.phones.all()],
            emails=emails if emails is not None else [e.address for e in contact.emails.all()],
            acting_user=self.context["request"].user,
        )

    def create(self, validated_data: dict) -> Contact:
        validated_data.setdefault("phones", [])
        validated_data.setdefault("emails", [])
        return self._save(Contact(), validated_data)

    def update(self, instance: Contact, validated_data: dict) -> Contact:
        return self._save(instance, validated_data)


class TriageSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.ALL, required=False, default="")
    refusal_reason = serializers.PrimaryKeyRelatedField(
        queryset=RefusalReason.objects.filter(active=True),
        required=False,
        allow_null=True,
        default=None,
        help_text="A refusal reason decides the section; then outcome may be left out.",
    )
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=500,
        default="",
        help_text="Why it goes there; needed unless a refusal reason is given.",
    )
    reactivation_date = serializers.DateField(required=False, allow_null=True, default=None)

    def validate(self, attrs: dict) -> dict:
        if attrs["refusal_reason"] is None:
            if not attrs["outcome"]:
                raise serializers.ValidationError(
                    {"outcome": "Choose where the company goes, or give a refusal reason."}
                )
            if not attrs["reason"].strip():
                raise serializers.ValidationError({"reason": "Write the reason."})
        return attrs


class MoveSerializer(serializers.Serializer):
    state = serializers.CharField(max_length=20, help_text="A stage code of the algorithm.")


class AssignSerializer(serializers.Serializer):
    manager = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")

    def validate_manager(self, value: User) -> User:
        if not assignable_owners(self.context["request"].user).filter(pk=value.pk).exists():
            raise serializers.ValidationError("This manager is outside your department.")
        return value


class WorkItemSerializer(serializers.ModelSerializer):
    """A company of a working list or queue, with its clock and next step."""

    days_left = serializers.SerializerMethodField()
    next_step_due = serializers.DateTimeField(read_only=True, allow_null=True)
    next_step_subject = serializers.CharField(read_only=True, allow_null=True)

    class Meta:
        model = Company
        fields = ["id", "legal_name", "short_name", "state", "section", "owner", "work_deadline",
                  "days_left", "triage_since", "reassign_due_since", "call_round_since",
                  "reactivation_date", "next_step_due", "next_step_subject"]  # fmt: skip

    def get_days_left(self, company: Company) -> int | None:
        return algorithm_config.current().days_left(company, timezone.localdate())


class ActivitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Activity
        fields = ["id", "company", "kind", "subject", "due_at", "done_at", "result", "assignee",
                  "author", "created_at"]  # fmt: skip
        read_only_fields = ["done_at", "result", "author", "created_at"]
        extra_kwargs = {
            "assignee": {
                "required": False,
                "allow_null": True,
                "help_text": "Yourself, a manager you lead, or (a product or territory manager) one "
                "whose matrix leader you are. Empty: the company's owner when he is "
                "one of them, else yourself.",
            }
        }

    def validate_company(self, value: Company) -> Company:
        user = self.context["request"].user
        if not visible_companies(user).filter(pk=value.pk).exists():
            raise serializers.ValidationError("No such company.")
        if not algorithm_selectors.may_plan_activities(user, value):
            raise serializers.ValidationError("This company is read-only for you.")
        return value

    def validate_assignee(self, value: User | None) -> User | None:
        user = self.context["request"].user
        if value is not None and not task_assignees(user).filter(pk=value.pk).exists():
            raise serializers.ValidationError("You may not set tasks for this user.")
        return value


class NextStepSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ActivityKind.choices)
    subject = serializers.CharField(max_length=300)
    due_at = serializers.DateTimeField()


class CompleteSerializer(serializers.Serializer):
    result = serializers.CharField()
    next_step = NextStepSerializer(required=False, allow_null=True, default=None)


class MergeSerializer(serializers.Serializer):
    duplicate = serializers.IntegerField(help_text="Number of the company merged into this one.")
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")


class ImportRowSerializer(serializers.ModelSerializer):
    class Meta:
        model = ImportRow
        fields = ["number", "name", "outcome", "company", "score", "reason"]


class ImportBatchSerializer(serializers.ModelSerializer):
    file = serializers.FileField(write_only=True, help_text="CSV or XLSX with a header row.")
    owner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, allow_null=True,
        help_text="Into whose working list the new companies go (a manager: himself).",
    )  # fmt: skip

    class Meta:
        model = ImportBatch
        fields = ["id", "file", "filename", "created_by", "created_at", "source", "owner",
                  "file_sha256", "mapping", "job", "error", "committed", "rows", "created",
                  "merged", "conflicts", "rejected"]  # fmt: skip
        read_only_fields = [f for f in fields if f not in ("file", "source", "owner")]

    def validate(self, attrs: dict) -> dict:
        user = self.context["request"].user
        if not user.leads_people:  # a manager's own list goes into his own work
            attrs["owner"] = user
        owner = attrs.get("owner")
        if owner is not None and not assignable_owners(user).filter(pk=owner.pk).exists():
            raise serializers.ValidationError({"owner": "This manager is outside your department."})
        return attrs


class DealItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = DealItem
        fields = ["id", "product", "quantity", "unit_price", "discount_percent", "vat_percent",
                  "amount"]  # fmt: skip
        read_only_fields = ["vat_percent", "amount"]
        extra_kwargs = {"unit_price": {"required": False, "allow_null": True,
                                       "help_text": "Empty: from the deal's price list."}}  # fmt: skip


class DealSerializer(serializers.ModelSerializer):
    items = DealItemSerializer(many=True, read_only=True)
    company = serializers.PrimaryKeyRelatedField(queryset=Company.objects.all())

    class Meta:
        model = Deal
        fields = ["id", "company", "title", "owner", "state", "status", "currency", "amount",
                  "expected_close", "probability", "lost_reason", "lost_note", "created_at",
                  "closed_at", "items"]  # fmt: skip
        read_only_fields = ["owner", "state", "status", "currency", "amount", "lost_reason",
                            "lost_note", "created_at", "closed_at"]  # fmt: skip

    def validate_company(self, value: Company) -> Company:
        if not editable_companies(self.context["request"].user).filter(pk=value.pk).exists():
            raise serializers.ValidationError("This company is not yours to change.")
        return value


class DocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Document
        fields = ["id", "deal", "kind", "number", "version", "language", "issued_by",
                  "issued_at", "signed_at"]  # fmt: skip


class IssueSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    language = serializers.ChoiceField(choices=["ru", "en"], default="ru")


class InvoiceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Invoice
        fields = ["id", "deal", "number", "issued_on", "due_on", "amount", "paid", "currency"]


class PaymentInputSerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    paid_on = serializers.DateField()
    refund = serializers.BooleanField(default=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


class SegmentationRunSerializer(serializers.ModelSerializer):
    summary = serializers.SerializerMethodField(
        help_text="Clients and revenue by class, returns: over the clients you may read."
    )

    class Meta:
        model = SegmentationRun
        fields = ["id", "as_of", "days", "criteria", "created_at", "summary"]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_summary(self, run: SegmentationRun) -> dict:
        # Never the stored summary by default: it counts every department's clients.
        return self.context["summaries"][run.pk]


class PlanLineSerializer(serializers.ModelSerializer):
    level = serializers.CharField(read_only=True)

    class Meta:
        model = PlanLine
        fields = ["id", "level", "department", "user", *Metric.values]


class SalesPlanSerializer(serializers.ModelSerializer):
    lines = PlanLineSerializer(many=True, read_only=True)

    class Meta:
        model = SalesPlan
        fields = ["id", "kind", "starts_on", "ends_on", "status", "by_day", "approved_by",
                  "approved_at", "lines"]  # fmt: skip


class ProgressSerializer(serializers.Serializer):
    plan = serializers.DecimalField(max_digits=16, decimal_places=2)
    expected = serializers.DecimalField(max_digits=16, decimal_places=2)
    fact = serializers.DecimalField(max_digits=16, decimal_places=2)
    week_plan = serializers.DecimalField(max_digits=16, decimal_places=2)
    week_fact = serializers.DecimalField(max_digits=16, decimal_places=2)
    run_rate = serializers.DecimalField(max_digits=16, decimal_places=2)
    with_pipeline = serializers.DecimalField(max_digits=16, decimal_places=2)
    percent_of_pace = serializers.DecimalField(max_digits=8, decimal_places=0)
    behind = serializers.BooleanField()


class LineProgressSerializer(serializers.Serializer):
    line = PlanLineSerializer()
    behind = serializers.ListField(child=serializers.CharField())
    metrics = serializers.DictField(child=ProgressSerializer())
