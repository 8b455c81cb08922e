from chuluc.core.management.daily import DailyCommand
from chuluc.monitoring.services import report_reminders_send


class Command(DailyCommand):
    help = (
        "Nhắc doanh nghiệp có SPCNCL chưa nộp báo cáo định kỳ: trước hạn (REPORT_REMINDER_DAYS) "
        "và sau hạn, kèm cán bộ Sở (REPORT_OVERDUE_DAYS). Chạy hằng ngày; chạy lại không gửi trùng."
    )
    done = "Đã gửi {sent} thư nhắc nộp báo cáo."

    def send(self, today):
        return report_reminders_send(today=today)
