"""Writes of the council: composition, assignments, conflicts, scores, rounds, corrections.

Every write recomputes what depends on it (results) in the same transaction and leaves one
audit row."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuluc.accounts.enums import MembershipStatus, Role
from chuluc.accounts.models import EnterpriseMembership, RoleAssignment
from chuluc.campaigns.enums import CriterionKind
from chuluc.campaigns.models import Campaign, Criterion, Dossier
from chuluc.campaigns.services import criteria_set_freeze
from chuluc.core.audit import audit_record
from chuluc.core.errors import ApplicationError
from chuluc.core.text import nfc
from chuluc.council.combined import combined_rebuild
from chuluc.council.enums import (
    ROUND_TRANSITIONS,
    SCORABLE_STATUSES,
    ConflictSource,
    CorrectionStatus,
    MemberRole,
    RoundStatus,
)
from chuluc.council.models import (
    Conflict,
    Correction,
    Council,
    CriterionAssignment,
    Member,
    Round,
    Score,
    SheetSubmission,
    TieVote,
)
from chuluc.council.ranking import results_frozen

MIN_TIED = 2  # a vote orders at least two tied dossiers
SCORABLE = set(SCORABLE_STATUSES)


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


@transaction.atomic
def assignment_set(
    *, actor, council: Council, criterion: Criterion, members: list[Member]
) -> list[CriterionAssignment]:
    """Who scores a judged criterion (replaces the previous assignment)."""
    if (
        criterion.kind != CriterionKind.JUDGED
        or criterion.group.criteria_set_id != council.campaign.criteria_set_id
    ):
        raise ApplicationError(
            _("Chỉ phân công được tiêu chí do Hội đồng chấm của bộ tiêu chí đợt này.")
        )
    if any(m.council_id != council.pk for m in members):
        raise ApplicationError(_("Chỉ phân công được thành viên của Hội đồng này."))
    if not members:
        raise ValidationError({"members": _("Mỗi tiêu chí cần ít nhất một người chấm.")})
    if (
        Score.objects.filter(round__council=council, criterion=criterion)
        .exclude(member__in=members)
        .exists()
    ):
        raise ApplicationError(
            _(
                "Đã có điểm của thành viên bị bỏ khỏi phân công; không thể đổi phân công tiêu chí này."
            )
        )
    before = sorted(
        council.assignments.filter(criterion=criterion).values_list("member_id", flat=True)
    )
    council.assignments.filter(criterion=criterion).delete()
    rows = CriterionAssignment.objects.bulk_create(
        [CriterionAssignment(council=council, criterion=criterion, member=m) for m in members]
    )
    audit_record(
        actor=actor,
        action="council.assignment_set",
        obj=council,
        changes={criterion.code: [before, sorted(m.pk for m in members)]},
    )
    return rows


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
    _refuse_when_frozen(member.council)
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


@transaction.atomic
def round_open(
    *,
    actor,
    council: Council,
    name: str,
    opens_on: dt.date | None = None,
    closes_on: dt.date | None = None,
) -> Round:
    if council.rounds.filter(status=RoundStatus.OPEN).exists():
        raise ApplicationError(_("Đang có vòng chấm chưa khóa."))
    _refuse_when_frozen(council)
    number = (council.rounds.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    round_ = Round.objects.create(
        council=council,
        number=number,
        name=nfc(name) or _("Vòng %s") % number,
        opens_on=opens_on,
        closes_on=closes_on,
    )
    audit_record(
        actor=actor, action="council.round_open", obj=round_, changes={"number": [None, number]}
    )
    return round_


def _parse_value(value, criterion: Criterion) -> Decimal:
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ValidationError({"value": _("Điểm “%s” không phải là số.") % value}) from None
    if not number.is_finite() or number < 0 or number > criterion.max_points:
        raise ValidationError(
            {
                "value": _("Điểm tiêu chí %(c)s phải từ 0 đến %(m)s.")
                % {"c": criterion.code, "m": f"{criterion.max_points.normalize():f}"}
            }
        )
    if number != number.quantize(Decimal("0.01")):
        raise ValidationError({"value": _("Điểm chỉ có tối đa hai chữ số thập phân.")})
    return number


@transaction.atomic
def score_record(
    *, actor, round_: Round, dossier: Dossier, criterion: Criterion, value, comment: str = ""
) -> Score:
    """A member's score for one criterion of one dossier, saved as they type."""
    round_ = (
        Round.objects.select_for_update()
        .select_related("council", "council__campaign")
        .get(pk=round_.pk)
    )
    council = round_.council
    if round_.status != RoundStatus.OPEN:
        raise ApplicationError(
            _("Vòng chấm đã khóa; điểm chỉ sửa được qua đề nghị điều chỉnh có Chủ tịch duyệt.")
        )
    member = Member.objects.filter(council=council, user=actor).first()
    if member is None:
        raise ApplicationError(_("Bạn không phải thành viên Hội đồng."))
    if not member.no_conflict_signed_at:
        raise ApplicationError(_("Vui lòng ký cam kết không xung đột lợi ích trước khi chấm."))
    if not CriterionAssignment.objects.filter(member=member, criterion=criterion).exists():
        raise ApplicationError(_("Bạn không được phân công chấm tiêu chí %s.") % criterion.code)
    if dossier.campaign_id != council.campaign_id or dossier.status not in SCORABLE:
        raise ApplicationError(_("Hồ sơ không thuộc danh sách chấm điểm."))
    if member.conflicts.filter(dossier=dossier).exists():
        raise ApplicationError(_("Bạn có xung đột lợi ích với hồ sơ này."))
    number = _parse_value(value, criterion)
    criteria_set_freeze(council.campaign.criteria_set)
    score, created = Score.objects.update_or_create(
        round=round_,
        member=member,
        dossier=dossier,
        criterion=criterion,
        defaults={"value": number, "comment": nfc(comment), "updated_at": timezone.now()},
    )
    SheetSubmission.objects.filter(
        round=round_, member=member
    ).delete()  # a change reopens the sheet
    audit_record(
        actor=actor,
        action="council.score_record",
        obj=score,
        changes={"value": [None, number], "created": [None, created]},
    )
    return score


