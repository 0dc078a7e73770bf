from django.contrib import admin

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
class MonthPlanAdmin(admin.ModelAdmin):
    list_display = ["user", "since", "revenue", "activities"]
