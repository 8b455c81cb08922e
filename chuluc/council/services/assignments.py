"""Writes of who scores which judged criterion of the campaign."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chuluc.campaigns.enums import CriterionKind
from chuluc.campaigns.models import Criterion
from chuluc.core.audit import audit_record
from chuluc.core.errors import ApplicationError
from chuluc.council.models import Council, CriterionAssignment, Member, Score


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
