from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import generics, mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from otdel.algorithm import selectors, services
from otdel.algorithm.models import Activity
from otdel.algorithm.services import RuleRefused
from otdel.base import services as base_services
from otdel.base.filtersets import CompanyFilter
from otdel.base.models import Company, Contact, Email, Phone
from otdel.base.selectors import access_company, editable_companies, visible_companies
from otdel.billing import services as billing_services
from otdel.billing.models import Invoice
from otdel.billing.selectors import may_register_payments
from otdel.deals import services as deal_services
from otdel.deals.models import Deal
from otdel.deals.selectors import visible_deals
from otdel.documents import services as document_services
from otdel.org.models import Department
from otdel.org.rules import may_assign_owners
from otdel.org.selectors import scope_of_user, visible_users
from otdel.plans import services as plan_services
from otdel.plans.models import SalesPlan
from otdel.plans.selectors import (
    may_edit_plans,
    plan_progress,
    visible_lines,
    visible_plan_lines,
)
from otdel.prospecting.files import FileRejected, check_size
from otdel.prospecting.models import ImportBatch
from otdel.prospecting.selectors import access_batch, visible_batches
from otdel.prospecting.services import preview_import, start_import
from otdel.segments.handoff import run_handoff
from otdel.segments.models import SegmentationRun
from otdel.segments.selectors import may_segment_all, run_summaries
from otdel.segments.services import segment

from .serializers import (
    ActivitySerializer,
    AssignSerializer,
    CompanyCreatedSerializer,
    CompanySerializer,
    CompleteSerializer,
    ContactSerializer,
    DealItemSerializer,
    DealSerializer,
    DepartmentSerializer,
    DocumentSerializer,
    ImportBatchSerializer,
    ImportRowSerializer,
    InvoiceSerializer,
    IssueSerializer,
    LineProgressSerializer,
    MergeSerializer,
    MoveSerializer,
    PaymentInputSerializer,
    SalesPlanSerializer,
    SegmentationRunSerializer,
    TriageSerializer,
    UserSerializer,
    WorkItemSerializer,
)

_COMPANY_PHONES = Prefetch("phones", queryset=Phone.objects.filter(contact__isnull=True))
_COMPANY_EMAILS = Prefetch("emails", queryset=Email.objects.filter(contact__isnull=True))


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "archived",
                bool,
                description="true: the archived contacts instead of the current ones.",
            )
        ]
    ),
    destroy=extend_schema(
        description="Archive the contact: he leaves the card and the list, "
        "stays in the base and in the company's history; the head can restore "
        "him from the history on the card."
    ),
)
class ContactViewSet(viewsets.ModelViewSet):
    serializer_class = ContactSerializer
    filterset_fields = ["company"]

    def get_queryset(self) -> QuerySet[Contact]:
        companies = (
            visible_companies(self.request.user)
            if self.request.method in ("GET", "HEAD")
            else editable_companies(self.request.user)
        )
        archived = self.request.query_params.get("archived") in ("true", "1")
        return (
            Contact.objects.filter(company__in=companies, archived_at__isnull=not archived)
            .prefetch_related("phones", "emails")
            .order_by("company_id", "full_name", "pk")
        )

    def perform_destroy(self, instance: Contact) -> None:
        base_services.contact_archive(contact=instance, acting_user=self.request.user)


class UserViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = UserSerializer
    filterset_fields = ["department", "position"]

    def get_queryset(self):
        return visible_users(self.request.user).order_by("username")


class DepartmentViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = DepartmentSerializer
    queryset = Department.objects.order_by("name")


class Refused(APIException):
    """The method does not allow this change now; the detail says why."""

    status_code = 409
    default_detail = "Refused by the rules of the method."


def _apply(call, *args, **kwargs):
    try:
        return call(*args, **kwargs)
    except RuleRefused as error:
        raise Refused(str(error)) from error


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
        return self._work_item(
            _apply(services.company_claim, company=company, manager=request.user)
        )

    @extend_schema(request=MoveSerializer, responses={200: WorkItemSerializer})
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        company = self._company(request, pk, for_edit=True)
        data = _validated(MoveSerializer, request)
        return self._work_item(_apply(services.company_move, company=company,
                                      state=data["state"], acting_user=request.user))  # fmt: skip

    @extend_schema(request=TriageSerializer, responses={200: WorkItemSerializer})
    @action(detail=True, methods=["post"])
    def triage(self, request, pk=None):
        company = self._company(request, pk, for_edit=True)
        data = _validated(TriageSerializer, request)
        return self._work_item(_apply(services.company_triage, company=company,
                                      acting_user=request.user, **data))  # fmt: skip

    @extend_schema(request=AssignSerializer, responses={200: WorkItemSerializer})
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        if not may_assign_owners(scope_of_user(request.user)):
            raise PermissionDenied("Only those who lead managers assign companies.")
        company = self._company(request, pk, for_edit=True)
        data = _validated(AssignSerializer, request)
        return self._work_item(_apply(services.company_assign, company=company,
                                      manager=data["manager"], reason=data["reason"],
                                      acting_user=request.user))  # fmt: skip


