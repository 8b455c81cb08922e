"""The dossier's copies of its enterprise's and product's search keys (campaigns.sort_keys),
filled for the dossiers already there."""

from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_keys(apps, schema_editor):
    Dossier = apps.get_model("campaigns", "Dossier")
    Enterprise = apps.get_model("registry", "Enterprise")
    Product = apps.get_model("registry", "Product")
    Dossier.objects.update(
        enterprise_key=Subquery(
            Enterprise.objects.filter(pk=OuterRef("enterprise_id")).values("search_key")[:1]
        ),
        product_key=Subquery(
            Product.objects.filter(pk=OuterRef("product_id")).values("search_key")[:1]
        ),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0002_hanoi_program"),
        ("registry", "0002_reference_data"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="dossier",
            name="enterprise_key",
            field=models.CharField(default="", editable=False, max_length=500),
        ),
        migrations.AddField(
            model_name="dossier",
            name="product_key",
            field=models.CharField(default="", editable=False, max_length=300),
        ),
        migrations.RunPython(copy_keys, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(
                fields=["campaign", "enterprise_key", "product_key", "id"],
                name="dossier_campaign_order",
            ),
        ),
    ]
