"""Invoices through the API, and the payments and refunds registered on them."""

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from otdel.apiutils import apply, validated
from otdel.deals.selectors import visible_deals

from . import services
from .models import Invoice
from .selectors import may_register_payments, payment_right_message


class InvoiceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Invoice
        fields = ["id", "deal", "number", "issued_on", "due_on", "amount", "paid", "currency"]


class PaymentInputSerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    paid_on = serializers.DateField()
    refund = serializers.BooleanField(default=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


class InvoiceViewSet(viewsets.ReadOnlyModelViewSet):
    """Invoices still to be paid and paid, of the deals the caller sees. Payments and refunds
    (`payments/`) are registered by the positions with that right, never by the deal's manager
    or the client's hunter: 403 with the reason."""

    serializer_class = InvoiceSerializer

    def get_queryset(self) -> QuerySet[Invoice]:
        return Invoice.objects.filter(deal__in=visible_deals(self.request.user))

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
            raise PermissionDenied(payment_right_message())
        data = validated(PaymentInputSerializer, request)
        register = services.refund_register if data["refund"] else services.payment_register
        apply(
            register,
            invoice=invoice,
            amount=data["amount"],
            paid_on=data["paid_on"],
            note=data["note"],
            acting_user=request.user,
        )
        invoice.refresh_from_db()
        return Response(InvoiceSerializer(invoice).data)
