"""Every list page keeps a fixed number of queries whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chuluc.accounts.enums import MembershipStatus
from chuluc.registry import services
from chuluc.registry.enums import ImportStatus
from chuluc.registry.models import District
from tests.factories.accounts import MembershipFactory
from tests.factories.registry import EnterpriseFactory, ImportJobFactory, ProductFactory


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx)


def _enterprises(n, officer):
    district = District.objects.first()
    for _ in range(n):
        enterprise = EnterpriseFactory(district=district)
        ProductFactory(enterprise=enterprise)
        ProductFactory(enterprise=enterprise)
        services.enterprise_update(
            actor=officer, enterprise=enterprise, address=f"Số {enterprise.pk}"
        )


def _imports(n, officer):
    for i in range(n):
        ImportJobFactory(original_name=f"{i}.xlsx", created_by=officer, status=ImportStatus.DONE)


def _memberships(n, officer):
    for _ in range(n):
        MembershipFactory(status=MembershipStatus.PENDING)


PAGES = [
    ("/so-dang-ky/doanh-nghiep/", _enterprises),
    ("/so-dang-ky/doanh-nghiep/?q=cong+ty&ownership=private", _enterprises),
    ("/so-dang-ky/san-pham/", _enterprises),
    ("/so-dang-ky/nhap/", _imports),
    ("/tai-khoan/dai-dien/?status=pending", _memberships),
    ("/nhat-ky/", _enterprises),
    ("/tong-quan/", _enterprises),
]


@pytest.mark.parametrize(("url", "make"), PAGES, ids=[p[0] for p in PAGES])
def test_list_page_query_count_is_fixed(client, officer, url, make):
    client.force_login(officer)
    make(1, officer)
    one = _count(client, url)
    make(49, officer)
    many = _count(client, url)
    assert many == one


def test_history_page_query_count_is_fixed(client, officer):
    client.force_login(officer)
    enterprise = EnterpriseFactory()
    services.enterprise_update(actor=officer, enterprise=enterprise, address="1")
    url = f"/so-dang-ky/doanh-nghiep/{enterprise.pk}/lich-su/"
    one = _count(client, url)
    for i in range(2, 51):
        services.enterprise_update(actor=officer, enterprise=enterprise, address=str(i))
    assert _count(client, url) == one


def test_enterprise_detail_query_count_is_fixed(client, officer):
    client.force_login(officer)
    enterprise = EnterpriseFactory()
    ProductFactory(enterprise=enterprise)
    url = f"/so-dang-ky/doanh-nghiep/{enterprise.pk}/"
    one = _count(client, url)
    for _ in range(49):
        ProductFactory(enterprise=enterprise)
    assert _count(client, url) == one


def test_representative_list_query_count_is_fixed(client, rep_a, enterprise_a):
    client.force_login(rep_a)
    ProductFactory(enterprise=enterprise_a)
    one = _count(client, "/so-dang-ky/san-pham/")
    for _ in range(49):
        ProductFactory(enterprise=enterprise_a)
    assert _count(client, "/so-dang-ky/san-pham/") == one
