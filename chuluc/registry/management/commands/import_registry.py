from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from chuluc.accounts.models import User
from chuluc.core.errors import ApplicationError
from chuluc.core.spreadsheets import read_rows
from chuluc.core.uploads import XLSX, sniff
from chuluc.registry.enums import ImportKind
from chuluc.registry.importing import plan_import
from chuluc.registry.services import import_rows_commit


class Command(BaseCommand):
    help = (
        "Kiểm tra (mặc định) hoặc nhập (--commit) doanh nghiệp/sản phẩm từ tệp XLSX hoặc CSV. "
        "Thoát với mã khác 0 khi có dòng lỗi."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--kind", choices=ImportKind.values, default=ImportKind.ENTERPRISES)
        parser.add_argument(
            "--commit", action="store_true", help="Ghi các dòng hợp lệ (một giao dịch)."
        )
        parser.add_argument("--user", help="Tên đăng nhập của người nhập (ghi vào nhật ký).")

    def handle(self, *args, file, kind, commit, user, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}")
        actor = None
        if user:
            actor = User.objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"Không có người dùng {user}")
        try:
            with path.open("rb") as handle:
                fmt = "xlsx" if sniff(handle) is XLSX else "csv"
                rows = read_rows(handle, kind=fmt, max_rows=settings.IMPORT_MAX_ROWS)
            if commit:
                plan, counts = import_rows_commit(
                    actor=actor, kind=kind, rows=rows, source=path.name
                )
            else:
                try:
                    plan = plan_import(kind, rows)
                except ValidationError as exc:
                    raise ApplicationError(" ".join(exc.messages)) from None
                counts = None
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        report = plan.report()
        self.stdout.write(
            f"{report['total']} dòng dữ liệu: {report['valid']} hợp lệ "
            f"({report['create']} thêm mới, {report['update']} cập nhật, {report['unchanged']} không đổi), "
            f"{report['error_count']} bị từ chối."
        )
        if report["unknown_columns"]:
            self.stdout.write("Cột không nhận ra: " + ", ".join(report["unknown_columns"]))
        for issue in plan.issues:
            self.stdout.write(
                f"  Dòng {issue.row} [{issue.key or '—'}]: {'; '.join(issue.messages)}"
            )
        if counts is not None:
            self.stdout.write(
                f"Đã ghi: thêm {counts['created']}, cập nhật {counts['updated']}, không đổi {counts['unchanged']}."
            )
        else:
            self.stdout.write("Chạy thử: chưa ghi gì. Thêm --commit để nhập các dòng hợp lệ.")
        if plan.issues:
            raise SystemExit(1)
