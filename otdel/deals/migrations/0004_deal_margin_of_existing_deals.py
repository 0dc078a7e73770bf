"""The margin of the deals made before it was kept, from their lines at today's cost prices."""

from decimal import Decimal

from django.db import migrations


def fill(apps, schema_editor):
    Deal = apps.get_model("deals", "Deal")
    DealItem = apps.get_model("deals", "DealItem")
    margins: dict[int, Decimal] = {}
    for item in DealItem.objects.select_related("product").iterator():
        cost = item.product.cost_price
        if cost is not None:  # the lines without VAT less their cost, as the deal services do
            net = item.amount * 100 / (100 + item.vat_percent) - item.quantity * cost
            margins[item.deal_id] = margins.get(item.deal_id, Decimal(0)) + net
    deals = list(Deal.objects.filter(pk__in=margins))
    for deal in deals:
        deal.margin = margins[deal.pk].quantize(Decimal("0.01"))
    Deal.objects.bulk_update(deals, ["margin"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("deals", "0003_deal_margin")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
