"""The built-in program (Hanoi SPCNCL) and its criteria set v1 (an editable assumption)."""

from pathlib import Path

from django.db import migrations

from chuluc.campaigns.criteria_io import parse_yaml

DATA = Path(__file__).resolve().parent.parent / "data" / "hanoi_criteria_v1.yaml"


def load(apps, schema_editor):
    Agency = apps.get_model("core", "Agency")
    Program = apps.get_model("campaigns", "Program")
    CriteriaSet = apps.get_model("campaigns", "CriteriaSet")
    CriterionGroup = apps.get_model("campaigns", "CriterionGroup")
    Criterion = apps.get_model("campaigns", "Criterion")
    Band = apps.get_model("campaigns", "Band")
    program, _created = Program.objects.get_or_create(
        code="hanoi-spcncl",
        defaults={
            "name": "Chương trình phát triển sản phẩm công nghiệp chủ lực thành phố Hà Nội",
            "owner": "Ủy ban nhân dân thành phố Hà Nội",
            "lead_agency": Agency.objects.get(code="so-cong-thuong"),
            "locality": "Hà Nội",
            "title": "Sản phẩm công nghiệp chủ lực thành phố Hà Nội",
            "top_title": "Top 10 sản phẩm công nghiệp chủ lực thành phố Hà Nội",
        },
    )
    if CriteriaSet.objects.filter(program=program).exists():
        return
    spec = parse_yaml(DATA.read_bytes())
    criteria_set = CriteriaSet.objects.create(
        program=program, name=spec.name, version=1, total_points=spec.total_points,
        is_assumption=spec.is_assumption, source=spec.source,
    )
    for gpos, gspec in enumerate(spec.groups):
        group = CriterionGroup.objects.create(criteria_set=criteria_set, code=gspec.code, name=gspec.name, position=gpos)
        for cpos, c in enumerate(gspec.criteria):
            criterion = Criterion.objects.create(
                group=group, code=c.code, name=c.name, guidance=c.guidance, max_points=c.max_points,
                kind=c.kind, metric=c.metric, scorer=c.scorer, position=cpos,
            )
            for b in c.bands:
                Band.objects.create(criterion=criterion, lower=b.lower, upper=b.upper, points=b.points)


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0001_initial"), ("core", "0002_agencies")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