def _validated(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data, context={"request": request})
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class _WorkList(generics.ListAPIView):
    serializer_class = WorkItemSerializer
    filter_backends: list = []

    def companies(self) -> QuerySet[Company]:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Company]:
        return selectors.with_next_step(self.companies()).order_by("pk")


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
            raise PermissionDenied("Only those who lead managers see this queue.")
        return selectors.reassignment_queue(self.request.user)


class CallRoundView(_WorkList):
    """Archived and refused-with-follow-up companies whose date to call again has come."""

    def companies(self):
        return selectors.call_round_list(self.request.user)


class ActivityViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ActivitySerializer
    filterset_fields = ["company", "assignee", "kind"]

    def get_queryset(self):
        return Activity.objects.filter(company__in=visible_companies(self.request.user)).order_by(
            "due_at", "pk"
        )

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = _apply(
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
            raise PermissionDenied("This company is read-only for you.")
        data = _validated(CompleteSerializer, request)
        step = data["next_step"]
        next_step = Activity(company=activity.company, assignee=activity.company.owner or request.user,
                             **step) if step else None  # fmt: skip
        _apply(services.activity_complete, activity=activity, result=data["result"],
               acting_user=request.user, next_step=next_step)  # fmt: skip
        return Response(ActivitySerializer(activity).data)


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
        return (
            visible_companies(self.request.user)
            .prefetch_related(_COMPANY_PHONES, _COMPANY_EMAILS, "product_groups")
            .order_by("search_name", "pk")
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
        data = _validated(MergeSerializer, request)
        survivor = access_company(request.user, pk, for_edit=True)
        duplicate = access_company(request.user, data["duplicate"], for_edit=True)
        try:
            base_services.company_merge(survivor=survivor, duplicate=duplicate,
                                        acting_user=request.user, reason=data["reason"])  # fmt: skip
        except base_services.MergeRefused as error:
            raise Refused(str(error)) from error
        return Response(self.get_serializer(self.get_queryset().get(pk=survivor.pk)).data)


class ImportBatchViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):  # fmt: skip
    """Prospect lists (METHOD 4). POST a file to check it against the base (a long one is
    checked by a background job: `job` says so); read each row's outcome at `rows/`; then
    `commit/` imports it, all or nothing."""

    serializer_class = ImportBatchSerializer
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self) -> QuerySet[ImportBatch]:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return ImportBatch.objects.none()
        return visible_batches(self.request.user)

    def perform_create(self, serializer) -> None:
        upload = serializer.validated_data["file"]
        try:
            check_size(upload.name, upload.size)
            batch = preview_import(data=upload.read(), filename=upload.name,
                                   acting_user=self.request.user,
                                   owner=serializer.validated_data.get("owner"),
                                   source=serializer.validated_data.get("source"))  # fmt: skip
        except FileRejected as error:
            raise ValidationError({"file": [str(error)]}) from error
        serializer.instance = batch

    @extend_schema(responses={200: ImportRowSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def rows(self, request, pk=None):
        batch = self.get_object()
        page = self.paginate_queryset(batch.lines.all())
        return self.get_paginated_response(ImportRowSerializer(page, many=True).data)

    @extend_schema(request=None, responses={200: ImportBatchSerializer})
    @action(detail=True, methods=["post"])
    def commit(self, request, pk=None):
        batch = access_batch(request.user, pk, for_change=True)
        batch = _apply(start_import, batch=batch, acting_user=request.user)
        return Response(self.get_serializer(batch).data)


class DealViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                  viewsets.GenericViewSet):  # fmt: skip
    """Deals of the companies the caller sees. Lines, documents and payments go through the
    actions; a change the rules refuse (a discount over the limit, a payment above the
    invoice) answers 409 with the reason."""

    serializer_class = DealSerializer

    def get_queryset(self) -> QuerySet[Deal]:
        return visible_deals(self.request.user).prefetch_related("items").order_by("-pk")

    def _editable(self) -> Deal:
        deal = self.get_object()
        access_company(self.request.user, deal.company_id, for_edit=True)
        return deal

    def perform_create(self, serializer) -> None:
        data = serializer.validated_data
        serializer.instance = _apply(
            deal_services.deal_create, company=data["company"], title=data["title"],
            owner=data["company"].owner or self.request.user, acting_user=self.request.user,
            expected_close=data.get("expected_close"), probability=data.get("probability", 50),
        )  # fmt: skip

    @extend_schema(request=DealItemSerializer, responses={201: DealItemSerializer})
    @action(detail=True, methods=["post"])
    def lines(self, request, pk=None):
        deal = self._editable()
        data = _validated(DealItemSerializer, request)
        item = _apply(deal_services.deal_add_item, deal=deal, product=data["product"],
                      quantity=data["quantity"], unit_price=data.get("unit_price"),
                      discount_percent=data.get("discount_percent", 0), acting_user=request.user)  # fmt: skip
        return Response(DealItemSerializer(item).data, status=201)

    @extend_schema(request=IssueSerializer, responses={201: DocumentSerializer})
    @action(detail=True, methods=["post"])
    def documents(self, request, pk=None):
        deal = self._editable()
        data = _validated(IssueSerializer, request)
        document = _apply(document_services.document_issue, deal=deal, kind=data["kind"],
                          language=data["language"], acting_user=request.user)  # fmt: skip
        return Response(DocumentSerializer(document).data, status=201)


class InvoiceViewSet(viewsets.ReadOnlyModelViewSet):
    """Invoices still to be paid and paid, of the deals the caller sees. Payments and refunds
    (`payments/`) are registered by the positions with that right, never by the deal's manager
    or the client's hunter: 403 with the reason."""

    serializer_class = InvoiceSerializer

    def get_queryset(self) -> QuerySet[Invoice]:
        return Invoice.objects.filter(deal__in=visible_deals(self.request.user)).order_by("pk")

    @extend_schema(
        request=PaymentInputSerializer,
        responses={
            200: InvoiceSerializer,
            403: OpenApiResponse(description="The caller may not register money on this deal"),
        },
    )
    @action(detail=True, methods=["post"])
    def payments(self, request, pk=None):
        invoice = self.get_object()
        if not may_register_payments(request.user, invoice.deal):
            raise PermissionDenied(billing_services.payment_right_message())
        data = _validated(PaymentInputSerializer, request)
        register = (
            billing_services.refund_register
            if data["refund"]
            else billing_services.payment_register
        )
        _apply(register, invoice=invoice, amount=data["amount"], paid_on=data["paid_on"],
               note=data["note"], acting_user=request.user)  # fmt: skip
        invoice.refresh_from_db()
        return Response(InvoiceSerializer(invoice).data)


class SegmentationViewSet(viewsets.ReadOnlyModelViewSet):
    """ABC(D) segmentation runs, latest first (METHOD 7). POST `run/` (those who lead people)
    segments the clients now and hands off those that meet the hand-off rule."""

    serializer_class = SegmentationRunSerializer
    queryset = SegmentationRun.objects.order_by("-created_at", "-pk")

    def _data(self, runs: list[SegmentationRun]) -> list[dict]:
        """The runs with their summaries over the clients the user may read (a department
        head: his departments'), one query for all of them."""
        context = {**self.get_serializer_context(),
                   "summaries": run_summaries(runs, self.request.user)}  # fmt: skip
        return self.get_serializer_class()(runs, many=True, context=context).data

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self._data(list(page or [])))

    def retrieve(self, request, *args, **kwargs):
        return Response(self._data([self.get_object()])[0])

    @extend_schema(request=None, responses={200: SegmentationRunSerializer})
    @action(detail=False, methods=["post"])
    def run(self, request):
        if not may_segment_all(request.user):
            raise PermissionDenied(_("The owner and the head of sales run the segmentation."))
        segment(as_of=timezone.localdate(), criteria="all", acting_user=request.user)
        run_handoff()
        return Response(self._data([self.get_queryset().first()])[0])


