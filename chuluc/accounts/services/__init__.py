"""Writes about people, one module per record: accounts (``users``), who represents which
enterprise (``memberships``), personal API tokens (``tokens``). Callers use
``from chuluc.accounts import services`` and ``services.<name>``."""

from chuluc.accounts.services.memberships import (
    membership_confirm_email,
    membership_decide,
    membership_insert,
    membership_request,
)
from chuluc.accounts.services.tokens import api_token_create, api_token_revoke, authenticate
from chuluc.accounts.services.users import user_create, user_insert, user_set_password

__all__ = [
    "api_token_create",
    "api_token_revoke",
    "authenticate",
    "membership_confirm_email",
    "membership_decide",
    "membership_insert",
    "membership_request",
    "user_create",
    "user_insert",
    "user_set_password",
]
