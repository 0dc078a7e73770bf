from django.contrib import admin

from otdel.admin_views import ViewOnlyAdmin
from otdel.stages.models import Stage, Transition

from .models import Activity, AlgorithmVersion, PlaybookStep, RefusalReason, RuleSettings
from .services import algorithm_snapshot


class VersionedAdmin(admin.ModelAdmin):
    """Every change of the algorithm's settings is kept as a new version."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        algorithm_snapshot(acting_user=request.user)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        algorithm_snapshot(acting_user=request.user)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        algorithm_snapshot(acting_user=request.user)


@admin.register(RuleSettings)
class RuleSettingsAdmin(VersionedAdmin):
    """One row: the limits of the method for the whole company."""

    def has_add_permission(self, request):
        return not RuleSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class TransitionInline(admin.TabularInline):
    model = Transition
    fk_name = "source"
    extra = 1


@admin.register(Stage)
class StageAdmin(VersionedAdmin):
    """The head names, orders and connects the stages; the kind tells the rules what a stage
    means (a deal stops the clock, a client leaves the working list)."""

    list_display = ["position", "name", "name_en", "code", "kind"]
    list_display_links = ["name"]
    list_editable = ["position"]
    inlines = [TransitionInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        algorithm_snapshot(acting_user=request.user)


@admin.register(PlaybookStep)
class PlaybookStepAdmin(VersionedAdmin):
    list_display = ["state", "actions", "materials"]


@admin.register(RefusalReason)
class RefusalReasonAdmin(VersionedAdmin):
    list_display = ["name", "section", "active"]
    list_filter = ["section", "active"]


@admin.register(AlgorithmVersion)
class AlgorithmVersionAdmin(admin.ModelAdmin):
    list_display = ["number", "author", "created_at"]
    readonly_fields = ["number", "snapshot", "author", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Activity)
class ActivityAdmin(ViewOnlyAdmin):
    """Activities are planned and closed on the card or through the API (activity_plan,
    activity_complete: the next step, the task's assignee)."""

    list_display = ["company", "kind", "subject", "due_at", "done_at", "assignee"]
    list_filter = ["kind", "done_at"]
    list_select_related = ["company", "assignee"]
    raw_id_fields = ["company"]
    search_fields = ["subject", "company__legal_name"]