class SalesPlanViewSet(viewsets.ReadOnlyModelViewSet):
    """Sales plans with their lines (the company, departments, managers), for those who lead
    people. `progress/` gives plan against fact today for the lines the user sees (a manager:
    his own); POST `approve/` (owner, head of sales) locks a plan, 409 with the reason when a
    figure is given to nobody."""

    serializer_class = SalesPlanSerializer

    def get_queryset(self) -> QuerySet[SalesPlan]:
        lines = Prefetch("lines", queryset=visible_plan_lines(self.request.user))
        plans = SalesPlan.objects.prefetch_related(lines)
        # A manager reads only the progress of his own line.
        leads = getattr(self.request.user, "leads_people", False)
        return plans if leads or self.action == "progress" else plans.none()

    @extend_schema(responses={200: LineProgressSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None)
    def progress(self, request, pk=None):
        plan = self.get_object()
        lines = visible_lines(plan, request.user)
        report = plan_progress(plan, timezone.localdate(), lines=lines) if lines else []
        return Response(LineProgressSerializer(report, many=True).data)

    @extend_schema(
        request=None,
        responses={
            200: SalesPlanSerializer,
            409: OpenApiResponse(
                description="Refused: a figure is given to nobody, or it is locked"
            ),
        },
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        if not may_edit_plans(request.user):
            raise PermissionDenied("The owner and the head of sales approve plans.")
        plan = _apply(plan_services.plan_approve, plan=self.get_object(), acting_user=request.user)
        return Response(self.get_serializer(SalesPlan.objects.get(pk=plan.pk)).data)
