from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from otdel.admin_views import ViewOnlyAdmin

from .models import Department, SettingsChange, Territory, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "position", "department", "is_active"]
    list_filter = ["position", "department", "is_active"]
    list_select_related = ["department"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (
            _("Place in the department"),
            {
                "fields": [
                    "position",
                    "department",
                    "matrix_leader",
                    "territories",
                    "product_groups",
                ]
            },
        ),
        (_("Interface"), {"fields": ["language"]}),
    )
    filter_horizontal = ["territories", "product_groups", "groups", "user_permissions"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "head", "working_list_cap"]
    list_select_related = ["head"]


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(SettingsChange)
class SettingsChangeAdmin(ViewOnlyAdmin):
    """The log is written by the Settings services only (org.services.settings_row_save)."""

    list_display = ["at", "author", "section", "subject"]
    list_filter = ["section"]
    list_select_related = ["author"]
