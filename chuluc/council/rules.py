"""Named predicates for the council. Independence and conflicts are enforced here."""

from __future__ import annotations

from chuluc.accounts.rules import is_internal, is_officer
from chuluc.council.enums import SCORABLE_STATUSES, MemberRole, RoundStatus
from chuluc.council.models import Member


def seat(user, council):
    """The user's seat on the council, or None (cached per request on the user)."""
    if not getattr(user, "is_authenticated", False) or council is None:
        return None
    cache = user.__dict__.setdefault("_chuluc_seats", {})
    if council.pk not in cache:
        cache[council.pk] = Member.objects.filter(council=council, user=user).first()
    return cache[council.pk]


def can_manage_council(user) -> bool:
    return is_officer(user)


def is_member(user, council) -> bool:
    return seat(user, council) is not None


def is_secretary_or_chair(user, council) -> bool:
    member = seat(user, council)
    return member is not None and member.role in {
        MemberRole.SECRETARY,
        MemberRole.CHAIR,
        MemberRole.VICE_CHAIR,
    }


def is_chair(user, council) -> bool:
    member = seat(user, council)
    return member is not None and member.role == MemberRole.CHAIR


def can_close_round(user, council) -> bool:
    member = seat(user, council)
    return member is not None and member.role == MemberRole.SECRETARY


def can_approve_correction(user, council) -> bool:
    return is_chair(user, council)


# The rules of the council's lifecycles (``council.lifecycles``): ``rule(user, record)``.


def can_close_this_round(user, round_) -> bool:
    """The secretary of the round's council closes it."""
    return can_close_round(user, round_.council)


def can_submit_own_sheet(user, sheet) -> bool:
    """A score sheet is submitted, or taken back to draft, by its own member only."""
    return getattr(user, "pk", None) is not None and sheet.member.user_id == user.pk


def can_decide_correction(user, correction) -> bool:
    """The chair of the council of the corrected score approves or rejects."""
    return can_approve_correction(user, correction.score.round.council)


def scoring_open(council) -> bool:
    return council.rounds.filter(status=RoundStatus.OPEN).exists()


def can_view_results(user, council) -> bool:
    """Nobody sees combined scores while a round is open: independence first."""
    if scoring_open(council):
        return False
    return is_internal(user) or is_secretary_or_chair(user, council)


def can_view_ranking(user, council) -> bool:
    """The combined ranking, once no round is open: whoever sees the full results, and
    every member of the council (without the dossiers they declared a conflict on)."""
    if scoring_open(council):
        return False
    return can_view_results(user, council) or is_member(user, council)


def scores_on_council(user, council) -> bool:
    """The user's seat scores at least one criterion: they have a score sheet. The chair
    and the secretary usually score none, and are offered no sheet."""
    member = seat(user, council)
    return member is not None and member.assignments.exists()


def can_view_progress(user, council) -> bool:
    """Counts of what is scored (no values) for the secretariat."""
    return can_manage_council(user) or is_secretary_or_chair(user, council) or is_internal(user)


def conflicted(member, dossier) -> bool:
    return member.conflicts.filter(dossier=dossier).exists()


def can_view_council_dossier(user, council, dossier) -> bool:
    """A member sees a dossier of the campaign unless conflicted on it."""
    member = seat(user, council)
    return (
        member is not None
        and dossier.campaign_id == council.campaign_id
        and dossier.status in SCORABLE_STATUSES
        and not conflicted(member, dossier)
    )


def can_view_score_sheet(user, council, member, round_) -> bool:
    """A member's own score sheet is theirs at any time. Anybody else's only once scoring is
    over (the round closed and no round open), for the secretary, the chair and officers:
    while a round is open nobody but the member sees a member's scores."""
    if member.council_id != council.pk or round_.council_id != council.pk:
        return False
    own = seat(user, council)
    if own is not None and own.pk == member.pk:
        return True
    if round_.status != RoundStatus.CLOSED or scoring_open(council):
        return False
    return can_manage_council(user) or is_secretary_or_chair(user, council)
