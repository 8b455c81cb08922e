from chuluc.core.management.daily import DailyCommand
from chuluc.core.notifications import mail_digest


class Command(DailyCommand):
    help = (
        "Gửi mỗi người chọn nhận thư tóm tắt một thư liệt kê các thông báo chưa gửi, và gửi "
        "lại các thư gửi ngay chưa đi được. Chạy hằng ngày; chạy lại không gửi trùng."
    )
    done = "Đã gửi {sent} thư thông báo."

    def send(self, today):
        return mail_digest()
