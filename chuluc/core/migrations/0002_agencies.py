from django.db import migrations

from chuluc.core.reference import AGENCIES


def load(apps, schema_editor):
    Agency = apps.get_model("core", "Agency")
    for code, name, short_name, is_lead in AGENCIES:
        Agency.objects.update_or_create(
            code=code, defaults={"name": name, "short_name": short_name, "is_lead": is_lead}
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
