import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from chuluc.monitoring.reminders import report_reminders_send


class Command(BaseCommand):
    help = (
        "Nhắc doanh nghiệp có SPCNCL chưa nộp báo cáo định kỳ: trước hạn (REPORT_REMINDER_DAYS) "
        "và sau hạn, kèm cán bộ Sở (REPORT_OVERDUE_DAYS). Chạy hằng ngày; chạy lại không gửi trùng."
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
        sent = report_reminders_send(today=day)
        self.stdout.write(f"Đã gửi {sent} thư nhắc nộp báo cáo.")
