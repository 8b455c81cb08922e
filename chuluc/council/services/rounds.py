"""Writes of the scoring rounds: a new round, and the close that locks the scores and
computes the results (``council.lifecycles.ROUND``)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuluc.core.audit import audit_record
from chuluc.core.errors import ApplicationError
from chuluc.core.text import nfc
from chuluc.council.combined import combined_rebuild
from chuluc.council.enums import RoundStatus
from chuluc.council.lifecycles import RESULTS_FROZEN, ROUND
from chuluc.council.models import Council, Round
from chuluc.council.notifications import notify_round_opened
from chuluc.council.selectors import results_frozen
from chuluc.council.services.results import results_recompute


def round_open_refusal(council: Council) -> str | None:
    """Why a new round cannot be opened now, or ``None``: what the service refuses and what
    the council's page no longer offers."""
    if council.rounds.filter(status=RoundStatus.OPEN).exists():
        return _("Đang có vòng chấm chưa khóa.")
    if results_frozen(council):
        return str(RESULTS_FROZEN)
    return None


def next_round_number(council: Council) -> int:
    return (council.rounds.order_by("-number").values_list("number", flat=True).first() or 0) + 1


@transaction.atomic
def round_open(
    *,
    actor,
    council: Council,
    name: str,
    opens_on: dt.date | None = None,
    closes_on: dt.date | None = None,
) -> Round:
    refused = round_open_refusal(council)
    if refused:
        raise ApplicationError(refused)
    number = next_round_number(council)
    round_ = Round.objects.create(
        council=council,
        number=number,
        name=nfc(name) or _("Vòng %s") % number,
        opens_on=opens_on,
        closes_on=closes_on,
        status=ROUND.initial,
    )
    audit_record(
        actor=actor, action="council.round_open", obj=round_, changes={"number": [None, number]}
    )
    notify_round_opened(round_)
    return round_


@transaction.atomic
def round_close(*, actor, round_: Round) -> Round:
    """The secretary closes scoring: scores lock, results are computed, dossiers are marked."""
    # the round as it is now, locked against the members' concurrent score_record
    round_ = Round.objects.select_for_update().select_related("council").get(pk=round_.pk)
    if round_.status == RoundStatus.CLOSED:
        # what the secretary is told; the lifecycle refuses it as well
        raise ApplicationError(_("Vòng chấm đã khóa."))
    ROUND.fire(
        round_, "close", actor=actor, fields={"closed_at": timezone.now(), "closed_by": actor}
    )
    combined_rebuild(round_)
    results_recompute(council=round_.council)
    return round_
