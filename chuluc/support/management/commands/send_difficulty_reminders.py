from chuluc.core.management.daily import DailyCommand
from chuluc.support.services import difficulty_reminders_send


class Command(DailyCommand):
    help = (
        "Gửi thư nhắc vướng mắc quá hạn tới cán bộ cơ quan được giao xử lý và cán bộ Sở Công "
        "Thương, mỗi tuần một lần khi còn quá hạn. Chạy hằng ngày; chạy lại trong tuần không gửi trùng."
    )
    done = "Đã gửi {sent} thư nhắc vướng mắc quá hạn."

    def send(self, today):
        return difficulty_reminders_send(today=today)
