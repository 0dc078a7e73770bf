"""Sales plans through the API: their lines, progress against fact, approval."""

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from otdel.apiutils import NewestFirst, apply

from . import services
from .models import Metric, PlanLine, SalesPlan
from .selectors import may_edit_plans, plan_progress, visible_lines, visible_plan_lines


class PlanLineSerializer(serializers.ModelSerializer):
    level = serializers.CharField(read_only=True)

    class Meta:
        model = PlanLine
        fields = ["id", "level", "department", "user", *Metric.values]


class SalesPlanSerializer(serializers.ModelSerializer):
    lines = PlanLineSerializer(many=True, read_only=True)

    class Meta:
        model = SalesPlan
        fields = [
            "id",
            "kind",
            "starts_on",
            "ends_on",
            "status",
            "by_day",
            "approved_by",
            "approved_at",
            "lines",
        ]


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


class SalesPlanViewSet(viewsets.ReadOnlyModelViewSet):
    """Sales plans with their lines (the company, departments, managers), for those who lead
    people. `progress/` gives plan against fact today for the lines the user sees (a manager:
    his own); POST `approve/` (owner, head of sales) locks a plan, 409 with the reason when a
    figure is given to nobody."""

    serializer_class = SalesPlanSerializer
    pagination_class = NewestFirst

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
            raise PermissionDenied(_("The owner and the head of sales approve plans."))
        plan = apply(services.plan_approve, plan=self.get_object(), acting_user=request.user)
        return Response(self.get_serializer(SalesPlan.objects.get(pk=plan.pk)).data)
