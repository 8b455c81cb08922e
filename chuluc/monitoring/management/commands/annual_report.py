from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from chuluc.monitoring.annual_report import FORMATS, build_annual_report, render_annual_report


class Command(BaseCommand):
    help = "Lập báo cáo năm về sản phẩm công nghiệp chủ lực (XLSX, PDF hoặc DOCX)."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int, help="Năm công nhận, ví dụ 2024.")
        parser.add_argument("--format", choices=FORMATS, default="xlsx", dest="fmt")
        parser.add_argument("--output", required=True, help="Đường dẫn tệp sẽ ghi.")

    def handle(self, *args, year: int, fmt: str, output: str, **options):
        if not 2000 <= year <= 2100:
            raise CommandError(f"Năm không hợp lệ: {year}.")
        path = Path(output)
        if not path.parent.is_dir():
            raise CommandError(f"Thư mục không tồn tại: {path.parent}")
        content, _content_type = render_annual_report(build_annual_report(year), fmt)
        path.write_bytes(content)
        self.stdout.write(f"Đã ghi báo cáo năm {year} ({fmt}, {len(content)} byte) vào {path}.")
