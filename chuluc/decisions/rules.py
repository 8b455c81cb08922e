"""Who may do what with publications, comments, decisions and certificates (named
predicates; every view and endpoint checks one)."""

from chuluc.accounts.rules import is_internal, is_officer
from chuluc.registry.rules import represents


def can_manage_recognition(user) -> bool:
    """Publish results, moderate and answer comments, draft and enter decisions, issue and
    revoke certificates: officers of the Department of Industry and Trade."""
    return is_officer(user)


def can_view_comments(user) -> bool:
    """Read every comment, published or not, with the sender's contact."""
    return is_officer(user)


def can_view_recognitions(user) -> bool:
    """The internal list of recognitions with their history (leaders read, officers edit)."""
    return is_internal(user)


def can_download_certificate(user, recognition) -> bool:
    """The certificate PDF: officers, and the enterprise's own verified representatives."""
    return is_officer(user) or represents(user, recognition.enterprise_id)
