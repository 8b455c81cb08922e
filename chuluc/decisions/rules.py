"""Who may do what with publications, comments, decisions and certificates (named
predicates; every view, endpoint and lifecycle event checks one)."""

from chuluc.accounts.rules import is_enterprise_rep, is_internal, is_officer
from chuluc.accounts.selectors import user_enterprise_ids
from chuluc.registry.rules import represents


def can_manage_recognition(user, obj=None) -> bool:
    """Publish results, moderate and answer comments, draft and enter decisions, issue and
    revoke certificates: officers of the Department of Industry and Trade."""
    return is_officer(user)


def can_moderate_comment(user, comment=None) -> bool:
    """Publish a comment or keep it private."""
    return can_manage_recognition(user)


def can_enter_decision(user, publication=None) -> bool:
    """Record the signed decision, which closes the publication's comment record."""
    return can_manage_recognition(user)


def can_issue_certificates(user, decision=None) -> bool:
    """Render and store the certificates' files of a decision (or render them again)."""
    return can_manage_recognition(user)


def can_revoke_recognition(user, recognition=None) -> bool:
    return can_manage_recognition(user)


def can_view_comments(user) -> bool:
    """Read every comment, published or not, with the sender's contact."""
    return is_officer(user)


def can_view_recognitions(user) -> bool:
    """The internal list of recognitions with their history (leaders read, officers edit)."""
    return is_internal(user)


def can_download_certificate(user, recognition) -> bool:
    """The certificate PDF: officers, and the enterprise's own verified representatives."""
    return is_officer(user) or represents(user, recognition.enterprise_id)


def can_view_own_recognitions(user) -> bool:
    """Công nhận của tôi: a representative of at least one enterprise (verified
    membership) reads its enterprises' recognitions and certificates, no one else's."""
    return is_enterprise_rep(user) and bool(user_enterprise_ids(user))
