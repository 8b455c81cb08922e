from chuluc.core.management.daily import DailyCommand
from chuluc.decisions.services import snapshots_refresh


class Command(DailyCommand):
    help = (
        "Phát hành phiên bản dữ liệu mở mới của những quyết định có công nhận đổi tình trạng "
        "hiệu lực (sắp hết hiệu lực, hết hiệu lực, được công nhận lại). Chạy hằng ngày."
    )
    done = "Đã phát hành {sent} phiên bản dữ liệu mở mới."

    def send(self, today):
        return snapshots_refresh(today=today)
