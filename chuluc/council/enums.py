from django.db import models
from django.utils.translation import gettext_lazy as _


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Chủ tịch Hội đồng")
    VICE_CHAIR = "vice_chair", _("Phó Chủ tịch thường trực")
    MEMBER = "member", _("Ủy viên")
    SECRETARY = "secretary", _("Thư ký")


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Đang chấm")
    CLOSED = "closed", _("Đã khóa")


class ScoreSheetStatus(models.TextChoices):
    DRAFT = "draft", _("Chưa nộp")
    SUBMITTED = "submitted", _("Đã nộp")


class ConflictSource(models.TextChoices):
    DECLARED = "declared", _("Thành viên tự khai")
    DETECTED = "detected", _("Hệ thống phát hiện")


class CorrectionStatus(models.TextChoices):
    REQUESTED = "requested", _("Chờ Chủ tịch duyệt")
    APPROVED = "approved", _("Đã duyệt")
    REJECTED = "rejected", _("Bị từ chối")


# Dossiers the council works on: screened eligible, and what follows from scoring.
SCORABLE_STATUSES = ("eligible", "scored", "passed", "failed")
