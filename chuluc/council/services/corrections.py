"""Writes of corrections: a change to a locked score, asked with a reason and applied only
when the chair approves it (``council.lifecycles.CORRECTION``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuluc.core.audit import audit_record
from chuluc.core.errors import ApplicationError
from chuluc.core.text import nfc
from chuluc.council import rules
from chuluc.council.combined import combined_rebuild
from chuluc.council.enums import CorrectionStatus, RoundStatus
from chuluc.council.lifecycles import CORRECTION
from chuluc.council.models import Correction, Score
from chuluc.council.notifications import notify_correction_requested
from chuluc.council.services.results import refuse_when_frozen, results_recompute
from chuluc.council.services.sheets import parse_score


@transaction.atomic
def correction_request(*, actor, score: Score, new_value, reason: str) -> Correction:
    score = Score.objects.select_related("round__council", "criterion", "member").get(pk=score.pk)
    if score.round.status != RoundStatus.CLOSED:
        raise ApplicationError(_("Vòng chấm chưa khóa: thành viên tự sửa điểm của mình."))
    refuse_when_frozen(score.round.council)
    if Correction.objects.filter(score=score, status=CorrectionStatus.REQUESTED).exists():
        raise ApplicationError(_("Điểm này đã có một đề nghị điều chỉnh đang chờ Chủ tịch duyệt."))
    errors = {}
    try:
        number = parse_score(new_value, score.criterion)
    except ValidationError as exc:
        errors["new_value"] = exc.message_dict["value"]
    else:
        if number == score.value:
            errors["new_value"] = [_("Điểm mới trùng với điểm hiện tại.")]
    if not reason.strip():
        errors["reason"] = [_("Vui lòng ghi lý do điều chỉnh.")]
    if errors:
        raise ValidationError(errors)
    correction = Correction.objects.create(
        score=score,
        old_value=score.value,
        new_value=number,
        reason=nfc(reason).strip(),
        requested_by=actor,
        requested_at=timezone.now(),
        status=CORRECTION.initial,
    )
    audit_record(
        actor=actor,
        action="council.correction_request",
        obj=score,
        changes={"value": [score.value, number], "reason": [None, correction.reason]},
    )
    notify_correction_requested(correction)
    return correction


@transaction.atomic
def correction_decide(
    *, actor, correction: Correction, approve: bool, reason: str = ""
) -> Correction:
    """The chair approves (the score changes, results are recomputed) or rejects, with the
    reason (required to reject: the member is told why)."""
    correction = (
        Correction.objects.select_for_update()
        .select_related("score", "score__round__council")
        .get(pk=correction.pk)
    )
    # what the person is told; the lifecycle checks both again
    if not rules.can_decide_correction(actor, correction):
        raise ApplicationError(_("Chỉ Chủ tịch Hội đồng được duyệt điều chỉnh điểm."))
    if correction.status != CorrectionStatus.REQUESTED:
        raise ApplicationError(_("Đề nghị này đã được xử lý."))
    reason = nfc(reason).strip()
    if not approve and not reason:
        raise ValidationError({"reason": _("Vui lòng ghi lý do từ chối.")})
    score = correction.score
    CORRECTION.fire(
        correction,
        "approve" if approve else "reject",
        actor=actor,
        fields={"decided_by": actor, "decided_at": timezone.now(), "decision_reason": reason},
        changes={
            "score": [None, score.pk],
            "value": [
                correction.old_value,
                correction.new_value if approve else correction.old_value,
            ],
            "reason": [None, correction.reason],
        },
    )
    if approve:
        Score.objects.filter(pk=score.pk).update(
            value=correction.new_value, updated_at=timezone.now()
        )
        combined_rebuild(score.round, dossiers=[score.dossier_id], criteria=[score.criterion_id])
        results_recompute(council=score.round.council)
    return correction
