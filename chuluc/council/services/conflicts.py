"""Writes of conflicts of interest: a member's signed no-conflict declaration, and a
conflict a member declares on a dossier or on an enterprise (then on every dossier of that
enterprise in the campaign): their open scores of those dossiers go, the closed rounds'
combined scores and the results follow."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuluc.campaigns.models import Dossier
from chuluc.core.audit import audit_record
from chuluc.core.errors import ApplicationError
from chuluc.core.lifecycle import Change
from chuluc.council.combined import combined_rebuild
from chuluc.council.enums import SCORABLE_STATUSES, ConflictSource, RoundStatus
from chuluc.council.models import Conflict, Member, Score
from chuluc.council.services.results import refuse_when_frozen, results_recompute
from chuluc.registry.models import Enterprise


@transaction.atomic
def no_conflict_sign(*, actor, member: Member) -> Member:
    if member.user_id != actor.pk:
        raise ApplicationError(_("Chỉ chính thành viên mới ký được cam kết của mình."))
    if member.no_conflict_signed_at:
        return member
    member.no_conflict_signed_at = timezone.now()
    member.save(update_fields=["no_conflict_signed_at"])
    audit_record(
        actor=actor,
        action="council.no_conflict_sign",
        obj=member,
        changes={"signed_at": [None, member.no_conflict_signed_at]},
    )
    return member


@transaction.atomic
def conflict_declare(
    *,
    actor,
    member: Member,
    reason: str,
    dossier: Dossier | None = None,
    enterprise: Enterprise | None = None,
) -> list[Conflict]:
    """The member declares a conflict with one dossier, or with an enterprise: then with
    every dossier that enterprise has in the campaign. Returns the conflicts written."""
    if not reason.strip():
        raise ValidationError({"reason": _("Vui lòng ghi lý do xung đột lợi ích.")})
    if (dossier is None) == (enterprise is None):
        raise ApplicationError(_("Khai báo xung đột với một hồ sơ hoặc với một doanh nghiệp."))
    campaign_id = member.council.campaign_id
    if dossier is not None and dossier.campaign_id != campaign_id:
        raise ApplicationError(_("Hồ sơ không thuộc đợt xét chọn của Hội đồng."))
    refuse_when_frozen(member.council)
    dossiers = (
        [dossier]
        if dossier is not None
        else list(Dossier.objects.filter(campaign_id=campaign_id, enterprise=enterprise))
    )
    if not dossiers:
        raise ApplicationError(_("Doanh nghiệp không có hồ sơ nào trong đợt xét chọn này."))
    known = set(member.conflicts.filter(dossier__in=dossiers).values_list("dossier_id", flat=True))
    fresh = [d for d in dossiers if d.pk not in known]
    if not fresh:
        raise ApplicationError(
            _("Đã ghi nhận xung đột lợi ích với hồ sơ này.")
            if dossier is not None
            else _("Đã ghi nhận xung đột lợi ích với mọi hồ sơ của doanh nghiệp này.")
        )
    now = timezone.now()
    conflicts = Conflict.objects.bulk_create(
        [
            Conflict(
                member=member,
                dossier=d,
                enterprise=enterprise,
                source=ConflictSource.DECLARED,
                reason=reason.strip(),
                at=now,
            )
            for d in fresh
        ]
    )
    ids = [d.pk for d in fresh]
    removed = Score.objects.filter(
        member=member, dossier_id__in=ids, round__status=RoundStatus.OPEN
    ).delete()[0]
    audit_record(
        actor=actor,
        action="council.conflict_declare",
        obj=member,
        changes={
            "dossier": [None, ids[0] if dossier is not None else ids],
            **({"enterprise": [None, enterprise.pk]} if enterprise is not None else {}),
            "reason": [None, reason.strip()],
            "scores_removed": [None, removed],
        },
    )
    for closed in member.council.rounds.filter(status=RoundStatus.CLOSED):
        combined_rebuild(closed, dossiers=ids)
    results_recompute(council=member.council)
    return conflicts


def enterprise_conflicts_extend(change: Change) -> None:
    """A dossier entering the list the council scores (``campaigns.lifecycles.DOSSIER``,
    subscribed to in ``CouncilConfig.ready`` before the sheets are reopened) is covered by
    the conflicts members declared against its enterprise: one registered after the
    declaration too. In the transaction of the service that moved it; the declaration it
    extends carries the audit row."""
    dossier = change.obj
    if change.before in SCORABLE_STATUSES or change.transition.target not in SCORABLE_STATUSES:
        return
    reasons = dict(
        Conflict.objects.filter(
            member__council__campaign_id=dossier.campaign_id,
            enterprise_id=dossier.enterprise_id,
        )
        .order_by("at", "id")
        .values_list("member_id", "reason")
    )
    covered = set(
        Conflict.objects.filter(dossier=dossier, member_id__in=reasons).values_list(
            "member_id", flat=True
        )
    )
    Conflict.objects.bulk_create(
        [
            Conflict(
                member_id=member,
                dossier=dossier,
                enterprise_id=dossier.enterprise_id,
                source=ConflictSource.DECLARED,
                reason=reason,
                at=change.at,
            )
            for member, reason in reasons.items()
            if member not in covered
        ]
    )
