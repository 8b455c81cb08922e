"""The stateful record about people: an enterprise membership (a user who represents a firm).

A membership starts pending; an officer verifies it (the user may then act for the firm)
or rejects it with a reason; either decision can later be reversed. A firm's
self-registration starts one step earlier, waiting for its applicant to confirm the e-mail
address: the officers' queue holds only registrations someone can be written to."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from chuluc.accounts import rules
from chuluc.accounts.enums import MembershipStatus
from chuluc.accounts.notifications import notify_membership_decided
from chuluc.core.lifecycle import Lifecycle, Transition

OFFICER = _("Cán bộ Sở Công Thương")

MEMBERSHIP = Lifecycle(
    name="membership",
    title=_("Đại diện doanh nghiệp"),
    model="accounts.EnterpriseMembership",
    states=MembershipStatus,
    initial=MembershipStatus.PENDING,
    entries=(MembershipStatus.UNCONFIRMED,),
    notes=_(
        "Khi đại diện đầu tiên được xác minh, doanh nghiệp cũng được ghi là đã xác minh "
        "(trong cùng giao dịch và dòng nhật ký). Doanh nghiệp tự đăng ký bắt đầu ở trạng thái "
        "“Chờ xác nhận thư điện tử”; doanh nghiệp có mã số thuế chưa có trong sổ đăng ký chỉ "
        "được ghi vào sổ khi cán bộ xác minh, nên đăng ký bị từ chối không để lại doanh nghiệp "
        "nào."
    ),
    transitions=(
        Transition(
            event="confirm_email",
            label=_("Xác nhận thư điện tử"),
            source=(MembershipStatus.UNCONFIRMED,),
            target=MembershipStatus.PENDING,
            who=_("Người đăng ký, bằng liên kết gửi tới thư điện tử"),
            rule=rules.can_confirm_membership_email,
        ),
        Transition(
            event="verify",
            label=_("Xác minh đại diện"),
            source=(MembershipStatus.PENDING, MembershipStatus.REJECTED),
            target=MembershipStatus.VERIFIED,
            who=OFFICER,
            rule=rules.can_decide_membership,
            effects=(notify_membership_decided,),
        ),
        Transition(
            event="reject",
            label=_("Từ chối đại diện"),
            source=(MembershipStatus.PENDING, MembershipStatus.VERIFIED),
            target=MembershipStatus.REJECTED,
            who=OFFICER,
            rule=rules.can_decide_membership,
            effects=(notify_membership_decided,),
        ),
    ),
)
