from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from chuluc.campaigns.models import Campaign
from chuluc.council.exports import ranking_rows
from chuluc.council.models import Council
from chuluc.council.selectors import results_frozen
from chuluc.council.services import results_recompute


class Command(BaseCommand):
    help = "Tính lại và in bảng xếp hạng của đợt xét chọn năm YEAR (từ điểm đã khóa)."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--program", default="hanoi-spcncl")

    def handle(self, *args, year, program, **options):
        campaign = Campaign.objects.filter(program__code=program, year=year).first()
        if campaign is None:
            raise CommandError(f"Không có đợt xét chọn năm {year}.")
        council = Council.objects.filter(campaign=campaign).first()
        if council is None:
            raise CommandError(f"Đợt {year} chưa có Hội đồng.")
        if results_frozen(council):
            self.stdout.write(
                "Kết quả đã công bố lấy ý kiến: in bảng xếp hạng đã lưu, không tính lại."
            )
            results = council.results.count()
        else:
            with transaction.atomic():
                results = results_recompute(council=council, rebuild=True)
        if not results:
            raise CommandError("Chưa có vòng chấm nào được khóa; chưa có kết quả.")
        header, rows = ranking_rows(council=council)
        top_col = header.index(next(h for h in header if h.startswith("Top ")))
        total_col = header.index("Tổng điểm")
        self.stdout.write(f"{'Hạng':>4}  {'Tổng':>8}  Đạt  Top  Sản phẩm — Doanh nghiệp")
        for row in rows:
            self.stdout.write(
                f"{row[0]:>4}  {row[total_col]:>8.2f}  {row[header.index('Đạt')]:<3}  {row[top_col] or '':<3}  {row[2]} — {row[3]}"
            )
        self.stdout.write(
            f"{len(rows)} hồ sơ; {sum(1 for r in rows if r[top_col])} trong Top {campaign.top_n}."
        )
