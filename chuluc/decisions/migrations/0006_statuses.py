"""Publications, decisions and certificates get a stored status, so that each has a
lifecycle (``chuluc.decisions.lifecycles``). Existing rows take the state today's facts
give them: a publication whose campaign has a decision is decided; a decision whose
certificates all have their file is issued; a certificate of a revoked recognition is
revoked."""

from django.db import migrations, models


def derive(apps, schema_editor):
    Publication = apps.get_model("decisions", "Publication")
    Decision = apps.get_model("decisions", "Decision")
    Certificate = apps.get_model("decisions", "Certificate")
    decided = Decision.objects.values("campaign_id")
    Publication.objects.filter(campaign_id__in=decided).update(status="decided")
    without_file = Certificate.objects.filter(
        models.Q(pdf="") | models.Q(pdf__isnull=True)
    ).values("recognition__decision_id")
    Decision.objects.exclude(pk__in=without_file).update(status="issued")
    Certificate.objects.filter(recognition__status="revoked").update(status="revoked")


class Migration(migrations.Migration):

    dependencies = [
        ('decisions', '0005_published_entry_list'),
    ]

    operations = [
        migrations.AddField(
            model_name='publication',
            name='status',
            field=models.CharField(choices=[('published', 'Đã công bố lấy ý kiến'), ('decided', 'Đã có quyết định công nhận')], default='published', max_length=20, verbose_name='trạng thái'),
        ),
        migrations.AddField(
            model_name='decision',
            name='status',
            field=models.CharField(choices=[('entered', 'Đã nhập quyết định'), ('issued', 'Đã tạo giấy chứng nhận')], default='entered', max_length=20, verbose_name='trạng thái'),
        ),
        migrations.AddField(
            model_name='certificate',
            name='status',
            field=models.CharField(choices=[('issued', 'Đã cấp'), ('revoked', 'Đã thu hồi')], default='issued', max_length=20, verbose_name='trạng thái'),
        ),
        migrations.RunPython(derive, migrations.RunPython.noop),
    ]
