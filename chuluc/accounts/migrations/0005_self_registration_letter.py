import django.db.models.deletion
from django.db import migrations, models

import chuluc.accounts.models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_api_tokens"),
        ("registry", "0002_reference_data"),
    ]

    operations = [
        migrations.AddField(
            model_name="enterprisemembership",
            name="applied_details",
            field=models.JSONField(
                blank=True, default=dict, verbose_name="thông tin doanh nghiệp đăng ký"
            ),
        ),
        migrations.AddField(
            model_name="enterprisemembership",
            name="applied_name",
            field=models.CharField(
                blank=True, max_length=300, verbose_name="tên doanh nghiệp đăng ký"
            ),
        ),
        migrations.AddField(
            model_name="enterprisemembership",
            name="applied_tax_code",
            field=models.CharField(blank=True, max_length=20, verbose_name="mã số thuế đăng ký"),
        ),
        migrations.AddField(
            model_name="enterprisemembership",
            name="letter",
            field=models.FileField(
                blank=True,
                upload_to=chuluc.accounts.models.membership_letter_path,
                verbose_name="giấy ủy quyền",
            ),
        ),
        migrations.AddField(
            model_name="enterprisemembership",
            name="letter_name",
            field=models.CharField(
                blank=True, max_length=255, verbose_name="tên tệp giấy ủy quyền"
            ),
        ),
        migrations.AddField(
            model_name="enterprisemembership",
            name="letter_type",
            field=models.CharField(blank=True, max_length=120),
        ),
        migrations.AlterField(
            model_name="enterprisemembership",
            name="enterprise",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="memberships",
                to="registry.enterprise",
            ),
        ),
        migrations.AlterField(
            model_name="enterprisemembership",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "Chờ xác minh"),
                    ("verified", "Đã xác minh"),
                    ("rejected", "Bị từ chối"),
                    ("unconfirmed", "Chờ xác nhận thư điện tử"),
                ],
                default="pending",
                max_length=20,
                verbose_name="trạng thái",
            ),
        ),
    ]
