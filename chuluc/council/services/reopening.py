"""The chair reopens the council's assessment after its round was locked.

Once the secretary has locked a round, the campaign's stage is "scores locked" and the
screening of dossiers is refused (``campaigns.lifecycles.before_scores_locked``): a dossier
concluded eligible then would silently miss the ranking. When a dossier must still come in
(or its assessment be done again), the chair reopens the assessment with a reason: a new
round opens with every member's scores of the locked round carried into it, each member's
sheet is a draft again with the chair's reason on their scoring page, the screening is
allowed again (the stage is back to scoring), and the dossier that enters joins the sheets.
The secretary locks the new round as before; the ranking reads it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuluc.core.audit import audit_record
from chuluc.core.errors import ApplicationError
from chuluc.core.text import nfc
from chuluc.council import rules
from chuluc.council.enums import RoundStatus
from chuluc.council.lifecycles import ROUND
from chuluc.council.models import Council, CriterionAssignment, Round, Score, ScoreSheet
from chuluc.council.services.rounds import next_round_number, round_open_refusal


def assessment_reopen_refusal(council: Council, *, actor=None) -> str | None:
    """Why the assessment cannot be reopened now (``None`` when it can): by the chair, once
    a round is locked, none is open and the result is not yet published."""
    if actor is not None and not rules.is_chair(actor, council):
        return _("Chỉ Chủ tịch Hội đồng mở lại việc đánh giá.")
    if not council.rounds.filter(status=RoundStatus.CLOSED).exists():
        return _("Chưa có vòng chấm nào đã khóa: thành viên vẫn tự sửa điểm của mình.")
    return round_open_refusal(council)


@transaction.atomic
def assessment_reopen(*, actor, council: Council, reason: str) -> Round:
    reason = nfc(reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Vui lòng ghi lý do mở lại việc đánh giá.")})
    council = Council.objects.select_for_update().get(pk=council.pk)
    refused = assessment_reopen_refusal(council, actor=actor)
    if refused:
        raise ApplicationError(refused)
    locked = council.rounds.filter(status=RoundStatus.CLOSED).order_by("-number").first()
    number = next_round_number(council)
    round_ = Round.objects.create(
        council=council,
        number=number,
        name=_("Vòng %(n)s (mở lại việc đánh giá)") % {"n": number},
        reopen_reason=reason,
        status=ROUND.initial,
    )
    now = timezone.now()
    Score.objects.bulk_create(
        Score(
            round=round_,
            member_id=score.member_id,
            dossier_id=score.dossier_id,
            criterion_id=score.criterion_id,
            value=score.value,
            comment=score.comment,
            updated_at=now,
        )
        for score in locked.scores.all().iterator()
    )
    notice = _(
        "Chủ tịch Hội đồng đã mở lại việc đánh giá: %(reason)s. Điểm của ông/bà ở %(round)s "
        "đã được chép sang vòng này; vui lòng xem lại, chấm hồ sơ mới (nếu có) rồi nộp lại "
        "phiếu."
    ) % {"reason": reason, "round": locked.name}
    members = CriterionAssignment.objects.filter(member__council=council).values_list(
        "member_id", flat=True
    )
    ScoreSheet.objects.bulk_create(
        ScoreSheet(round=round_, member_id=member, reopened_because=notice)
        for member in sorted(set(members))
    )
    audit_record(
        actor=actor,
        action="council.assessment_reopen",
        obj=round_,
        changes={"number": [None, number], "after_round": [None, locked.number], "reason": reason},
    )
    return round_
