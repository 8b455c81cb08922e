"""The council's results: recomputed inside the services whose writes they follow (a
closed round, an approved correction, a declared conflict, a tie vote), under those
services' audit rows; and the refusal every write shares once the results are published."""

from __future__ import annotations

from chuluc.core.errors import ApplicationError
from chuluc.council.combined import combined_rebuild
from chuluc.council.enums import RoundStatus
from chuluc.council.lifecycles import RESULTS_FROZEN
from chuluc.council.models import Council
from chuluc.council.ranking import compute_results
from chuluc.council.selectors import results_frozen


def results_recompute(*, council: Council, rebuild: bool = False) -> int:
    """Recompute every result of the council (inside the caller's transaction); with
    ``rebuild``, first recombine every score of the latest closed round. Returns the number
    of results."""
    if rebuild:
        closed = council.rounds.filter(status=RoundStatus.CLOSED).order_by("-number").first()
        if closed is not None:
            combined_rebuild(closed)
    return compute_results(council=council)


def refuse_when_frozen(council: Council) -> None:
    """Raise once the result is published: the council's scores and results stand."""
    if results_frozen(council):
        raise ApplicationError(str(RESULTS_FROZEN))
