"""The shape of the daily reminder commands: an optional ``--date`` to catch up a missed day,
the sending function, one line saying how many mails went out."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError


class DailyCommand(BaseCommand):
    """Subclasses set ``help``, ``done`` (a sentence with ``{sent}``) and ``send(today)``."""

    done = "Đã gửi {sent} thư."

    def send(self, today: dt.date | None) -> int:
        raise NotImplementedError

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", help="Ngày chạy (YYYY-MM-DD), mặc định hôm nay — để chạy bù ngày đã lỡ."
        )

    def handle(self, *args, date=None, **options):
        day = None
        if date:
            try:
                day = dt.date.fromisoformat(date)
            except ValueError:
                raise CommandError(f"Ngày không hợp lệ: {date} (cần YYYY-MM-DD).") from None
        self.stdout.write(self.done.format(sent=self.send(day)))
