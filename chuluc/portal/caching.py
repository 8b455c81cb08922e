"""Whole-page cache of the busiest public pages (the directory, product and enterprise pages,
the published results, certificate verification) for anonymous visitors, through Django's cache framework: each
server's memory by default, shared by every server with ``REDIS_URL``.

* Only a GET by a visitor without a session or pending messages is served from the cache:
  such a page is the same for everyone but for a CSRF token, if it has a form. The page is
  stored with a placeholder in place of the token (:func:`render` passes it to the
  template) and every visitor gets a fresh token of their own, as without the cache. A
  page without a form (the public pages today: the language switch needs no token) gets
  none, and the visitor no CSRF cookie: making a token for each one-time visitor, such as
  a scanned certificate, would be a large share of the cost of serving the stored page
  (docs/performance.md).
* A page is fresh for ``PUBLIC_CACHE_SECONDS`` (0 turns the cache off), less a random part
  of up to a fifth: pages stored in the same second would otherwise go stale in the same
  second, minute after minute, and the workers would render them all again at once, with
  every other request waiting (docs/reliability.md, "Load"). Once stale, the first visitor
  renders it again while the others are still served the stale copy (for at most as long
  again), so the workers do not all render the same pages at the moment they expire.
  Every stored page is dropped at once when the public list changes: the key holds a
  generation number that a decision and a revocation raise in the database
  (``decisions.public_cache``), so every server and worker process sees it at once,
  whichever cache backend stores the pages: a stale copy is never one of an older list.
* Only 200 answers are kept (an unknown certificate number is never stored).
"""

from __future__ import annotations

import hashlib
import random
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render as django_render

from chuluc.decisions.public_cache import public_generation

PLACEHOLDER = "csrf-token-of-the-visitor"
KEY_PREFIX = "portal:page:v2"  # v2: what is stored also says whether the page has a form
RENEW_SECONDS = 30  # how long one visitor's render of a stale page keeps the others waiting
JITTER = 0.2  # a stored page is fresh for PUBLIC_CACHE_SECONDS less up to this share of it
MESSAGES_COOKIE = "messages"  # django.contrib.messages' CookieStorage


def _cacheable(request) -> bool:
    return (
        settings.PUBLIC_CACHE_SECONDS > 0
        and request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and MESSAGES_COOKIE not in request.COOKIES
    )


def _key(request) -> str:
    generation = public_generation()
    where = hashlib.blake2b(request.get_full_path().encode(), digest_size=16).hexdigest()
    partial = "h" if request.headers.get("HX-Request") else "p"
    return f"{KEY_PREFIX}:{generation}:{request.LANGUAGE_CODE}:{partial}:{where}"


def render(request, template_name: str, context: dict | None = None, status: int | None = None):
    """``django.shortcuts.render``; a page that will be cached gets the placeholder token."""
    if getattr(request, "_public_page", False):
        context = {**(context or {}), "csrf_token": PLACEHOLDER}
    return django_render(request, template_name, context, status=status)


def _answer(request, content: bytes, content_type: str, needs_token: bool) -> HttpResponse:
    if needs_token:  # a form on the page: the visitor's own token, and their CSRF cookie
        content = content.replace(PLACEHOLDER.encode(), get_token(request).encode())
    return HttpResponse(content, content_type=content_type)


def public_page(view):
    """Serve ``view`` from the cache when the visitor is anonymous (see the module)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        stored = cache.get(key)
        if stored is not None:
            content, content_type, fresh_until, needs_token = stored
            if time.time() < fresh_until or not cache.add(f"{key}:renewing", 1, RENEW_SECONDS):
                return _answer(request, content, content_type, needs_token)
        request._public_page = True
        response = view(request, *args, **kwargs)
        if response.streaming or not isinstance(response, HttpResponse):
            return response
        if response.status_code != 200:  # noqa: PLR2004 - only a found page is kept
            cache.delete(f"{key}:renewing")
            response.content = response.content.replace(
                PLACEHOLDER.encode(), get_token(request).encode()
            )
            return response
        seconds = settings.PUBLIC_CACHE_SECONDS
        content, content_type = response.content, response["Content-Type"]
        needs_token = PLACEHOLDER.encode() in content
        # Kept twice its lifetime: once stale, the first visitor renders it again while the
        # others still get the stored copy (no stampede of every worker at expiry).
        fresh_until = time.time() + seconds * (1 - JITTER * random.random())  # noqa: S311
        cache.set(key, (content, content_type, fresh_until, needs_token), 2 * seconds)
        cache.delete(f"{key}:renewing")
        return _answer(request, content, content_type, needs_token)

    return wrapped
