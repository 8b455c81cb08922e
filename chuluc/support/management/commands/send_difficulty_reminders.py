import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from chuluc.support.difficulties import difficulty_reminders_send


class Command(BaseCommand):
    help = (
        "Gửi thư nhắc vướng mắc quá hạn tới cán bộ cơ quan được giao xử lý và cán bộ Sở Công "
        "Thương, mỗi tuần một lần khi còn quá hạn. Chạy hằng ngày; chạy lại trong tuần không gửi trùng."
    )

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
        sent = difficulty_reminders_send(today=day)
        self.stdout.write(f"Đã gửi {sent} thư nhắc vướng mắc quá hạn.")
