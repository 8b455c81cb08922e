from django.db import migrations

from chuluc.core.text import search_key
from chuluc.registry.reference import HANOI_DISTRICTS, INDUSTRY_GROUPS


def load(apps, schema_editor):
    District = apps.get_model("registry", "District")
    IndustryGroup = apps.get_model("registry", "IndustryGroup")
    for code, name, kind in HANOI_DISTRICTS:
        District.objects.update_or_create(
            code=code, defaults={"name": name, "kind": kind, "search_key": search_key(name)}
        )
    for position, (code, name) in enumerate(INDUSTRY_GROUPS, start=1):
        IndustryGroup.objects.update_or_create(
            code=code, defaults={"name": name, "position": position, "search_key": search_key(name)}
        )


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
