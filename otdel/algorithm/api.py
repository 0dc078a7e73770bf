"""The algorithm through the API: the company endpoint with its moves (claim, move, triage,
assign) and merge, activities, and the working list and queues.

The company endpoint lives here rather than in base/api.py because each of its parts needs the
algorithm: a company made by hand enters like a claim (services.company_create_by_hand), its
state is validated against the configured stages, and owner, state and section change only
through the actions below. Base would otherwise import algorithm (an arrow running up the
layers); here it is assembled from base's pieces (the phone/e-mail lists, the merge input, the
filter) and keeps its URLs and route names (company-list, company-claim, ...) as one viewset.
"""

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from otdel.apiutils import DateTimeField, Refused, apply, validated
from otdel.base import services as base_services
from otdel.base.api import MergeSerializer, PhonesEmailsSerializer
from otdel.base.filtersets import CompanyFilter
from otdel.base.models import Company, Email, Phone, Section
from otdel.base.selectors import access_company, editable_companies, visible_companies
from otdel.base.services import ALGORITHM_FIELDS
from otdel.base.validation import algorithm_field_errors, clean_tax_ids, legal_form_errors
from otdel.org.models import User
from otdel.org.rules import may_assign_owners
from otdel.org.selectors import assignable_owners, scope_of_user, task_assignees
from otdel.stages import config
from otdel.stages.models import StageKind

from . import rules, selectors, services
from .models import Activity, ActivityKind, RefusalReason
from .services import Outcome, Placed, company_create_by_hand

_MOVED = (
    "Changes only through the company's actions (%s); an edit may send the value it has now, "
    "any other answers 400."
)


class CompanySerializer(PhonesEmailsSerializer, serializers.ModelSerializer):
    owner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        help_text="A new company's owner (yourself, or a manager you may assign to); after that "
        "it changes only through assign/, and an edit may send the owner it has now.",
    )
    reason = serializers.CharField(write_only=True, required=False, allow_blank=True)
    full_legal_name = serializers.CharField(
        read_only=True,
        help_text="The name with its legal form, as people write it: ООО «Альфа», Alfa SRL. "
        "A form written into legal_name is moved into legal_form when saved.",
    )

    class Meta:
        model = Company
        fields = [
            "id",
            "legal_name",
            "short_name",
            "legal_form",
            "full_legal_name",
            "tax_id_kind",
            "tax_id",
            "kpp",
            "ogrn",
            "website",
            "legal_address",
            "actual_address",
            "category",
            "segment",
            "source",
            "territory",
            "product_groups",
            "employees",
            "annual_revenue",
            "expected_volume",
            "size_tag",
            "size_tag_fixed",
            "section",
            "state",
            "owner",
            "reactivation_date",
            "note",
            "phones",
            "emails",
            "reason",
            "created_at",
            "updated_at",
            "customer_code",
            "abc_class",
            "abc_fixed",
            "potential",
            "hunter",
            "handed_off_at",
        ]
        # Class and hand-off change through their own rules (segments), never by an edit.
        read_only_fields = [
            "created_at",
            "updated_at",
            "abc_class",
            "abc_fixed",
            "hunter",
            "handed_off_at",
        ]
        # Uniqueness is checked with a message naming the other company to those who may see it
        # (clean_tax_ids).
        validators: list = []
        extra_kwargs = {
            "tax_id": {"validators": []},
            "ogrn": {"validators": []},
            "state": {"help_text": "A stage code of the company's algorithm. " + _MOVED % "move/"},
            "section": {"help_text": _MOVED % "triage/"},
            "reactivation_date": {"help_text": _MOVED % "triage/"},
        }

    def validate_state(self, value: str) -> str:
        if value not in {s.code for s in config.current().company_states()}:
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
        sent = {f: getattr(attrs[f], "pk", attrs[f]) for f in ALGORITHM_FIELDS if f in attrs}
        if self.instance is not None:
            current = {
                f: getattr(self.instance, f) for f in ("state", "section", "reactivation_date")
            }
            current["owner"] = self.instance.owner_id
        else:
            # A new company starts at the first stage; where it goes is the placement's (a
            # section other than "to call" is a triage, later).
            sent.pop("owner", None)
            section = attrs.get("section", "")
            current = {
                "state": config.current().first(StageKind.NEW),
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
        errors |= legal_form_errors(attrs, self.instance)
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
            company=Company(**validated_data),
            acting_user=self.context["request"].user,
            owner=owner,
            phones=phones,
            emails=emails,
            product_groups=groups,
        )
        company = placement.company
        company.placed, company.placement_note = placement.placed, placement.note
        return company

    def update(self, instance: Company, validated_data: dict) -> Company:
        phones = validated_data.pop("phones", None)
        emails = validated_data.pop("emails", None)
        groups = validated_data.pop("product_groups", None)
        reason = validated_data.pop("reason", "")
        changes = {
            k: v
            for k, v in validated_data.items()
            if k not in ALGORITHM_FIELDS and getattr(instance, k) != v
        }
        return base_services.company_update(
            company=instance.pk,
            acting_user=self.context["request"].user,
            changes=changes,
            phones=phones,
            emails=emails,
            product_groups=groups,
            reason=reason,
        )


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
    full_legal_name = serializers.CharField(read_only=True)
    next_step_due = DateTimeField(read_only=True, allow_null=True)
    next_step_subject = serializers.CharField(read_only=True, allow_null=True)

    class Meta:
        model = Company
        fields = [
            "id",
            "legal_name",
            "legal_form",
            "full_legal_name",
            "short_name",
            "state",
            "section",
            "owner",
            "work_deadline",
            "days_left",
            "triage_since",
            "reassign_due_since",
            "call_round_since",
            "reactivation_date",
            "next_step_due",
            "next_step_subject",
        ]

    def get_days_left(self, company: Company) -> int | None:
        return rules.work_days_left(
            company.work_deadline,
            timezone.localdate(),
            deal_stopped=company.state in config.current().deal,
        )


class ActivitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Activity
        fields = [
            "id",
            "company",
            "kind",
            "subject",
            "due_at",
            "done_at",
            "result",
            "assignee",
            "author",
            "created_at",
        ]
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
        if not selectors.may_plan_activities(user, value):
            raise serializers.ValidationError("This company is read-only for you.")
        return value

    def validate(self, attrs: dict) -> dict:
        user, assignee = self.context["request"].user, attrs.get("assignee")
        company = attrs.get("company")
        allowed = task_assignees(user, company_owner_id=company.owner_id if company else None)
        if assignee is not None and not allowed.filter(pk=assignee.pk).exists():
            raise serializers.ValidationError({"assignee": "You may not set tasks for this user."})
        return attrs


class NextStepSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ActivityKind.choices)
    subject = serializers.CharField(max_length=300)
    due_at = DateTimeField()


class CompleteSerializer(serializers.Serializer):
    result = serializers.CharField()
    next_step = NextStepSerializer(required=False, allow_null=True, default=None)


_COMPANY_PHONES = Prefetch("phones", queryset=Phone.objects.filter(contact__isnull=True))
_COMPANY_EMAILS = Prefetch("emails", queryset=Email.objects.filter(contact__isnull=True))


class CompanyActionsMixin:
    """The algorithm's moves on a company: claim, move, triage, assign."""

    def _company(self, request, pk, *, for_edit: bool) -> Company:
        return access_company(request.user, pk, for_edit=for_edit)

    def _work_item(self, company: Company) -> Response:
        item = selectors.with_next_step(Company.objects.filter(pk=company.pk)).get()
        return Response(WorkItemSerializer(item).data)

    @extend_schema(request=None, responses={200: WorkItemSerializer})
    @action(detail=True, methods=["post"])
    def claim(self, request, pk=None):
        """Take a free company into the caller's working list (the cap and triage apply)."""
        company = self._company(request, pk, for_edit=False)
        return self._work_item(apply(services.company_claim, company=company, manager=request.user))

    @extend_schema(request=MoveSerializer, responses={200: WorkItemSerializer})
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        company = self._company(request, pk, for_edit=True)
        data = validated(MoveSerializer, request)
        return self._work_item(
            apply(
                services.company_move,
                company=company,
                state=data["state"],
                acting_user=request.user,
            )
        )

    @extend_schema(request=TriageSerializer, responses={200: WorkItemSerializer})
    @action(detail=True, methods=["post"])
    def triage(self, request, pk=None):
        company = self._company(request, pk, for_edit=True)
        data = validated(TriageSerializer, request)
        return self._work_item(
            apply(services.company_triage, company=company, acting_user=request.user, **data)
        )

    @extend_schema(request=AssignSerializer, responses={200: WorkItemSerializer})
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        if not may_assign_owners(scope_of_user(request.user)):
            raise PermissionDenied(_("Only those who lead managers assign companies."))
        company = self._company(request, pk, for_edit=True)
        data = validated(AssignSerializer, request)
        return self._work_item(
            apply(
                services.company_assign,
                company=company,
                manager=data["manager"],
                reason=data["reason"],
                acting_user=request.user,
            )
        )


