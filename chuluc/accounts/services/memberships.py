"""Writes about who represents which enterprise: asking to, and an officer's decision. The
decisions are events of the membership's lifecycle (``chuluc.accounts.lifecycles``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuluc.accounts.enums import MembershipStatus, Role
from chuluc.accounts.lifecycles import MEMBERSHIP
from chuluc.accounts.models import EnterpriseMembership, RoleAssignment, User
from chuluc.core.audit import audit_record
from chuluc.core.errors import ApplicationError
from chuluc.core.text import nfc

#: The decision an officer picks, as the event it fires.
DECISIONS = {MembershipStatus.VERIFIED: "verify", MembershipStatus.REJECTED: "reject"}


def membership_insert(*, user: User, enterprise, position: str = "") -> EnterpriseMembership:
    """Save a pending membership and give the user the representative's role, without an
    audit row: a step of a service that writes the row for the whole (``membership_request``,
    the register's self-registration)."""
    membership = EnterpriseMembership.objects.create(
        user=user, enterprise=enterprise, position=nfc(position), status=MEMBERSHIP.initial
    )
    RoleAssignment.objects.get_or_create(user=user, role=Role.ENTERPRISE_REP)
    return membership


@transaction.atomic
def membership_request(
    *, actor, user: User, enterprise, position: str = ""
) -> EnterpriseMembership:
    if EnterpriseMembership.objects.filter(user=user, enterprise=enterprise).exists():
        raise ApplicationError(_("Tài khoản này đã đăng ký làm đại diện của doanh nghiệp."))
    membership = membership_insert(user=user, enterprise=enterprise, position=position)
    audit_record(
        actor=actor,
        action="membership.request",
        obj=membership,
        changes={
            "status": [None, membership.status],
            "user": [None, user.pk],
            "enterprise": [None, enterprise.pk],
        },
    )
    return membership


@transaction.atomic
def membership_decide(
    *, actor, membership: EnterpriseMembership, status: str, note: str = ""
) -> EnterpriseMembership:
    """Verify, reject or reinstate a representative (``status``: the state decided). The
    first verified representative of an enterprise vouches for it: the enterprise is
    marked verified in the same transaction and audit row."""
    membership = (
        EnterpriseMembership.objects.select_for_update()
        .select_related("enterprise")
        .get(pk=membership.pk)
    )
    event = DECISIONS.get(status)
    if event is None:
        raise ApplicationError(_("Quyết định về đại diện không hợp lệ."))
    if event == "reject" and not note.strip():
        raise ValidationError({"note": _("Vui lòng ghi lý do từ chối.")})
    enterprise = membership.enterprise
    vouches = event == "verify" and not enterprise.is_verified
    MEMBERSHIP.fire(
        membership,
        event,
        actor=actor,
        fields={"note": note.strip(), "decided_by": actor, "decided_at": timezone.now()},
        changes={"enterprise_verified": [False, True]} if vouches else None,
    )
    if vouches:
        enterprise.is_verified = True
        enterprise.save(update_fields=["is_verified"])
    return membership
