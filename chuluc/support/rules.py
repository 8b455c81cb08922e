"""Who may do what with support, difficulties and linkages (named predicates; every view
checks one, and the services check the ones that guard a write).

Officers of the Department of Industry and Trade do everything; the city leader reads;
an agency officer sees and answers only the difficulties routed to their agency; an
enterprise's verified representatives see their own enterprise's requests, difficulties,
ledger rows and offers/needs, never another's. Council members and outsiders: nothing."""

from __future__ import annotations

from chuluc.accounts.enums import Role
from chuluc.accounts.models import RoleAssignment
from chuluc.accounts.rules import is_agency_officer, is_enterprise_rep, is_internal, is_officer
from chuluc.accounts.selectors import user_enterprise_ids
from chuluc.registry.rules import represents


def user_agency_id(user) -> int | None:
    """The agency of an agency officer (cached on the user object)."""
    if not is_agency_officer(user):
        return None
    if not hasattr(user, "_chuluc_support_agency"):
        user._chuluc_support_agency = (
            RoleAssignment.objects.filter(user_id=user.pk, role=Role.AGENCY_OFFICER)
            .values_list("agency_id", flat=True)
            .first()
        )
    return user._chuluc_support_agency


def _rep_of_any(user) -> bool:
    return is_enterprise_rep(user) and bool(user_enterprise_ids(user))


def can_use_support(user) -> bool:
    """Opens the support pages at all (each list then shows only what the person may see)."""
    return is_internal(user) or _rep_of_any(user) or user_agency_id(user) is not None


def can_manage_support(user) -> bool:
    """Policies, budget lines, the ledger, events, dialogues, partners, connections."""
    return is_officer(user)


def can_view_support(user) -> bool:
    """Everything of the support part, read only (officers and the city leader)."""
    return is_internal(user)


def can_view_policies(user) -> bool:
    """The catalogue of policies (representatives read it to choose what to request)."""
    return is_internal(user) or _rep_of_any(user)


def can_view_support_lists(user) -> bool:
    """The lists of requests and of the ledger: internal readers see all rows, a
    representative only their own enterprise's."""
    return is_internal(user) or _rep_of_any(user)


def can_view_enterprise_support(user, enterprise_id: int) -> bool:
    """An enterprise's support page: everything it received, requested and raised."""
    return is_internal(user) or (is_enterprise_rep(user) and represents(user, enterprise_id))


def can_request_support(user, enterprise_id: int | None = None) -> bool:
    """A verified representative requests support for their own enterprise."""
    if enterprise_id is None:
        return _rep_of_any(user)
    return is_enterprise_rep(user) and represents(user, enterprise_id)


def can_view_request(user, request) -> bool:
    return can_view_enterprise_support(user, request.enterprise_id)


def can_decide_request(user, support_request=None) -> bool:
    """Approve or refuse a request (any request: officers decide them all)."""
    return is_officer(user)


def can_view_record(user, record) -> bool:
    """A ledger row and its evidence document."""
    return can_view_enterprise_support(user, record.enterprise_id)


def can_view_difficulties(user) -> bool:
    return is_internal(user) or _rep_of_any(user) or user_agency_id(user) is not None


def can_view_difficulty(user, difficulty) -> bool:
    if is_internal(user) or represents(user, difficulty.enterprise_id):
        return True
    agency = user_agency_id(user)
    return agency is not None and agency == difficulty.agency_id


def can_raise_difficulty(user, enterprise_id: int | None = None) -> bool:
    """Representatives raise their own enterprise's difficulties; officers record them
    (e.g. at a dialogue meeting) for any enterprise."""
    return is_officer(user) or can_request_support(user, enterprise_id)


def can_answer_difficulty(user, difficulty) -> bool:
    """Department officers, and officers of the agency it is routed to."""
    if is_officer(user):
        return True
    agency = user_agency_id(user)
    return agency is not None and agency == difficulty.agency_id


def can_route_difficulty(user, difficulty=None) -> bool:
    """Route a difficulty to the agency that answers it (or to another one)."""
    return is_officer(user)


def can_confirm_difficulty(user, difficulty) -> bool:
    """Confirm an answer (resolved) or reopen it: the enterprise's own representatives, and
    department officers on their behalf."""
    return is_officer(user) or (
        is_enterprise_rep(user) and represents(user, difficulty.enterprise_id)
    )


def can_confirm_own_difficulty(user, difficulty) -> bool:
    """The enterprise's own page of a difficulty (its two buttons once answered, never the
    officers' form): a representative of that enterprise who does not also answer it."""
    return (
        is_enterprise_rep(user)
        and represents(user, difficulty.enterprise_id)
        and not can_answer_difficulty(user, difficulty)
    )


def can_view_events(user) -> bool:
    """Trade events and dialogue meetings: internal readers see them with everyone taking
    part; a representative sees them with only their own enterprise's registration."""
    return is_internal(user) or _rep_of_any(user)


def can_join_events(user) -> bool:
    """Register (or withdraw) one's own enterprise for an event or a dialogue; the service
    also asks for a recognition in force."""
    return _rep_of_any(user)


def can_view_linkages(user) -> bool:
    """Offers and needs: officers and the leader see all; representatives the board
    (``selectors.listings_for``)."""
    return is_internal(user) or _rep_of_any(user)


def can_view_listing(user, listing) -> bool:
    """Internal readers: every listing; a representative: their own, and another firm's
    while it is open (the board), never a partner firm's."""
    if is_internal(user):
        return True
    if listing.enterprise_id is None:
        return False
    return represents(user, listing.enterprise_id) or (listing.is_open and _rep_of_any(user))


def can_request_connection(user, listing) -> bool:
    """Ask, through the program, to be put in touch with the firm behind another firm's
    open listing."""
    return (
        listing.enterprise_id is not None
        and listing.is_open
        and _rep_of_any(user)
        and not represents(user, listing.enterprise_id)
    )


def can_view_connection_requests(user, listing) -> bool:
    """Who asked to be put in touch about a listing: its own firm and internal readers."""
    return is_internal(user) or (
        listing.enterprise_id is not None and represents(user, listing.enterprise_id)
    )


def can_post_listing(user, enterprise_id: int | None = None) -> bool:
    return is_officer(user) or can_request_support(user, enterprise_id)


def can_view_matches(user) -> bool:
    """Matching suggestions name other firms: officers broker them, the leader reads."""
    return is_internal(user)


def can_view_partners(user) -> bool:
    """Partner firms and their private contacts: officers only."""
    return is_officer(user)