class CompanyViewSet(
    CompanyActionsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Companies of the client base the caller may see. Companies are merged, never deleted."""

    serializer_class = CompanySerializer
    filterset_class = CompanyFilter

    def get_serializer_class(self):
        return CompanyCreatedSerializer if self.action == "create" else CompanySerializer

    def get_queryset(self) -> QuerySet[Company]:
        return visible_companies(self.request.user).prefetch_related(
            _COMPANY_PHONES, _COMPANY_EMAILS, "product_groups"
        )

    def get_object(self) -> Company:
        pk = self.kwargs["pk"]
        access_company(self.request.user, pk, for_edit=self.request.method not in ("GET", "HEAD"))
        return super().get_object()

    @extend_schema(request=MergeSerializer, responses={200: CompanySerializer})
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        """Merge the duplicate into this company (both must be the caller's to change):
        contacts, activities and history move here; the duplicate's address redirects."""
        data = validated(MergeSerializer, request)
        survivor = access_company(request.user, pk, for_edit=True)
        duplicate = access_company(request.user, data["duplicate"], for_edit=True)
        try:
            base_services.company_merge(
                survivor=survivor,
                duplicate=duplicate,
                acting_user=request.user,
                reason=data["reason"],
            )
        except base_services.MergeRefused as error:
            raise Refused(str(error)) from error
        return Response(self.get_serializer(self.get_queryset().get(pk=survivor.pk)).data)


class ActivityViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ActivitySerializer
    filterset_fields = ["company", "assignee", "kind"]

    def get_queryset(self):
        return Activity.objects.filter(company__in=visible_companies(self.request.user))

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = apply(
            services.activity_plan,
            company=data["company"],
            kind=data["kind"],
            subject=data["subject"],
            due_at=data.get("due_at"),
            assignee=data.get("assignee"),
            acting_user=self.request.user,
        )

    @extend_schema(request=CompleteSerializer, responses={200: ActivitySerializer})
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        """Record the result; a company in active work must get its next step."""
        activity = self.get_object()
        if not editable_companies(request.user).filter(pk=activity.company_id).exists():
            raise PermissionDenied(_("This company is read-only for you."))
        data = validated(CompleteSerializer, request)
        step = data["next_step"]
        next_step = (
            Activity(
                company=activity.company, assignee=activity.company.owner or request.user, **step
            )
            if step
            else None
        )
        apply(
            services.activity_complete,
            activity=activity,
            result=data["result"],
            acting_user=request.user,
            next_step=next_step,
        )
        return Response(ActivitySerializer(activity).data)


class _WorkList(generics.ListAPIView):
    serializer_class = WorkItemSerializer
    filter_backends: list = []

    def companies(self) -> QuerySet[Company]:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Company]:
        return selectors.with_next_step(self.companies())


class WorkingListView(_WorkList):
    """The caller's working list: companies in active work that are not yet clients."""

    def companies(self):
        return selectors.working_list(self.request.user)


class TriageQueueView(_WorkList):
    """The caller's expired companies, waiting to be moved or won."""

    def companies(self):
        return selectors.triage_queue(self.request.user)


class ReassignmentQueueView(_WorkList):
    """Prospects owned past the three-month rule, for those who lead managers."""

    def companies(self):
        if not may_assign_owners(scope_of_user(self.request.user)):
            raise PermissionDenied(_("Only those who lead managers see this queue."))
        return selectors.reassignment_queue(self.request.user)


class CallRoundView(_WorkList):
    """Archived and refused-with-follow-up companies whose date to call again has come."""

    def companies(self):
        return selectors.call_round_list(self.request.user)
