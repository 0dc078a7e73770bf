"""Prospect lists through the API (METHOD 4): check a file against the base, read each row's
outcome, import it."""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from otdel.apiutils import KeysetPagination, NewestFirst, apply
from otdel.org.models import User
from otdel.org.rules import sells
from otdel.org.selectors import assignable_owners
from otdel.recorded import shown

from .files import FileRejected, check_size
from .models import ImportBatch, ImportRow
from .selectors import access_batch, visible_batches
from .services import batch_preview, batch_start_commit


class ImportRowSerializer(serializers.ModelSerializer):
    reason = serializers.SerializerMethodField()

    class Meta:
        model = ImportRow
        fields = ["number", "name", "outcome", "company", "score", "reason"]

    def get_reason(self, row: ImportRow) -> str:
        """The kept reason in the reader's language."""
        return shown(row.reason)


class ImportBatchSerializer(serializers.ModelSerializer):
    file = serializers.FileField(write_only=True, help_text="CSV or XLSX with a header row.")
    owner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        help_text="Into whose working list the new companies go (a manager: himself).",
    )

    class Meta:
        model = ImportBatch
        fields = [
            "id",
            "file",
            "filename",
            "created_by",
            "created_at",
            "source",
            "owner",
            "file_sha256",
            "mapping",
            "job",
            "error",
            "committed",
            "rows",
            "created",
            "merged",
            "conflicts",
            "rejected",
        ]
        read_only_fields = [f for f in fields if f not in ("file", "source", "owner")]

    def validate(self, attrs: dict) -> dict:
        user = self.context["request"].user
        if not user.leads_people:  # a manager's own list goes into his own work, or "to call"
            attrs["owner"] = user if sells(user.position) else None
        owner = attrs.get("owner")
        if owner is not None and not assignable_owners(user).filter(pk=owner.pk).exists():
            raise serializers.ValidationError({"owner": "This manager is outside your department."})
        return attrs


class InFileOrder(KeysetPagination):
    """A list's rows as in its file: the row number is unique within the list (and indexed)."""

    ordering = "number"


class ImportBatchViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Prospect lists (METHOD 4). POST a file to check it against the base (a long one is
    checked by a background job: `job` says so); read each row's outcome at `rows/`; then
    `commit/` imports it, all or nothing."""

    serializer_class = ImportBatchSerializer
    pagination_class = NewestFirst
    # A file comes only as multipart (a form's plain encoding cannot carry one); commit/ takes
    # no body.
    parser_classes = [MultiPartParser]

    def get_queryset(self) -> QuerySet[ImportBatch]:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return ImportBatch.objects.none()
        return visible_batches(self.request.user)

    def perform_create(self, serializer) -> None:
        upload = serializer.validated_data["file"]
        try:
            check_size(upload.name, upload.size)
            batch = batch_preview(
                data=upload.read(),
                filename=upload.name,
                acting_user=self.request.user,
                owner=serializer.validated_data.get("owner"),
                source=serializer.validated_data.get("source"),
            )
        except FileRejected as error:
            raise ValidationError({"file": [str(error)]}) from error
        serializer.instance = batch

    @extend_schema(responses={200: ImportRowSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=InFileOrder)
    def rows(self, request, pk=None):
        batch = self.get_object()
        page = self.paginate_queryset(batch.lines.all())
        return self.get_paginated_response(ImportRowSerializer(page, many=True).data)

    @extend_schema(request=None, responses={200: ImportBatchSerializer})
    @action(detail=True, methods=["post"])
    def commit(self, request, pk=None):
        batch = access_batch(request.user, pk, for_change=True)
        batch = apply(batch_start_commit, batch=batch, acting_user=request.user)
        return Response(self.get_serializer(batch).data)
