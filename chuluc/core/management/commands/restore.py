from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from chuluc.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Khôi phục cơ sở dữ liệu và tệp tải lên từ một tệp sao lưu (chuluc backup)."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument(
            "--force", action="store_true", help="Ghi đè cơ sở dữ liệu đang có dữ liệu."
        )

    def handle(self, *args, path, force, **options):
        try:
            manifest = restore(Path(path), force=force)
        except BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"Đã khôi phục {rows} dòng ({len(manifest['tables'])} bảng) từ bản sao lưu "
            f"lúc {manifest['created_at']}; số dòng từng bảng khớp bản sao lưu."
        )
