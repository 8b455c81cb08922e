from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICER = "officer", _("Cán bộ Sở Công Thương")
    AGENCY_OFFICER = "agency_officer", _("Cán bộ sở, ngành phối hợp")
    COUNCIL_MEMBER = "council_member", _("Thành viên Hội đồng")
    ENTERPRISE_REP = "enterprise_rep", _("Đại diện doanh nghiệp")
    LEADER = "leader", _("Lãnh đạo Thành phố (chỉ xem)")
    ADMIN = "admin", _("Quản trị hệ thống")


class MembershipStatus(models.TextChoices):
    PENDING = "pending", _("Chờ xác minh")
    VERIFIED = "verified", _("Đã xác minh")
    REJECTED = "rejected", _("Bị từ chối")
    # A firm's self-registration waits here until its applicant opens the link mailed to
    # the address given; only then does it reach the officers' queue.
    UNCONFIRMED = "unconfirmed", _("Chờ xác nhận thư điện tử")
