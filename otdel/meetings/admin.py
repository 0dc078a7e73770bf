from django.contrib import admin

from .models import CallChecklist


@admin.register(CallChecklist)
class CallChecklistAdmin(admin.ModelAdmin):
    """One row: the items every reviewed call is scored by."""

    def has_add_permission(self, request):
        return not CallChecklist.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
