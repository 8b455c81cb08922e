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
    CORRECTED = "corrected", _("Có bản sửa chờ kiểm tra")


#: A report in these states has been checked: new figures are a correction, a new version
#: that waits for the officer's check while the checked figures stay in effect.
CHECKED_STATES = (ReportStatus.CHECKED, ReportStatus.CORRECTED)


class VersionState(models.TextChoices):
    """Where one version of a firm report stands, derived from the report and the version's
    check (not a lifecycle: a version is never moved, only checked once)."""

    CHECKED = "checked", _("Đã kiểm tra")
    PENDING = "pending", _("Chờ Sở kiểm tra")
    REPLACED = "replaced", _("Đã được thay bằng bản sau trước khi kiểm tra")


class Flag(models.TextChoices):
    """Plausibility checks the service runs on every submitted report."""

    GROWTH = "growth", _("Tăng/giảm vượt ngưỡng so với cùng kỳ năm trước")
    EXPORT_ABOVE_REVENUE = (
        "export_above_revenue",
        _("Kim ngạch xuất khẩu quy đổi lớn hơn doanh thu"),
    )
    ZERO = "zero", _("Bằng 0 ở chỉ tiêu không thể bằng 0")
    REVENUE_PER_EMPLOYEE = (
        "revenue_per_employee",
        _("Doanh thu bình quân một lao động ngoài khoảng hợp lý"),
    )


class Position(models.TextChoices):
    BELOW = "below", _("Dưới mục tiêu")
    WITHIN = "within", _("Trong khoảng mục tiêu")
    ABOVE = "above", _("Vượt mục tiêu")
    NO_DATA = "no_data", _("Chưa có số liệu")
