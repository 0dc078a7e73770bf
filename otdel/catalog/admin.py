from django.contrib import admin

from .models import DiscountLimit, Price, PriceList, Product, ProductGroup


@admin.register(ProductGroup)
class ProductGroupAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "group", "unit", "vat_percent", "is_active"]
    list_filter = ["group"]
    search_fields = ["code", "name"]


class PriceInline(admin.TabularInline):
    model = Price
    autocomplete_fields = ["product"]
    extra = 0


@admin.register(PriceList)
class PriceListAdmin(admin.ModelAdmin):
    list_display = ["name", "currency", "valid_from", "valid_until"]
    inlines = [PriceInline]


@admin.register(DiscountLimit)
class DiscountLimitAdmin(admin.ModelAdmin):
    list_display = ["position", "max_percent"]
