"""The generation of the public list: the portal's cached pages (``portal.caching``) carry
it in their keys, and what changes the list (a decision, a revocation) raises it, so every
stored public page is stale at once. Kept here so that the decisions part never imports the
portal that sits on top of it."""

from __future__ import annotations

from django.core.cache import cache

GENERATION_KEY = "portal:generation"


def public_generation() -> int:
    return cache.get(GENERATION_KEY, 0)


def public_pages_changed() -> None:
    """Every cached public page is stale from now on."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not there yet (or evicted): any new value starts a new generation
        cache.set(GENERATION_KEY, public_generation() + 1, timeout=None)
