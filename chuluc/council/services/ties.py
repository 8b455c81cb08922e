"""Writes of the council's votes on ties the tie-break criteria leave open."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuluc.core.audit import audit_record
from chuluc.core.errors import ApplicationError
from chuluc.council.aggregation import rank
from chuluc.council.models import Council, TieVote
from chuluc.council.ranking import ranking_input
from chuluc.council.services.results import refuse_when_frozen, results_recompute

MIN_TIED = 2  # a vote orders at least two tied dossiers


@transaction.atomic
def tie_vote_record(*, actor, council: Council, order: list[int], minutes: str) -> TieVote:
    if not minutes.strip():
        raise ValidationError({"minutes": _("Vui lòng ghi biên bản biểu quyết.")})
    refuse_when_frozen(council)
    inp = ranking_input(council)
    unresolved = [set(s) for tie in rank(inp).ties for s in tie.unresolved] if inp else []
    if len(order) < MIN_TIED or len(set(order)) != len(order) or set(order) not in unresolved:
        raise ApplicationError(
            _(
                "Các hồ sơ này không còn đồng hạng với nhau (kết quả đã được tính lại); "
                "vui lòng tải lại trang kết quả và biểu quyết theo các nhóm đồng hạng hiện có."
            )
        )
    vote = TieVote.objects.create(
        council=council, order=order, minutes=minutes.strip(), recorded_by=actor, at=timezone.now()
    )
    results_recompute(council=council)
    audit_record(
        actor=actor, action="council.tie_vote", obj=council, changes={"order": [None, order]}
    )
    return vote
