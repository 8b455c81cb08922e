"""Writes about who represents which enterprise: asking to, and an officer's decision. The
decisions are events of the membership's lifecycle (``chuluc.accounts.lifecycles``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuluc.accounts import sign_up
from chuluc.accounts.enums import MembershipStatus, Role
from chuluc.accounts.lifecycles import MEMBERSHIP
from chuluc.accounts.models import EnterpriseMembership, RoleAssignment, User
from chuluc.core.audit import audit_record
from chuluc.core.errors import ApplicationError
from chuluc.core.lifecycle import TransitionRefused
from chuluc.core.text import nfc
from chuluc.core.uploads import display_name, sniff

#: The decision an officer picks, as the event it fires.
DECISIONS = {MembershipStatus.VERIFIED: "verify", MembershipStatus.REJECTED: "reject"}


def membership_insert(
    *,
    user: User,
    enterprise,
    position: str = "",
    status: str = MEMBERSHIP.initial,
    applied: dict[str, str] | None = None,
    letter=None,
) -> EnterpriseMembership:
    """Save a membership in its first state and give the user the representative's role,
    without an audit row: a step of a service that writes the row for the whole
    (``membership_request``, the register's self-registration). ``enterprise`` is None for
    a registration that founds a firm when verified (``applied``: its tax code, name and
    details); ``letter`` is an upload already checked by ``core.uploads.check_upload``."""
    applied = dict(applied or {})
    membership = EnterpriseMembership(
        user=user,
        enterprise=enterprise,
        position=nfc(position),
        status=status,
        applied_tax_code=applied.pop("tax_code", ""),
        applied_name=nfc(applied.pop("name", "")),
        applied_details={key: nfc(value) for key, value in applied.items()},
    )
    if letter is not None:
        membership.letter_name = display_name(letter.name)
        membership.letter_type = sniff(letter).content_type
        membership.letter.save(letter.safe_name, letter, save=False)
    try:
        membership.save()
    except Exception:
        if letter is not None:
            membership.letter.delete(save=False)  # the database refused: keep no orphan file
        raise
    RoleAssignment.objects.get_or_create(user=user, role=Role.ENTERPRISE_REP)
    return membership


@transaction.atomic
def membership_confirm_email(*, membership: EnterpriseMembership) -> EnterpriseMembership:
    """The applicant opened the link mailed to them: the registration joins the officers'
    queue. The applicant acts, whether signed in or not: the signed link is their proof."""
    membership = EnterpriseMembership.objects.select_for_update().get(pk=membership.pk)
    MEMBERSHIP.fire(membership, "confirm_email", actor=membership.user)
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
    # Only the membership's row is locked: its enterprise is empty while a new firm's
    # application waits (PostgreSQL locks no row of an outer join's nullable side).
    membership = (
        EnterpriseMembership.objects.select_for_update(of=("self",))
        .select_related("enterprise")
        .get(pk=membership.pk)
    )
    event = DECISIONS.get(status)
    if event is None:
        raise ApplicationError(_("Quyết định về đại diện không hợp lệ."))
    if event == "reject" and not note.strip():
        raise ValidationError({"note": _("Vui lòng ghi lý do từ chối.")})
    fields = {"note": note.strip(), "decided_by": actor, "decided_at": timezone.now()}
    changes = {}
    enterprise = membership.enterprise
    refusal = MEMBERSHIP.refusal(membership, event, actor=actor)
    if refusal:
        raise TransitionRefused(refusal)
    if event == "verify" and enterprise is None:
        # The registration applied for a firm the register did not hold: written now, so
        # that a rejected one leaves nothing in the register.
        enterprise = sign_up.found_enterprise(membership)
        fields["enterprise"] = enterprise
        changes["enterprise"] = [None, enterprise.pk]
        changes["enterprise_created"] = [False, True]
    vouches = enterprise is not None and event == "verify" and not enterprise.is_verified
    if vouches:
        changes["enterprise_verified"] = [False, True]
    MEMBERSHIP.fire(membership, event, actor=actor, fields=fields, changes=changes or None)
    if vouches:
        enterprise.is_verified = True
        enterprise.save(update_fields=["is_verified"])
    return membership
