from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicationStatus(models.TextChoices):
    """Stored states; whether comments are still accepted is derived from the deadline."""

    PUBLISHED = "published", _("Đã công bố lấy ý kiến")
    DECIDED = "decided", _("Đã có quyết định công nhận")


class CommentStatus(models.TextChoices):
    RECEIVED = "received", _("Chờ kiểm duyệt")
    PUBLISHED = "published", _("Đã công khai")
    PRIVATE = "private", _("Không công khai")


class CommentEffect(models.TextChoices):
    NONE = "none", _("Không làm thay đổi kết quả")
    CHANGES = "changes", _("Làm thay đổi kết quả")


class DecisionStatus(models.TextChoices):
    ENTERED = "entered", _("Đã nhập quyết định")
    ISSUED = "issued", _("Đã tạo giấy chứng nhận")


class Title(models.TextChoices):
    SPCNCL = "spcncl", _("Sản phẩm công nghiệp chủ lực")
    TOP = "top", _("Sản phẩm công nghiệp chủ lực tiêu biểu (Top)")


class RecognitionStatus(models.TextChoices):
    """Stored states; *expired* is derived from the date, never stored."""

    ACTIVE = "active", _("Còn hiệu lực")
    REVOKED = "revoked", _("Đã thu hồi")
    SUPERSEDED = "superseded", _("Đã được công nhận lại")


class CertificateStatus(models.TextChoices):
    """Stored states; *expired* and *superseded* follow the recognition (``Validity``)."""

    ISSUED = "issued", _("Đã cấp")
    REVOKED = "revoked", _("Đã thu hồi")


class Validity(models.TextChoices):
    """What a recognition and its certificates are worth on a day, wherever it is shown
    (``decisions.selectors.validity``); *expiring* is valid, within the reminder window."""

    VALID = "valid", _("Còn hiệu lực")
    EXPIRING = "expiring", _("Sắp hết hiệu lực")
    EXPIRED = "expired", _("Hết hiệu lực")
    REVOKED = "revoked", _("Đã thu hồi")
    SUPERSEDED = "superseded", _("Đã được thay thế bằng công nhận mới")
