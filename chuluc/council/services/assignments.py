"""Writes of who scores which judged criterion of the campaign. A member given a criterion
more while a round is open has cells to score: their submitted sheet reopens."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chuluc.campaigns.enums import CriterionKind
from chuluc.campaigns.models import Criterion
from chuluc.core.audit import audit_record
from chuluc.core.errors import ApplicationError
from chuluc.council.enums import RoundStatus, ScoreSheetStatus
from chuluc.council.lifecycles import SCORE_SHEET
from chuluc.council.models import Council, CriterionAssignment, Member, Score, ScoreSheet
from chuluc.council.notifications import notify_sheet_assigned


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
    after = sorted(m.pk for m in members)
    audit_record(
        actor=actor,
        action="council.assignment_set",
        obj=council,
        changes={criterion.code: [before, after]},
    )
    _reopen_sheets_of(
        actor=actor, council=council, criterion=criterion, members=set(after) - set(before)
    )
    notify_sheet_assigned(council=council, members=[m for m in members if m.pk not in before])
    return rows


def _reopen_sheets_of(*, actor, council: Council, criterion: Criterion, members: set) -> None:
    """Members given a criterion more have cells to score: their submitted sheets of the open
    round go back to draft, with the reason shown on their scoring page. (A member loses a
    criterion only while they have no score of it, so never with a complete sheet.)"""
    if not members:
        return
    reason = _(
        "Phiếu của ông/bà đã được mở lại vì ông/bà được giao chấm thêm tiêu chí %(code)s "
        "%(name)s. Vui lòng chấm tiêu chí này rồi nộp lại phiếu."
    ) % {"code": criterion.code, "name": criterion.name}
    sheets = (
        ScoreSheet.objects.select_for_update(of=("self",))
        .filter(
            round__council=council,
            round__status=RoundStatus.OPEN,
            status=ScoreSheetStatus.SUBMITTED,
            member_id__in=members,
        )
        .select_related("round", "member")
        .order_by("pk")
    )
    for sheet in sheets:
        SCORE_SHEET.fire(
            sheet,
            "reopen_for_assignment",
            actor=actor,
            fields={"submitted_at": None, "reopened_because": reason},
            changes={"criterion": [None, criterion.code]},
        )
