"""The officer's conclusion on an eligibility rule becomes a lifecycle state: an undecided
check was stored as an empty string, it is now ``pending``."""

from django.db import migrations, models


def blank_to_pending(apps, schema_editor):
    ScreeningCheck = apps.get_model("campaigns", "ScreeningCheck")
    ScreeningCheck.objects.filter(officer_outcome="").update(officer_outcome="pending")


def pending_to_blank(apps, schema_editor):
    ScreeningCheck = apps.get_model("campaigns", "ScreeningCheck")
    ScreeningCheck.objects.filter(officer_outcome="pending").update(officer_outcome="")


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0004_dossier_campaign_status"),
    ]

    operations = [
        migrations.AlterField(
            model_name="screeningcheck",
            name="officer_outcome",
            field=models.CharField(
                choices=[("pending", "Chưa kết luận"), ("pass", "Đạt"), ("fail", "Không đạt")],
                default="pending",
                max_length=10,
                verbose_name="kết luận của cán bộ",
            ),
        ),
        migrations.RunPython(blank_to_pending, pending_to_blank),
    ]
