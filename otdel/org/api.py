"""The organisation through the API: people (as far as the caller sees them) and departments,
read-only."""

from rest_framework import serializers, viewsets

from otdel.apiutils import KeysetPagination

from .models import Department, User
from .selectors import visible_users


class UserSerializer(serializers.ModelSerializer):
    full_name = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "position", "department", "matrix_leader"]


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "name", "kind", "head"]


class ByUsername(KeysetPagination):
    ordering = "username"  # unique, as a cursor needs


class ByName(KeysetPagination):
    ordering = "name"  # a department's name is unique


class UserViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = UserSerializer
    pagination_class = ByUsername
    filterset_fields = ["department", "position"]

    def get_queryset(self):
        return visible_users(self.request.user)


class DepartmentViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = DepartmentSerializer
    pagination_class = ByName
    queryset = Department.objects.all()
