"""Deals through the API, with their lines (documents are issued through the deal by the
documents app's DealViewSet, which extends this one)."""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from otdel.apiutils import NewestFirst, apply, validated
from otdel.base.models import Company
from otdel.base.selectors import access_company, editable_companies

from . import services
from .models import Deal, DealItem
from .selectors import visible_deals


class DealItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = DealItem
        fields = [
            "id",
            "product",
            "quantity",
            "unit_price",
            "discount_percent",
            "vat_percent",
            "amount",
        ]
        read_only_fields = ["vat_percent", "amount"]
        extra_kwargs = {
            "unit_price": {
                "required": False,
                "allow_null": True,
                "help_text": "Empty: from the deal's price list.",
            }
        }


class DealSerializer(serializers.ModelSerializer):
    items = DealItemSerializer(many=True, read_only=True)
    company = serializers.PrimaryKeyRelatedField(queryset=Company.objects.all())

    class Meta:
        model = Deal
        fields = [
            "id",
            "company",
            "title",
            "owner",
            "state",
            "status",
            "currency",
            "amount",
            "expected_close",
            "probability",
            "lost_reason",
            "lost_note",
            "created_at",
            "closed_at",
            "items",
        ]
        read_only_fields = [
            "owner",
            "state",
            "status",
            "currency",
            "amount",
            "lost_reason",
            "lost_note",
            "created_at",
            "closed_at",
        ]

    def validate_company(self, value: Company) -> Company:
        if not editable_companies(self.context["request"].user).filter(pk=value.pk).exists():
            raise serializers.ValidationError("This company is not yours to change.")
        return value


class DealViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Deals of the companies the caller sees. Lines, documents and payments go through the
    actions; a change the rules refuse (a discount over the limit, a payment above the
    invoice) answers 409 with the reason."""

    serializer_class = DealSerializer
    pagination_class = NewestFirst

    def get_queryset(self) -> QuerySet[Deal]:
        return visible_deals(self.request.user).prefetch_related("items")

    def _editable(self) -> Deal:
        deal = self.get_object()
        access_company(self.request.user, deal.company_id, for_edit=True)
        return deal

    def perform_create(self, serializer) -> None:
        data = serializer.validated_data
        serializer.instance = apply(
            services.deal_create,
            company=data["company"],
            title=data["title"],
            owner=data["company"].owner,
            acting_user=self.request.user,
            expected_close=data.get("expected_close"),
            probability=data.get("probability", 50),
        )

    @extend_schema(request=DealItemSerializer, responses={201: DealItemSerializer})
    @action(detail=True, methods=["post"])
    def lines(self, request, pk=None):
        deal = self._editable()
        data = validated(DealItemSerializer, request)
        item = apply(
            services.deal_add_item,
            deal=deal,
            product=data["product"],
            quantity=data["quantity"],
            unit_price=data.get("unit_price"),
            discount_percent=data.get("discount_percent", 0),
            acting_user=request.user,
        )
        return Response(DealItemSerializer(item).data, status=201)
