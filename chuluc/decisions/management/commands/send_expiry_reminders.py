import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from chuluc.decisions.reminders import expiry_reminders_send


class Command(BaseCommand):
    help = (
        "Gửi thư nhắc doanh nghiệp và cán bộ trước khi công nhận SPCNCL hết hiệu lực "
        "(các mốc EXPIRY_REMINDER_DAYS). Chạy hằng ngày; chạy lại trong ngày không gửi trùng."
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
        sent = expiry_reminders_send(today=day)
        self.stdout.write(f"Đã gửi {sent} thư nhắc hết hạn.")
