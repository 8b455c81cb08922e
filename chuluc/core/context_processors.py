"""Navigation that fits the person's roles, from what each app registered
(``chuluc.core.navigation``)."""

from __future__ import annotations

from functools import cache, partial

from chuluc.core.navigation import menu, template_flags
from chuluc.core.notifications import unread_count


def navigation(request) -> dict:
    user = request.user
    nav = menu(user, request.path)
    # A callable, counted once when a page's bell reads it: fragments that show no bell
    # (HTMX answers) ask nothing.
    unread = cache(partial(unread_count, user)) if user.is_authenticated else 0
    return {"nav_items": nav, "unread_notifications": unread, **template_flags(user)}
