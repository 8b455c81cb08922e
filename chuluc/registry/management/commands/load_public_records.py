from pathlib import Path

from django.core.management.base import BaseCommand

from chuluc.registry.services.public_records import (
    DEFAULT_PATH,
    public_records_load,
    read_public_records,
)


class Command(BaseCommand):
    help = "Nạp các bản ghi công khai (tên và nguồn) từ recognized_products.csv; chạy lại không tạo trùng."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DEFAULT_PATH))

    def handle(self, *args, path, **options):
        counts = public_records_load(actor=None, rows=read_public_records(Path(path)))
        self.stdout.write(
            f"Bản ghi công khai: thêm {counts['enterprises']} doanh nghiệp, "
            f"{counts['products']} sản phẩm, {counts['mentions']} ghi nhận."
        )
