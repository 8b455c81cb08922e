"""The portal's lists keep a fixed number of queries whatever the number of recognitions."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chuluc.decisions.models import Recognition
from chuluc.registry import services as registry_services
from chuluc.registry.models import District
from tests.factories.decisions import decided
from tests.factories.registry import EnterpriseFactory, ProductFactory
from tests.portal.worlds import recognise


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
