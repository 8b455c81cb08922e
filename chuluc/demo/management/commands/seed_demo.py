from django.core.management.base import BaseCommand
from django.db import transaction

from chuluc.accounts.models import User
from chuluc.campaigns.models import Campaign
from chuluc.council.models import Council
from chuluc.demo.decisions import decisions_missing
from chuluc.demo.monitoring import seed_monitoring
from chuluc.demo.production import production_missing, seed_production
from chuluc.demo.seed import (
    MARKER_USERNAME,
    demo_loaded,
    demo_logins,
    seed_campaigns_for_existing_demo,
    seed_councils_for_existing_demo,
    seed_decisions_for_existing_demo,
    seed_demo,
    seed_support_for_existing_demo,
)
from chuluc.demo.support import support_missing
from chuluc.monitoring.models import FirmReport
from chuluc.registry.services.public_records import public_records_load, read_public_records


def monitoring_missing() -> bool:
    return not FirmReport.objects.filter(enterprise__is_demo=True).exists()


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu hư cấu (một lần; chạy lại không tạo trùng) và nạp bản ghi công khai."

    def add_arguments(self, parser):
        parser.add_argument("--enterprises", type=int, default=300)
        parser.add_argument("--quiet-logins", action="store_true")

    def handle(self, *args, enterprises, quiet_logins, **options):
        records = public_records_load(actor=None, rows=read_public_records())
        if records["enterprises"]:
            self.stdout.write(f"Đã nạp {records['enterprises']} doanh nghiệp từ nguồn công khai.")
        if demo_loaded() and Campaign.objects.exists():
            if not Council.objects.exists():
                with transaction.atomic():
                    counts = seed_councils_for_existing_demo()
                self.stdout.write(f"Đã thêm {counts['councils']} Hội đồng mẫu.")
            else:
                self.stdout.write("Dữ liệu mẫu đã có sẵn; không tạo lại.")
        elif demo_loaded():
            # demo data from an earlier version, before campaigns existed: add only those
            with transaction.atomic():
                counts = seed_campaigns_for_existing_demo()
            self.stdout.write(
                f"Đã thêm {counts['campaigns']} đợt xét chọn mẫu, {counts['dossiers']} hồ sơ."
            )
        else:
            with transaction.atomic():
                counts = seed_demo(enterprises=enterprises)
            self.stdout.write(
                f"Đã tạo dữ liệu mẫu: {counts['enterprises']} doanh nghiệp, {counts['products']} sản phẩm, "
                f"{counts.get('campaigns', 0)} đợt xét chọn, {counts.get('dossiers', 0)} hồ sơ, "
                f"{counts.get('councils', 0)} Hội đồng."
            )
        if demo_loaded() and Council.objects.exists() and decisions_missing():
            with transaction.atomic():
                counts = seed_decisions_for_existing_demo()
            self.stdout.write(
                f"Đã thêm {counts['publications']} công bố lấy ý kiến, "
                f"{counts['decisions']} quyết định công nhận mẫu."
            )
        if demo_loaded() and not decisions_missing() and support_missing():
            with transaction.atomic():
                counts = seed_support_for_existing_demo()
            self.stdout.write(
                f"Đã thêm {counts['policies']} chính sách hỗ trợ mẫu, {counts['records']} lượt hỗ trợ, "
                f"{counts['difficulties']} vướng mắc."
            )
        if demo_loaded() and not decisions_missing() and monitoring_missing():
            with transaction.atomic():
                counts = seed_monitoring(officer=User.objects.get(username=MARKER_USERNAME))
            self.stdout.write(
                f"Đã thêm {counts['firm_reports']} báo cáo định kỳ mẫu "
                f"({counts['flagged_reports']} cần xem xét)."
            )
        if demo_loaded() and production_missing():
            with transaction.atomic():
                counts = seed_production(officer=User.objects.get(username=MARKER_USERNAME))
            self.stdout.write(
                f"Đã thêm năm gốc mẫu của chỉ số sản xuất: {counts['basket_products']} sản phẩm, "
                f"{counts['quantities']} giá trị sản lượng tháng."
            )
        if not quiet_logins:
            print_logins(self.stdout)


def print_logins(out) -> None:
    logins = demo_logins()
    if not logins:
        return
    out.write(f"Tài khoản mẫu (mật khẩu chung: {logins[0][1]}):")
    for username, _password, label in logins:
        out.write(f"  {username:<14} {label}")
