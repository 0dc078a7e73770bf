"""A deal's documents through the API: issued through the deal (POST /deals/{id}/documents/),
as on the deal's page."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from otdel.apiutils import apply, validated
from otdel.deals import api as deals_api

from . import services
from .models import Document, DocumentKind


class DocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Document
        fields = [
            "id",
            "deal",
            "kind",
            "number",
            "version",
            "language",
            "issued_by",
            "issued_at",
            "signed_at",
        ]


class IssueSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    language = serializers.ChoiceField(choices=["ru", "en"], default="ru")


# documents sits above deals, so it adds its action to the deals' API (registered in its place
# in otdel/api/urls.py) rather than deals naming documents. The docstring is the API's text.
class DealViewSet(deals_api.DealViewSet):
    """Deals of the companies the caller sees. Lines, documents and payments go through the
    actions; a change the rules refuse (a discount over the limit, a payment above the
    invoice) answers 409 with the reason."""

    @extend_schema(request=IssueSerializer, responses={201: DocumentSerializer})
    @action(detail=True, methods=["post"])
    def documents(self, request, pk=None):
        deal = self._editable()
        data = validated(IssueSerializer, request)
        document = apply(
            services.document_issue,
            deal=deal,
            kind=data["kind"],
            language=data["language"],
            acting_user=request.user,
        )
        return Response(DocumentSerializer(document).data, status=201)
