"""The paginators of chuluc/core/http.py give the same pages as Django's Paginator: the
page and the total read in one query (CountedPaginator), the ids sorted first
(NarrowPaginator)."""

from __future__ import annotations

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chuluc.core.http import CountedPaginator, NarrowPaginator
from chuluc.registry.models import Enterprise
from tests.factories.registry import EnterpriseFactory

PAGES = [1, 2, 3, "3", 4, 99, 0, -1, "x", None, ""]


@pytest.fixture
def enterprises(db):
    EnterpriseFactory.create_batch(7)
    return Enterprise.objects.select_related("district").order_by("search_key", "id")


def _same(page, expected):
    assert [e.pk for e in page.object_list] == [e.pk for e in expected.object_list]
    assert (page.number, page.paginator.count, page.paginator.num_pages) == (
        expected.number,
        expected.paginator.count,
        expected.paginator.num_pages,
    )
    assert (page.has_next(), page.has_previous()) == (expected.has_next(), expected.has_previous())


@pytest.mark.parametrize("cls", [CountedPaginator, NarrowPaginator])
@pytest.mark.parametrize("number", PAGES)
def test_pages_equal_djangos(enterprises, cls, number):
    _same(cls(enterprises, 3).get_page(number), Paginator(enterprises, 3).get_page(number))


@pytest.mark.parametrize("cls", [CountedPaginator, NarrowPaginator])
def test_empty_result_gives_an_empty_first_page(db, cls):
    page = cls(Enterprise.objects.order_by("id"), 3).get_page(2)
    assert (list(page.object_list), page.number, page.paginator.count) == ([], 1, 0)


def test_counted_reads_page_and_total_in_one_query(enterprises):
    with CaptureQueriesContext(connection) as ctx:
        page = CountedPaginator(enterprises, 3).get_page(2)
        assert (page.paginator.count, len(page.object_list)) == (7, 3)
    assert len(ctx) == 1
