from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from chuluc.core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu và tệp tải lên vào một tệp nén (chạy được khi hệ thống đang chạy)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Tệp sao lưu sẽ ghi, ví dụ /var/backups/chuluc.tar.gz")

    def handle(self, *args, path, **options):
        try:
            manifest = backup(Path(path))
        except BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(manifest["tables"].values())
        files = len(manifest["files"]) - 1
        self.stdout.write(
            f"Đã sao lưu {rows} dòng ({len(manifest['tables'])} bảng) và {files} tệp vào {path}."
        )
