from django.db.models import Prefetch, QuerySet
from rest_framework import mixins, viewsets

from otdel.base.filtersets import CompanyFilter
from otdel.base.models import Company, Contact, Email, Phone
from otdel.base.selectors import access_company, editable_companies, visible_companies
from otdel.org.models import Department
from otdel.org.selectors import visible_users

from .serializers import (
    CompanySerializer,
    ContactSerializer,
    DepartmentSerializer,
    UserSerializer,
)

_COMPANY_PHONES = Prefetch("phones", queryset=Phone.objects.filter(contact__isnull=True))
_COMPANY_EMAILS = Prefetch("emails", queryset=Email.objects.filter(contact__isnull=True))


class CompanyViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Companies of the client base the caller may see. Companies are merged, never deleted."""

    serializer_class = CompanySerializer
    filterset_class = CompanyFilter

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


class ContactViewSet(viewsets.ModelViewSet):
    serializer_class = ContactSerializer
    filterset_fields = ["company"]

    def get_queryset(self) -> QuerySet[Contact]:
        companies = (
            visible_companies(self.request.user)
            if self.request.method in ("GET", "HEAD")
            else editable_companies(self.request.user)
        )
        return (
            Contact.objects.filter(company__in=companies)
            .prefetch_related("phones", "emails")
            .order_by("company_id", "full_name", "pk")
        )


class UserViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = UserSerializer
    filterset_fields = ["department", "position"]

    def get_queryset(self):
        return visible_users(self.request.user).order_by("username")


class DepartmentViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = DepartmentSerializer
    queryset = Department.objects.order_by("name")
