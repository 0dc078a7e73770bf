from django.contrib import admin

from otdel.admin_views import ViewOnlyAdmin

from .models import GroupRate, MonthPlan, PayAssignment, PayScheme


class GroupRateInline(admin.TabularInline):
    model = GroupRate
    extra = 0


@admin.register(PayScheme)
class PaySchemeAdmin(admin.ModelAdmin):
    list_display = ["name", "base_salary", "new_percent", "repeat_percent"]
    inlines = [GroupRateInline]


@admin.register(PayAssignment)
class PayAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "scheme", "since"]


@admin.register(MonthPlan)
class MonthPlanAdmin(ViewOnlyAdmin):
    """A manager's monthly plan is written by approving the sales plan (Plans), which checks
    that the figures add up and keeps the plan's history."""

    list_display = ["user", "since", "revenue", "activities"]
