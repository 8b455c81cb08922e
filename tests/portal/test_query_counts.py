"""The portal's lists keep a fixed number of queries whatever the number of recognitions."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chuluc.campaigns.enums import DossierStatus
from chuluc.decisions.models import PublishedEntry, Recognition
from chuluc.registry import services as registry_services
from chuluc.registry.models import District
from chuluc.registry.services.public_records import public_records_load
from tests.factories.campaigns import DossierFactory
from tests.factories.decisions import decided
from tests.factories.portal import recognise
from tests.factories.registry import EnterpriseFactory, ProductFactory


def _count(client, url) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx), len(response.context["rows"])


def _grow(world, officer, enterprise, until: int) -> None:
    """More recognitions in the same decision, half of them of enterprise A, the others of
    enterprises in various districts."""
    districts = list(District.objects.order_by("code"))
    decision = world["decision"]
    while Recognition.objects.count() < until:
        rank = Recognition.objects.count() + 1
        owner = (
            enterprise if rank % 2 else EnterpriseFactory(district=districts[rank % len(districts)])
        )
        product = ProductFactory(enterprise=owner, name=f"Sản phẩm thêm {rank}")
        recognise(decision=decision, product=product, rank=rank, top=rank % 3 == 0, actor=officer)


@pytest.mark.parametrize(
    "url",
    [
        "/san-pham/",
        "/san-pham/?q=san+pham&nam=2026",
        "/san-pham/?top=on&fdi=",
        "/san-pham/?quan=ba-dinh&nganh=co-khi",
        "/san-pham/?hieu_luc=tat-ca",
        "/san-pham/?hieu_luc=dang-hieu-luc&q=san+pham",
        "enterprise",
    ],
)
def test_directory_query_count_is_fixed(client, officer, rep_a, enterprise_a, url):
    world = decided(officer=officer, rep=rep_a, enterprise=enterprise_a)
    registry_services.enterprise_update(
        actor=officer, enterprise=enterprise_a, district=District.objects.get(code="ba-dinh")
    )
    if url == "enterprise":
        url = reverse("portal:enterprise", args=[enterprise_a.pk])
    _grow(world, officer, enterprise_a, until=5)
    few, few_rows = _count(client, url)
    _grow(world, officer, enterprise_a, until=50)
    many, many_rows = _count(client, url)
    assert many == few
    assert 0 < few_rows < many_rows


def test_directory_pages_fifty_products(client, officer, rep_a, enterprise_a):
    world = decided(officer=officer, rep=rep_a, enterprise=enterprise_a)
    _grow(world, officer, enterprise_a, until=50)
    first = client.get("/san-pham/")
    second = client.get("/san-pham/?page=2")
    assert (len(first.context["rows"]), len(second.context["rows"])) == (30, 20)
    names = [r.product.name for r in first.context["rows"] + second.context["rows"]]
    assert len(set(names)) == 50


def test_directory_search_of_public_records_query_count_is_fixed(client, officer):
    def load(until: int) -> None:
        rows = [
            {
                "year": "2021",
                "product": f"Khóa cửa {n}",
                "enterprise": f"Công ty Khóa số {n}",
                "top10": "yes",
                "source_url": f"https://bao.example.vn/{n}.htm",
            }
            for n in range(until)
        ]
        public_records_load(actor=officer, rows=rows)

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/san-pham/", {"q": "khoa"})
        return len(ctx), len(response.context["public_records"])

    load(2)
    few, few_rows = count()
    load(20)
    cache.clear()
    many, many_rows = count()
    assert (many, few_rows, many_rows) == (few, 2, 20)


def _grow_published(world, officer, until: int) -> None:
    """More products in the published list (each with its dossier, as publication freezes
    them); the public page reads them only."""
    publication = world["publication"]
    while publication.entries.count() < until:
        rank = publication.entries.count() + 1
        product = ProductFactory(enterprise=EnterpriseFactory(), name=f"Sản phẩm công bố {rank}")
        dossier = DossierFactory(
            campaign=world["campaign"],
            product=product,
            status=DossierStatus.RECOGNISED,
            created_by=officer,
        )
        PublishedEntry.objects.create(
            publication=publication,
            dossier=dossier,
            product=product,
            enterprise=product.enterprise,
            rank=rank,
            total=Decimal(50),
            top=False,
        )


def test_results_of_a_year_query_count_is_fixed(client, officer, rep_a, enterprise_a):
    """Every row of the published list shows its badges (demo, public record) from the one
    query of the list: a field left out of it cost two queries a row (4,004 for a list of
    2,000, six seconds a page under the soak of 27/11)."""
    world = decided(officer=officer, rep=rep_a, enterprise=enterprise_a)
    url = reverse("portal:results_year", args=[world["campaign"].year])

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        return len(ctx), response.content.decode().count("Sản phẩm công bố")

    _grow_published(world, officer, until=6)
    few, few_rows = count()
    _grow_published(world, officer, until=40)
    cache.clear()  # the page cache would answer without a query
    many, many_rows = count()
    assert many == few
    assert 0 < few_rows < many_rows


def test_results_of_a_year_are_shown_a_hundred_rows_a_page(client, officer, rep_a, enterprise_a):
    world = decided(officer=officer, rep=rep_a, enterprise=enterprise_a)
    _grow_published(world, officer, until=104)
    url = reverse("portal:results_year", args=[world["campaign"].year])
    first, second = client.get(url), client.get(url, {"page": 2})
    [one], [two] = first.context["results"], second.context["results"]
    assert [e.rank for e in one.entries] == list(range(1, 101))
    assert [e.rank for e in two.entries] == [101, 102, 103, 104]
    assert "Trang 1 / 2" in first.content.decode()
    assert "Sản phẩm công bố 104" in second.content.decode()
    assert client.get(url, {"page": "x"}).context["results"][0].entries[0].rank == 1
