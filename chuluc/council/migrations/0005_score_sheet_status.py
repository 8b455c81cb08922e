"""A member's score sheet gets a status (draft, submitted) so that it has a lifecycle
(``council.lifecycles.SCORE_SHEET``). Until now a ``SheetSubmission`` row existed only while
the sheet was submitted (a changed score deleted it): every existing row is a submitted
sheet, and a sheet without a row is a draft."""

from django.db import migrations, models


def submitted(apps, schema_editor):
    ScoreSheet = apps.get_model("council", "ScoreSheet")
    ScoreSheet.objects.update(status="submitted")


def drafts_dropped(apps, schema_editor):
    # Before this migration only a submitted sheet had a row.
    ScoreSheet = apps.get_model("council", "ScoreSheet")
    ScoreSheet.objects.exclude(status="submitted").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("council", "0004_scale_indexes"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="sheetsubmission", name="uniq_sheet_submission"),
        migrations.RenameModel(old_name="SheetSubmission", new_name="ScoreSheet"),
        migrations.RenameField(model_name="scoresheet", old_name="at", new_name="submitted_at"),
        migrations.AlterField(
            model_name="scoresheet",
            name="submitted_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="nộp lúc"),
        ),
        migrations.AlterField(
            model_name="scoresheet",
            name="round",
            field=models.ForeignKey(
                on_delete=models.deletion.CASCADE, related_name="sheets", to="council.round"
            ),
        ),
        migrations.AlterField(
            model_name="scoresheet",
            name="member",
            field=models.ForeignKey(
                on_delete=models.deletion.CASCADE, related_name="sheets", to="council.member"
            ),
        ),
        migrations.AddField(
            model_name="scoresheet",
            name="status",
            field=models.CharField(
                choices=[("draft", "Chưa nộp"), ("submitted", "Đã nộp")],
                default="draft",
                max_length=20,
                verbose_name="trạng thái",
            ),
        ),
        migrations.RunPython(submitted, drafts_dropped),
        migrations.AddConstraint(
            model_name="scoresheet",
            constraint=models.UniqueConstraint(fields=("round", "member"), name="uniq_score_sheet"),
        ),
    ]
