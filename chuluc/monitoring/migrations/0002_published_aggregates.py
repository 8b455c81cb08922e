"""Load the published yearly results (data/published_results.yaml) as PublishedAggregate
rows. Reversible: the rows are removed again."""

from django.db import migrations


def load(apps, schema_editor):
    from chuluc.monitoring.published import read_published_rows

    model = apps.get_model("monitoring", "PublishedAggregate")
    for row in read_published_rows():
        model.objects.update_or_create(year=row["year"], label=row["label"], defaults=row)


def unload(apps, schema_editor):
    apps.get_model("monitoring", "PublishedAggregate").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
