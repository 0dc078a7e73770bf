from django.contrib import admin

from .models import ClientStep


@admin.register(ClientStep)
class ClientStepAdmin(admin.ModelAdmin):
    list_display = ("position", "name", "name_en", "kind", "interval_days")
    list_display_links = ("name",)
    ordering = ("position", "pk")
