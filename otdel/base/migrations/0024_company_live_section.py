"""A section's list counts its live companies from an index; the companies' creation index
went with the funnel's anti-join (every company has a stay now: 0023)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("base", "0023_company_stay_opening"),
        ("catalog", "0005_accountant_position"),
        ("org", "0006_apitoken_loginevent"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="company",
            name="company_created",
        ),
        migrations.AddIndex(
            model_name="company",
            index=models.Index(
                condition=models.Q(("merged_into__isnull", True)),
                fields=["section", "id"],
                name="company_live_section",
            ),
        ),
    ]