def sheet_missing(member: Member, round_: Round) -> list[tuple[int, str]]:
    """(dossier, criterion code) pairs the member still has to score in the round."""
    from chuluc.council.selectors import member_dossiers

    criteria = list(Criterion.objects.filter(pk__in=member.assignments.values("criterion_id")))
    done = set(
        Score.objects.filter(round=round_, member=member).values_list("dossier_id", "criterion_id")
    )
    return [
        (d.pk, c.code)
        for d in member_dossiers(member=member)
        for c in criteria
        if (d.pk, c.pk) not in done
    ]


@transaction.atomic
def sheet_submit(*, actor, round_: Round) -> SheetSubmission:
    # the round as it is now, locked against a concurrent close (as in score_record)
    round_ = Round.objects.select_for_update().select_related("council").get(pk=round_.pk)
    member = Member.objects.filter(council=round_.council, user=actor).first()
    if member is None:
        raise ApplicationError(_("Bạn không phải thành viên Hội đồng."))
    if round_.status != RoundStatus.OPEN:
        raise ApplicationError(_("Vòng chấm đã khóa."))
    missing = sheet_missing(member, round_)
    if missing:
        raise ApplicationError(
            _("Phiếu chấm còn thiếu %s ô điểm.") % len(missing), extra={"missing": missing}
        )
    submission, _created = SheetSubmission.objects.get_or_create(
        round=round_, member=member, defaults={"at": timezone.now()}
    )
    audit_record(
        actor=actor,
        action="council.sheet_submit",
        obj=round_,
        changes={"member": [None, member.pk]},
    )
    return submission


@transaction.atomic
def round_close(*, actor, round_: Round) -> Round:
    """The secretary closes scoring: scores lock, results are computed, dossiers are marked."""
    round_ = Round.objects.select_for_update().select_related("council").get(pk=round_.pk)
    if RoundStatus.CLOSED not in ROUND_TRANSITIONS[round_.status]:
        raise ApplicationError(_("Vòng chấm đã khóa."))
    round_.status = RoundStatus.CLOSED
    round_.closed_at, round_.closed_by = timezone.now(), actor
    round_.save()
    combined_rebuild(round_)
    results = results_recompute(council=round_.council)
    audit_record(
        actor=actor,
        action="council.round_close",
        obj=round_,
        changes={"status": [RoundStatus.OPEN, RoundStatus.CLOSED], "results": [None, results]},
    )
    return round_


