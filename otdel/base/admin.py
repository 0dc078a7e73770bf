from django.contrib import admin

from . import services
from .models import Category, Segment, SizeRule, Source


@admin.register(Segment)
class NamedItemAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "work_days"]
    search_fields = ["name"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(SizeRule)
class SizeRuleAdmin(admin.ModelAdmin):
    list_display = ["tag", "priority", "min_employees", "min_annual_revenue", "min_expected_volume"]

    # A change of the size definition re-tags the whole base, with history (METHOD 2).
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.size_tags_recompute(acting_user=request.user)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        services.size_tags_recompute(acting_user=request.user)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        services.size_tags_recompute(acting_user=request.user)
