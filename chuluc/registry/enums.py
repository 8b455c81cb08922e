from django.db import models
from django.utils.translation import gettext_lazy as _


class Ownership(models.TextChoices):
    STATE = "state", _("Nhà nước")
    PRIVATE = "private", _("Tư nhân")
    COLLECTIVE = "collective", _("Tập thể")
    FDI = "fdi", _("Có vốn đầu tư nước ngoài (FDI)")


class ProductTrack(models.TextChoices):
    """Which eligibility track a product is judged on (Hướng dẫn 1520/HD-SCT, E2a–E2d)."""

    HIGH_TECH = "high_tech", _("Sản phẩm công nghệ cao")
    OTHER = "other", _("Sản phẩm khác")
    HANDICRAFT = "handicraft", _("Thủ công mỹ nghệ")
    STARTUP = "startup", _("Doanh nghiệp khởi nghiệp")


class ImportKind(models.TextChoices):
    ENTERPRISES = "enterprises", _("Doanh nghiệp")
    PRODUCTS = "products", _("Sản phẩm")


class ImportStatus(models.TextChoices):
    VALIDATING = "validating", _("Đang kiểm tra")
    VALIDATED = "validated", _("Đã kiểm tra, chờ xác nhận")
    COMMITTING = "committing", _("Đang nhập")
    DONE = "done", _("Đã nhập xong")
    FAILED = "failed", _("Lỗi")
    CANCELLED = "cancelled", _("Đã hủy")


IMPORT_TRANSITIONS: dict[str, set[str]] = {
    ImportStatus.VALIDATING: {ImportStatus.VALIDATED, ImportStatus.FAILED},
    ImportStatus.VALIDATED: {ImportStatus.COMMITTING, ImportStatus.CANCELLED},
    ImportStatus.COMMITTING: {ImportStatus.DONE, ImportStatus.FAILED},
    ImportStatus.DONE: set(),
    ImportStatus.FAILED: set(),
    ImportStatus.CANCELLED: set(),
}


class Top10Mention(models.TextChoices):
    YES = "yes", _("Có")
    UNKNOWN = "unknown", _("Không rõ")
    NOT_APPLICABLE = "n/a", _("Không áp dụng")
