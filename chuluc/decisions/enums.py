from django.db import models
from django.utils.translation import gettext_lazy as _


class CommentStatus(models.TextChoices):
    RECEIVED = "received", _("Chờ kiểm duyệt")
    PUBLISHED = "published", _("Đã công khai")
    PRIVATE = "private", _("Không công khai")


# Moderation: a received comment is published or kept private; an officer may change their
# mind until the decision is entered (design overview, "States").
COMMENT_TRANSITIONS: dict[str, set[str]] = {
    CommentStatus.RECEIVED: {CommentStatus.PUBLISHED, CommentStatus.PRIVATE},
    CommentStatus.PUBLISHED: {CommentStatus.PRIVATE},
    CommentStatus.PRIVATE: {CommentStatus.PUBLISHED},
}


class CommentEffect(models.TextChoices):
    NONE = "none", _("Không làm thay đổi kết quả")
    CHANGES = "changes", _("Làm thay đổi kết quả")


class Title(models.TextChoices):
    SPCNCL = "spcncl", _("Sản phẩm công nghiệp chủ lực")
    TOP = "top", _("Sản phẩm công nghiệp chủ lực tiêu biểu (Top)")


class RecognitionStatus(models.TextChoices):
    """Stored states; *expired* is derived from the date, never stored."""

    ACTIVE = "active", _("Còn hiệu lực")
    REVOKED = "revoked", _("Đã thu hồi")
    SUPERSEDED = "superseded", _("Đã được công nhận lại")


class Validity(models.TextChoices):
    """What the public verification page says of a certificate."""

    VALID = "valid", _("Còn hiệu lực")
    EXPIRED = "expired", _("Hết hiệu lực")
    REVOKED = "revoked", _("Đã thu hồi")
    SUPERSEDED = "superseded", _("Đã được thay thế bằng công nhận mới")


RECOGNITION_TRANSITIONS: dict[str, set[str]] = {
    RecognitionStatus.ACTIVE: {RecognitionStatus.REVOKED, RecognitionStatus.SUPERSEDED},
    RecognitionStatus.REVOKED: set(),
    RecognitionStatus.SUPERSEDED: set(),
}
