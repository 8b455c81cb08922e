"""Writes of conflicts of interest: a member's signed no-conflict declaration, and a
conflict a member declares on a dossier (their open scores of it go, the closed rounds'
combined scores and the results follow)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuluc.campaigns.models import Dossier
from chuluc.core.audit import audit_record
from chuluc.core.errors import ApplicationError
from chuluc.council.combined import combined_rebuild
from chuluc.council.enums import ConflictSource, RoundStatus
from chuluc.council.models import Conflict, Member, Score
from chuluc.council.services.results import refuse_when_frozen, results_recompute


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
def conflict_declare(*, actor, member: Member, dossier: Dossier, reason: str) -> Conflict:
    if not reason.strip():
        raise ValidationError({"reason": _("Vui lòng ghi lý do xung đột lợi ích.")})
    if dossier.campaign_id != member.council.campaign_id:
        raise ApplicationError(_("Hồ sơ không thuộc đợt xét chọn của Hội đồng."))
    refuse_when_frozen(member.council)
    conflict, created = Conflict.objects.get_or_create(
        member=member,
        dossier=dossier,
        defaults={
            "source": ConflictSource.DECLARED,
            "reason": reason.strip(),
            "at": timezone.now(),
        },
    )
    if not created:
        raise ApplicationError(_("Đã ghi nhận xung đột lợi ích với hồ sơ này."))
    removed = Score.objects.filter(
        member=member, dossier=dossier, round__status=RoundStatus.OPEN
    ).delete()[0]
    audit_record(
        actor=actor,
        action="council.conflict_declare",
        obj=member,
        changes={
            "dossier": [None, dossier.pk],
            "reason": [None, conflict.reason],
            "scores_removed": [None, removed],
        },
    )
    for closed in member.council.rounds.filter(status=RoundStatus.CLOSED):
        combined_rebuild(closed, dossiers=[dossier.pk])
    results_recompute(council=member.council)
    return conflict
