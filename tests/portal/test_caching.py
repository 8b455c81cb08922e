"""The whole-page cache of the public pages (chuluc/portal/caching.py): anonymous visitors
get the stored page, with no CSRF token (or one of their own on a page with a form); logged-in people never get a stored
page; a revocation is visible at once; an unknown certificate number is never stored."""

from __future__ import annotations

import re
import time

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import F
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chuluc.decisions import services
from chuluc.decisions.models import Certificate, PublicListVersion
from chuluc.portal.caching import KEY_PREFIX, PLACEHOLDER, public_page
from tests.factories.decisions import decided

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


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
    assert second.content == first.content


def test_cache_visitor_gets_no_token_and_no_csrf_cookie(world):
    """A public page has no form for a visitor: no token is made, no cookie set, whether
    the page is rendered or served from the cache."""
    for _ in range(2):
        page = Client().get("/san-pham/")
        assert page.status_code == 200
        assert "csrfmiddlewaretoken" not in page.content.decode()
        assert "X-CSRFToken" not in page.content.decode()
        assert settings.CSRF_COOKIE_NAME not in page.cookies


def test_language_switch_needs_no_token(world):
    visitor = Client(enforce_csrf_checks=True)
    answer = visitor.post(reverse("set_language"), {"language": "en", "next": "/san-pham/"})
    assert (answer.status_code, answer["Location"]) == (302, "/san-pham/")
    assert visitor.get("/san-pham/")["Content-Language"] == "en"
    away = visitor.post(reverse("set_language"), {"language": "vi", "next": "https://evil.example"})
    assert away["Location"] == "/"  # Django's own check of ``next``


def test_cache_page_with_a_form_gives_each_visitor_own_token(db, empty_cache):
    """A page with a form is stored with a placeholder and each visitor gets a token of
    their own (and the cookie that goes with it)."""
    renders = []

    @public_page
    def view(request):
        renders.append(1)
        return HttpResponse(f'<form><input name="csrfmiddlewaretoken" value="{PLACEHOLDER}">')

    answers = []
    for _ in range(2):
        request = RequestFactory().get("/trang-co-bieu-mau/")
        request.LANGUAGE_CODE = "vi"
        answers.append(view(request))
    tokens = [TOKEN.search(a.content.decode()).group(1) for a in answers]
    assert len(renders) == 1  # the second visitor got the stored page
    assert tokens[0] != tokens[1]
    assert all(PLACEHOLDER not in a.content.decode() for a in answers)


def test_cache_not_used_for_logged_in_person(world, officer, empty_cache):
    """The anonymous page is stored; the logged-in person still gets a page rendered for
    them (a stored page costs one query, and has no logout form), and none is stored."""
    stored, _ = _get(Client(), "/san-pham/")
    keys = _page_keys(empty_cache)
    person = Client()
    person.force_login(officer)
    response, queries = _get(person, "/san-pham/")
    again, queries_again = _get(person, "/san-pham/")
    assert (response.status_code, again.status_code) == (200, 200)
    assert queries > 1
    assert queries_again == queries
    assert response.content != stored.content
    assert reverse("accounts:logout") in again.content.decode()
    assert _page_keys(empty_cache) == keys


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


def test_cache_unknown_number_never_stored(world, empty_cache):
    """Both visitors get the page rendered (a stored page costs one query) and the cache
    holds no page."""
    url = reverse("portal:verify_number", args=["KHONG-CO-123"])
    first, first_queries = _get(Client(), url)
    second, second_queries = _get(Client(), url)
    assert (first.status_code, second.status_code) == (404, 404)
    assert first_queries > 1
    assert second_queries == first_queries
    assert _page_keys(empty_cache) == []


def _page_keys(cache) -> list[str]:
    """The stored pages' keys in Django's local-memory cache, without its ``:1:`` prefix."""
    return [k.split(":", 2)[2] for k in cache._cache if f":{KEY_PREFIX}:" in k]


def test_cache_pages_stored_together_go_stale_at_different_times(world, monkeypatch, empty_cache):
    """Each stored page is fresh for 48 to 60 seconds, drawn for each one: pages stored in
    the same second are not rendered again all in the same second."""
    now = time.time()
    monkeypatch.setattr("chuluc.portal.caching.time.time", lambda: now)  # stored together
    urls = ["/san-pham/", "/san-pham/?page=2", "/san-pham/?top=on", "/ket-qua/"]
    for url in urls:
        Client().get(url)
    fresh_until = [empty_cache.get(key)[2] for key in _page_keys(empty_cache)]
    assert len(fresh_until) == len(urls)
    assert all(now + 48 <= f <= now + 60 for f in fresh_until)
    assert len(set(fresh_until)) == len(urls)
