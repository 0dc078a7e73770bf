"""What the Settings pages (the Django admin) may show but never change."""

from django.contrib import admin


class ViewOnlyAdmin(admin.ModelAdmin):
    """Rows written only by their service (with its checks and history) are shown in Settings
    for reference; adding, editing or deleting them there would walk round the method."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
