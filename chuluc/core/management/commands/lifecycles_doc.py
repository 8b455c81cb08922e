"""Write (or check) docs/lifecycles.md from the lifecycle declarations."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from chuluc.core.lifecycle import document, lifecycles

DOC = Path(__file__).resolve().parents[4] / "docs" / "lifecycles.md"


def rendered() -> str:
    with translation.override("vi"):
        return document(lifecycles())


class Command(BaseCommand):
    help = "Viết docs/lifecycles.md từ khai báo vòng đời của các bản ghi (--check: chỉ kiểm tra)."

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true", help="ghi đè docs/lifecycles.md")
        parser.add_argument("--check", action="store_true", help="báo lỗi khi tệp đã cũ")

    def handle(self, *args, write: bool = False, check: bool = False, **options):
        text = rendered()
        if check:
            if not DOC.exists() or DOC.read_text(encoding="utf-8") != text:
                raise CommandError(
                    "docs/lifecycles.md đã cũ: chạy `chuluc lifecycles_doc --write`."
                )
            return
        if write:
            DOC.write_text(text, encoding="utf-8")
            self.stdout.write(f"Đã ghi {DOC}.")
            return
        self.stdout.write(text)
