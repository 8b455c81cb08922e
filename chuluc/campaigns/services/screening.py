"""Writes of a dossier's screening: the automatic check of every eligibility rule and the
computed criteria when it is submitted, the officer's conclusion on each rule (its
lifecycle, ``campaigns.lifecycles.ELIGIBILITY``), the check of the evidence behind a
computed criterion, and the conclusion on the whole dossier: eligible or not."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuluc.campaigns import screening
from chuluc.campaigns.enums import DossierStatus, ScreeningOutcome
from chuluc.campaigns.lifecycles import DOSSIER, ELIGIBILITY
from chuluc.campaigns.models import ComputedScore, Dossier, ScreeningCheck
from chuluc.core.audit import audit_record
from chuluc.core.errors import ApplicationError

#: The event of the officer's conclusion on one rule, by outcome.
CONCLUSION_EVENTS = {ScreeningOutcome.PASS: "conclude_pass", ScreeningOutcome.FAIL: "conclude_fail"}


def screening_run(*, dossier: Dossier) -> None:
    """Check every rule and compute every computed criterion from the dossier as submitted
    (inside ``dossier_submit``, whose audit row covers it). A resubmitted dossier is
    screened again from the start: the officer's earlier conclusions go with the old rows."""
    ScreeningCheck.objects.filter(dossier=dossier).delete()
    ScreeningCheck.objects.bulk_create(
        [
            ScreeningCheck(
                dossier=dossier,
                rule_id=r.rule_id,
                automatic=r.outcome,
                figures_used=r.figures,
                officer_outcome=ELIGIBILITY.initial,
            )
            for r in screening.evaluate_rules(dossier)
        ]
    )
    ComputedScore.objects.filter(dossier=dossier).delete()
    ComputedScore.objects.bulk_create(
        [
            ComputedScore(dossier=dossier, criterion_id=cid, value=value, points=points)
            for cid, value, points in screening.compute_scores(dossier)
        ]
    )


@transaction.atomic
def screening_decide(
    *, actor, check: ScreeningCheck, outcome: str, reason: str = ""
) -> ScreeningCheck:
    """An officer confirms the automatic result of one rule, or overrides it with a reason."""
    check = (
        ScreeningCheck.objects.select_for_update()
        .select_related("dossier", "rule")
        .get(pk=check.pk)
    )
    event = CONCLUSION_EVENTS.get(outcome)
    if event is None:
        raise ValidationError({"outcome": _("Kết luận phải là Đạt hoặc Không đạt.")})
    refused = ELIGIBILITY.refusal(check, event, actor=actor)
    if refused:
        raise ApplicationError(refused)
    if outcome != check.automatic and not reason.strip():
        raise ValidationError({"reason": _("Kết luận khác kết quả tự động: vui lòng ghi lý do.")})
    ELIGIBILITY.fire(
        check,
        event,
        actor=actor,
        fields={"reason": reason.strip(), "decided_by": actor, "decided_at": timezone.now()},
        changes={"rule": check.rule.code, "automatic": check.automatic},
    )
    return check


@transaction.atomic
def computed_score_verify(*, actor, score: ComputedScore, verified: bool = True) -> ComputedScore:
    score = (
        ComputedScore.objects.select_for_update()
        .select_related("dossier", "criterion")
        .get(pk=score.pk)
    )
    if score.dossier.status not in {DossierStatus.SUBMITTED, DossierStatus.ELIGIBLE}:
        raise ApplicationError(
            _("Chỉ xác minh minh chứng khi hồ sơ đang thẩm định hoặc chờ chấm điểm.")
        )
    score.evidence_verified = verified
    score.verified_by, score.verified_at = (actor, timezone.now()) if verified else (None, None)
    score.save()
    audit_record(
        actor=actor,
        action="dossier.computed_verify",
        obj=score.dossier,
        changes={score.criterion.code: [not verified, verified]},
    )
    return score


@transaction.atomic
def dossier_screen(
    *, actor, dossier: Dossier, comment: str = "", accept_automatic: bool = False
) -> Dossier:
    """Conclude screening: eligible when every rule passes, otherwise ineligible with why
    (the reasons go to the dossier's timeline and to the enterprise).

    ``accept_automatic``: the officer agrees with the automatic result of every rule not yet
    concluded, and concludes in the same step (one click from the queue instead of one per
    rule); refused, with the rule named, when a rule's automatic result needs the officer's
    own judgement."""
    locked = Dossier.objects.select_for_update().select_related("campaign", "enterprise")
    dossier = locked.get(pk=dossier.pk)
    checks = list(dossier.screening.select_related("rule"))
    if accept_automatic:
        checks = _accept_automatic(actor, checks)
    failed = [c for c in checks if c.decided and c.outcome == ScreeningOutcome.FAIL]
    reasons = "; ".join(
        f"{c.rule.code} {c.rule.name}" + (f": {c.reason}" if c.reason else "") for c in failed
    )
    DOSSIER.fire(
        dossier,
        "conclude_ineligible" if failed else "conclude_eligible",
        actor=actor,
        note="\n".join(part for part in (reasons, comment.strip()) if part),
        checks=checks,
    )
    return dossier


def _accept_automatic(actor, checks: list[ScreeningCheck]) -> list[ScreeningCheck]:
    """Conclude every pending rule as its automatic result said (``dossier_screen``)."""
    undecided = [c for c in checks if not c.decided]
    judged = [c for c in undecided if c.automatic not in CONCLUSION_EVENTS]
    if judged:
        raise ApplicationError(
            _("Điều kiện %(rules)s cần cán bộ đánh giá: chọn Đạt hoặc Không đạt ở dòng đó.")
            % {"rules": ", ".join(c.rule.code for c in judged)}
        )
    for check in undecided:
        screening_decide(actor=actor, check=check, outcome=check.automatic)
    return list(ScreeningCheck.objects.filter(pk__in=[c.pk for c in checks]).select_related("rule"))
