"""Writes of a council's composition: the council itself (with its first round) and its
members, who join with the conflicts of interest the system can see."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuluc.accounts.enums import MembershipStatus, Role
from chuluc.accounts.models import EnterpriseMembership, RoleAssignment
from chuluc.campaigns.models import Campaign, Dossier
from chuluc.core.audit import audit_record
from chuluc.core.errors import ApplicationError
from chuluc.core.text import nfc
from chuluc.council.enums import ConflictSource, MemberRole
from chuluc.council.lifecycles import ROUND
from chuluc.council.models import Conflict, Council, Member, Round


@transaction.atomic
def council_create(
    *,
    actor,
    campaign: Campaign,
    name: str = "",
    decision_number: str = "",
    decision_date: dt.date | None = None,
) -> Council:
    if Council.objects.filter(campaign=campaign).exists():
        raise ApplicationError(_("Đợt xét chọn này đã có Hội đồng."))
    council = Council.objects.create(
        campaign=campaign,
        name=nfc(name)
        or _("Hội đồng đánh giá, xét chọn %(title)s năm %(y)s")
        % {"title": campaign.program.title, "y": campaign.year},
        decision_number=nfc(decision_number),
        decision_date=decision_date,
    )
    Round.objects.create(
        council=council,
        number=1,
        name=_("Vòng 1"),
        opens_on=campaign.scoring_starts,
        closes_on=campaign.scoring_ends,
        status=ROUND.initial,
    )
    audit_record(
        actor=actor,
        action="council.create",
        obj=council,
        changes={
            "campaign": [None, campaign.pk],
            "decision_number": [None, council.decision_number],
        },
    )
    return council


def _detect_conflicts(member: Member) -> int:
    """Flag the dossiers of enterprises the member represents or has asked to represent."""
    enterprise_ids = set(
        EnterpriseMembership.objects.filter(user_id=member.user_id)
        .exclude(status=MembershipStatus.REJECTED)
        .values_list("enterprise_id", flat=True)
    )
    dossiers = Dossier.objects.filter(
        campaign_id=member.council.campaign_id, enterprise_id__in=enterprise_ids
    )
    existing = set(member.conflicts.values_list("dossier_id", flat=True))
    now = timezone.now()
    new = [
        Conflict(
            member=member,
            dossier=d,
            source=ConflictSource.DETECTED,
            at=now,
            reason=_("Thành viên là người đại diện của doanh nghiệp %s.") % d.enterprise_id,
        )
        for d in dossiers
        if d.pk not in existing
    ]
    Conflict.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def member_add(
    *, actor, council: Council, user, title: str, role: str = MemberRole.MEMBER, agency=None
) -> Member:
    if Member.objects.filter(council=council, user=user).exists():
        raise ValidationError({"user": _("Người này đã là thành viên Hội đồng.")})
    if (
        role in {MemberRole.CHAIR, MemberRole.SECRETARY}
        and council.members.filter(role=role).exists()
    ):
        raise ValidationError({"role": _("Hội đồng đã có %s.") % MemberRole(role).label})
    member = Member.objects.create(
        council=council, user=user, title=nfc(title), role=role, agency=agency
    )
    RoleAssignment.objects.get_or_create(user=user, role=Role.COUNCIL_MEMBER)
    detected = _detect_conflicts(member)
    audit_record(
        actor=actor,
        action="council.member_add",
        obj=council,
        changes={
            "member": [None, f"{user} — {member.get_role_display()}"],
            "conflicts_detected": [None, detected],
        },
    )
    return member
