"""Who is told about what (the people every later part notifies), and the representative's
own notifications: their membership verified or rejected, with the reason. Sent through
``chuluc.core.notifications``, as effects of the membership lifecycle."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chuluc.accounts.enums import MembershipStatus, Role
from chuluc.accounts.models import User
from chuluc.core.lifecycle import Change
from chuluc.core.notifications import change_key, notify, register_event, render_mail

MEMBERSHIP_VERIFIED = "accounts.membership_verified"
MEMBERSHIP_REJECTED = "accounts.membership_rejected"

ACCOUNT = _("Tài khoản")
register_event(MEMBERSHIP_VERIFIED, label=_("Đại diện được xác minh"), group=ACCOUNT, order=10)
register_event(
    MEMBERSHIP_REJECTED, label=_("Đại diện bị từ chối, kèm lý do"), group=ACCOUNT, order=11
)


def representatives(*enterprise_ids: int) -> QuerySet[User]:
    """The verified, active representatives of the enterprises."""
    return User.objects.filter(
        is_active=True,
        memberships__enterprise_id__in=enterprise_ids,
        memberships__status=MembershipStatus.VERIFIED,
    ).distinct()


def officers() -> QuerySet[User]:
    """Every active officer of the Department of Industry and Trade."""
    return User.objects.filter(is_active=True, role_assignments__role=Role.OFFICER).distinct()


def agency_officers(agency_id: int | None) -> QuerySet[User]:
    """The active officers of an agency."""
    if agency_id is None:
        return User.objects.none()
    return User.objects.filter(
        is_active=True,
        role_assignments__role=Role.AGENCY_OFFICER,
        role_assignments__agency_id=agency_id,
    ).distinct()


def notify_membership_decided(change: Change) -> None:
    membership = change.obj
    verified = change.transition.target == MembershipStatus.VERIFIED
    title, body = render_mail(
        "accounts/email/membership_decided",
        {"membership": membership, "user": membership.user, "verified": verified},
    )
    notify(
        [membership.user],
        event=MEMBERSHIP_VERIFIED if verified else MEMBERSHIP_REJECTED,
        key=change_key(change),
        title=title,
        body=body,
        url=reverse("core:dashboard"),
    )
