"""ABC(D) segmentation runs through the API (METHOD 7)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from otdel.apiutils import NewestFirst

from .models import SegmentationRun
from .selectors import may_segment_all, run_summaries
from .services import run_handoff, segment


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


class SegmentationViewSet(viewsets.ReadOnlyModelViewSet):
    """ABC(D) segmentation runs, latest first (METHOD 7). POST `run/` (the owner and the head of sales, who answer for the whole base)
    segments the clients now and hands off those that meet the hand-off rule."""

    serializer_class = SegmentationRunSerializer
    queryset = SegmentationRun.objects.order_by("-pk")
    pagination_class = NewestFirst

    def _data(self, runs: list[SegmentationRun]) -> list[dict]:
        """The runs with their summaries over the clients the user may read (a department
        head: his departments'), one query for all of them."""
        context = {
            **self.get_serializer_context(),
            "summaries": run_summaries(runs, self.request.user),
        }
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
