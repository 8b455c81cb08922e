from chuluc.core.management.daily import DailyCommand
from chuluc.decisions.services import expiry_reminders_send


class Command(DailyCommand):
    help = (
        "Gửi thư nhắc doanh nghiệp và cán bộ trước khi công nhận SPCNCL hết hiệu lực "
        "(các mốc EXPIRY_REMINDER_DAYS). Chạy hằng ngày; chạy lại trong ngày không gửi trùng."
    )
    done = "Đã gửi {sent} thư nhắc hết hạn."

    def send(self, today):
        return expiry_reminders_send(today=today)
