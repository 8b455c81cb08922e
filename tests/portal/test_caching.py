"""The whole-page cache of the public pages (chuluc/portal/caching.py): anonymous visitors
get the stored page with a CSRF token of their own; logged-in people never get a stored
page; a revocation is visible at once; an unknown certificate number is never stored."""

from __future__ import annotations

import re
import time

import pytest
from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chuluc.decisions import services
from chuluc.decisions.models import Certificate, PublicListVersion
from chuluc.portal.caching import PLACEHOLDER
from tests.factories.decisions import decided

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ANY_TOKEN = re.compile(r"\b[A-Za-z0-9]{64}\b")  # a masked CSRF token (form and HTMX header)


@pytest.fixture(autouse=True)
def _cache_on(settings, empty_cache):
    settings.PUBLIC_CACHE_SECONDS = 60


@pytest.fixture
def world(officer, rep_a, enterprise_a):
    return decided(officer=officer, rep=rep_a, enterprise=enterprise_a)


def _get(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response, len(ctx)


def test_cache_second_visitor_gets_stored_page_with_one_query(world):
    first, first_queries = _get(Client(), "/san-pham/")
    second, second_queries = _get(Client(), "/san-pham/")
    assert (first.status_code, second.status_code) == (200, 200)
    # the one query reads the public list's generation
    assert (first_queries > 1, second_queries) == (True, 1)
    assert ANY_TOKEN.sub("", second.content.decode()) == ANY_TOKEN.sub("", first.content.decode())


def test_cache_each_visitor_gets_own_csrf_token(world):
    visitors = [Client(enforce_csrf_checks=True) for _ in range(2)]
    pages = [v.get("/san-pham/") for v in visitors]
    tokens = [TOKEN.search(p.content.decode()).group(1) for p in pages]
    assert PLACEHOLDER not in pages[1].content.decode()
    assert tokens[0] != tokens[1]
    # the stored page's token works for its visitor: the language switch accepts it
    answer = visitors[1].post(
        reverse("set_language"), {"language": "en", "csrfmiddlewaretoken": tokens[1]}
    )
    assert answer.status_code == 302


def test_cache_not_used_for_logged_in_person(world, officer):
    Client().get("/san-pham/")
    person = Client()
    person.force_login(officer)
    response, queries = _get(person, "/san-pham/")
    assert (response.status_code, queries > 0) == (200, True)


def test_cache_revocation_shows_at_once(world, officer):
    number = Certificate.objects.order_by("number").first().number
    url = reverse("portal:verify_number", args=[number])
    before = Client().get(url).content.decode()
    recognition = Certificate.objects.get(number=number).recognition
    services.recognition_revoke(
        actor=officer, recognition=recognition, reason="Ngừng sản xuất", decision_ref="9/QĐ"
    )
    after = Client().get(url).content.decode()
    assert ('id="revocation"' in before, 'id="revocation"' in after) == (False, True)
    assert "Ngừng sản xuất" in after


def test_cache_change_made_by_another_server_shows_at_once(world):
    """Another server's decision raises the generation in the database, not in this
    process's cache: the stored page is not served again."""
    Client().get("/san-pham/")
    PublicListVersion.objects.update(number=F("number") + 1)  # what the other server did
    response, queries = _get(Client(), "/san-pham/")
    assert (response.status_code, queries > 1) == (200, True)


def test_cache_stale_page_rendered_by_one_visitor_while_others_get_the_copy(
    world, monkeypatch, empty_cache
):
    Client().get("/san-pham/")
    (page_key,) = _page_keys(empty_cache)
    later = time.time() + 61  # the page's 60 seconds are over
    monkeypatch.setattr("chuluc.portal.caching.time.time", lambda: later)
    # another visitor is already rendering it again: this one gets the stale copy
    empty_cache.add(f"{page_key}:renewing", 1, 30)
    response, queries = _get(Client(), "/san-pham/")
    assert (response.status_code, queries) == (200, 1)
    # once nobody is rendering it, the next visitor renders it and stores it fresh
    empty_cache.delete(f"{page_key}:renewing")
    response, queries = _get(Client(), "/san-pham/")
    assert (response.status_code, queries > 1) == (200, True)
    assert _get(Client(), "/san-pham/")[1] == 1


def test_cache_unknown_number_never_stored(world):
    url = reverse("portal:verify_number", args=["KHONG-CO-123"])
    first = Client().get(url)
    second, queries = _get(Client(), url)
    assert (first.status_code, second.status_code) == (404, 404)
    assert queries > 0
    assert PLACEHOLDER not in second.content.decode()


def _page_keys(cache) -> list[str]:
    """The stored pages' keys in Django's local-memory cache, without its ``:1:`` prefix."""
    return [k.split(":", 2)[2] for k in cache._cache if ":portal:page:" in k]
