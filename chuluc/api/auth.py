"""Bearer-token authentication for officers' and representatives' machine clients."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from chuluc.accounts.services import tokens
from chuluc.api.rules import can_use_api


class TokenAuth(HttpBearer):
    """``Authorization: Bearer chl_…``: an ``ApiToken`` neither revoked nor expired, of an
    active user who may still use the API. ``request.auth`` is that user; the session is
    never consulted, so a browser's login cookie grants nothing here."""

    def authenticate(self, request, token: str):
        user = tokens.authenticate(token)
        if user is None:
            return None
        if not can_use_api(user):
            raise PermissionDenied(_("Tài khoản này không được dùng API."))
        return user
