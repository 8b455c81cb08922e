"""Navigation that fits the person's roles, from what each app registered
(``chuluc.core.navigation``)."""

from __future__ import annotations

from chuluc.core.navigation import nav_items, template_flags


def navigation(request) -> dict:
    user = request.user
    nav = [(label, url, request.path.startswith(url)) for label, url in nav_items(user)]
    return {"nav_items": nav, **template_flags(user)}