@transaction.atomic
def correction_request(*, actor, score: Score, new_value, reason: str) -> Correction:
    score = Score.objects.select_related("round", "criterion", "member").get(pk=score.pk)
    if score.round.status != RoundStatus.CLOSED:
        raise ApplicationError(_("Vòng chấm chưa khóa: thành viên tự sửa điểm của mình."))
    if not reason.strip():
        raise ValidationError({"reason": _("Vui lòng ghi lý do điều chỉnh.")})
    number = _parse_value(new_value, score.criterion)
    correction = Correction.objects.create(
        score=score,
        old_value=score.value,
        new_value=number,
        reason=reason.strip(),
        requested_by=actor,
        requested_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="council.correction_request",
        obj=score,
        changes={"value": [score.value, number], "reason": [None, correction.reason]},
    )
    return correction


@transaction.atomic
def correction_decide(*, actor, correction: Correction, approve: bool) -> Correction:
    """The chair approves (the score changes, results are recomputed) or refuses."""
    correction = (
        Correction.objects.select_for_update()
        .select_related("score", "score__round__council")
        .get(pk=correction.pk)
    )
    council = correction.score.round.council
    if not Member.objects.filter(council=council, user=actor, role=MemberRole.CHAIR).exists():
        raise ApplicationError(_("Chỉ Chủ tịch Hội đồng được duyệt điều chỉnh điểm."))
    if correction.status != CorrectionStatus.REQUESTED:
        raise ApplicationError(_("Đề nghị này đã được xử lý."))
    if approve:
        _refuse_when_frozen(council)
    correction.status = CorrectionStatus.APPROVED if approve else CorrectionStatus.REJECTED
    correction.decided_by, correction.decided_at = actor, timezone.now()
    correction.save()
    score = correction.score
    if approve:
        Score.objects.filter(pk=score.pk).update(
            value=correction.new_value, updated_at=timezone.now()
        )
        combined_rebuild(score.round, dossiers=[score.dossier_id], criteria=[score.criterion_id])
        results_recompute(council=council)
    audit_record(
        actor=actor,
        action=f"council.correction_{correction.status}",
        obj=score,
        changes={
            "value": [
                correction.old_value,
                correction.new_value if approve else correction.old_value,
            ],
            "reason": [None, correction.reason],
        },
    )
    return correction


@transaction.atomic
def tie_vote_record(*, actor, council: Council, order: list[int], minutes: str) -> TieVote:
    if not minutes.strip():
        raise ValidationError({"minutes": _("Vui lòng ghi biên bản biểu quyết.")})
    _refuse_when_frozen(council)
    from chuluc.council.aggregation import rank
    from chuluc.council.ranking import ranking_input

    inp = ranking_input(council)
    unresolved = [set(s) for tie in rank(inp).ties for s in tie.unresolved] if inp else []
    if len(order) < MIN_TIED or set(order) not in unresolved:
        raise ApplicationError(
            _("Thứ tự biểu quyết phải gồm đúng các hồ sơ đang bằng điểm cần biểu quyết: %s.")
            % "; ".join(", ".join(str(d) for d in sorted(s)) for s in unresolved)
        )
    vote = TieVote.objects.create(
        council=council, order=order, minutes=minutes.strip(), recorded_by=actor, at=timezone.now()
    )
    results_recompute(council=council)
    audit_record(
        actor=actor, action="council.tie_vote", obj=council, changes={"order": [None, order]}
    )
    return vote


def _refuse_when_frozen(council: Council) -> None:
    if results_frozen(council):
        raise ApplicationError(
            _(
                "Kết quả đã được công bố lấy ý kiến; điểm và kết quả của Hội đồng không còn thay đổi được."
            )
        )


def results_recompute(*, council: Council, rebuild: bool = False) -> int:
    """Recompute every result of the council (inside the caller's transaction); with
    ``rebuild``, first recombine every score of the latest closed round. Returns the number
    of results."""
    from chuluc.council.ranking import compute_results

    if rebuild:
        closed = council.rounds.filter(status=RoundStatus.CLOSED).order_by("-number").first()
        if closed is not None:
            combined_rebuild(closed)
    return compute_results(council=council)
