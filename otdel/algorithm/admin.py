from django.contrib import admin

from .models import Activity, RuleSettings


@admin.register(RuleSettings)
class RuleSettingsAdmin(admin.ModelAdmin):
    """One row: the limits of the method for the whole company."""

    def has_add_permission(self, request):
        return not RuleSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["company", "kind", "subject", "due_at", "done_at", "assignee"]
    list_filter = ["kind", "done_at"]
    list_select_related = ["company", "assignee"]
    raw_id_fields = ["company"]
    search_fields = ["subject", "company__legal_name"]
