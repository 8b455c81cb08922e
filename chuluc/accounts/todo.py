"""What the accounts part asks of a person on the dashboard ("Việc cần làm",
``chuluc.core.navigation.register_task_source``): derived from the memberships' states."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from chuluc.accounts import rules
from chuluc.accounts.enums import MembershipStatus
from chuluc.accounts.models import EnterpriseMembership
from chuluc.core.navigation import Task


def membership_tasks(user, today: dt.date) -> list[Task]:
    """Those who verify representatives: the memberships waiting for it (one query)."""
    if not rules.can_verify_memberships(user):
        return []
    count = EnterpriseMembership.objects.filter(status=MembershipStatus.PENDING).count()
    if not count:
        return []
    return [
        Task(
            what=_("Đại diện doanh nghiệp chờ xác minh: %(count)d") % {"count": count},
            why=_("Người đăng ký chưa được làm việc cho doanh nghiệp đến khi được xác minh."),
            url=reverse("accounts:membership_list") + "?status=" + MembershipStatus.PENDING,
        )
    ]
