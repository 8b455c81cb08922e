from django.db import models
from django.utils.translation import gettext_lazy as _


class Quarter(models.IntegerChoices):
    YEAR = 0, _("Cả năm")
    Q1 = 1, _("Quý I")
    Q2 = 2, _("Quý II")
    Q3 = 3, _("Quý III")
    Q4 = 4, _("Quý IV")


class ReportStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Đã nộp")
    FLAGGED = "flagged", _("Cần xem xét")
    CHECKED = "checked", _("Đã kiểm tra")


# The one table of allowed firm-report transitions (a resubmission recomputes the flags).
REPORT_TRANSITIONS: dict[str, set[str]] = {
    ReportStatus.SUBMITTED: {ReportStatus.SUBMITTED, ReportStatus.FLAGGED, ReportStatus.CHECKED},
    ReportStatus.FLAGGED: {ReportStatus.SUBMITTED, ReportStatus.FLAGGED, ReportStatus.CHECKED},
    ReportStatus.CHECKED: {ReportStatus.SUBMITTED, ReportStatus.FLAGGED},
}


class Flag(models.TextChoices):
    """Plausibility checks the service runs on every submitted report."""

    GROWTH = "growth", _("Tăng/giảm vượt ngưỡng so với cùng kỳ năm trước")
    EXPORT_ABOVE_REVENUE = (
        "export_above_revenue",
        _("Kim ngạch xuất khẩu quy đổi lớn hơn doanh thu"),
    )
    ZERO = "zero", _("Bằng 0 ở chỉ tiêu không thể bằng 0")


class Position(models.TextChoices):
    BELOW = "below", _("Dưới mục tiêu")
    WITHIN = "within", _("Trong khoảng mục tiêu")
    ABOVE = "above", _("Vượt mục tiêu")
    NO_DATA = "no_data", _("Chưa có số liệu")
