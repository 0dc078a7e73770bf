"""Contacts through the API, and the phone and e-mail lists that companies and contacts share.

The company endpoint (/companies/) is assembled in algorithm/api.py from these pieces: a company
made by hand enters like a claim (algorithm.services.company_create_by_hand), its state is a
stage of the algorithm, and its owner, state and section change only through the algorithm's
actions (claim, move, triage, assign). Its serializer and viewset therefore need the algorithm,
which sits above base; kept here they would make base import algorithm.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, serializers, viewsets

from . import services
from .models import Company, Contact
from .selectors import access_company, editable_companies, visible_companies
from .validation import clean_emails, clean_phones


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


class ContactSerializer(PhonesEmailsSerializer, serializers.ModelSerializer):
    class Meta:
        model = Contact
        fields = [
            "id",
            "company",
            "full_name",
            "job_title",
            "is_decision_maker",
            "note",
            "phones",
            "emails",
        ]
        extra_kwargs = {
            "company": {
                "help_text": "A company you may change; a contact stays with it (an edit sends "
                "the same company, any other answers 400)."
            }
        }

    def validate_company(self, value: Company) -> Company:
        if self.instance is not None and value.pk != self.instance.company_id:
            raise serializers.ValidationError(
                "A contact stays with its company: archive it here and add it there."
            )
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


class MergeSerializer(serializers.Serializer):
    duplicate = serializers.IntegerField(help_text="Number of the company merged into this one.")
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")


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
        archived = self.request.query_params.get("archived") in ("true", "1")
        return Contact.objects.filter(
            company__in=visible_companies(self.request.user), archived_at__isnull=not archived
        ).prefetch_related("phones", "emails")

    def get_object(self) -> Contact:
        # A contact of a company the user may only read is there for him (403 on a write),
        # one he may not read is not (404), as for the company itself.
        contact = super().get_object()
        if self.request.method not in permissions.SAFE_METHODS:
            access_company(self.request.user, contact.company_id, for_edit=True)
        return contact

    def perform_destroy(self, instance: Contact) -> None:
        services.contact_archive(contact=instance, acting_user=self.request.user)
