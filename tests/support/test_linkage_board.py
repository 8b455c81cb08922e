"""The linkage board as a firm reads it: the other firms' open offers and needs within the
program, with the firm's name and a contact action through the program ("Đề nghị kết nối"),
never their private fields, closed listings or partner firms' contacts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chuluc.core.errors import ApplicationError
from chuluc.core.models import AuditEntry
from chuluc.support import selectors, services
from chuluc.support.enums import ListingKind, ListingSubject
from chuluc.support.models import ConnectionRequest
from tests.factories.registry import EnterpriseFactory

PRIVATE_EMAIL = "giam.doc.b@thunghiem-b.example.vn"
PRIVATE_PHONE = "0912 345 678"


@pytest.fixture
def board(officer, rep_a, rep_b, enterprise_a, enterprise_b):
    type(enterprise_b).objects.filter(pk=enterprise_b.pk).update(
        email=PRIVATE_EMAIL, phone=PRIVATE_PHONE
    )
    offer_b = services.listing_create(
        actor=rep_b,
        enterprise=enterprise_b,
        kind=ListingKind.OFFER,
        subject=ListingSubject.COMPONENT,
        title="Cung ứng linh kiện đồng thau",
        description="Sản lượng 20.000 chi tiết mỗi tháng.",
    )
    closed_b = services.listing_create(
        actor=rep_b,
        enterprise=enterprise_b,
        kind=ListingKind.NEED,
        subject=ListingSubject.SERVICE,
        title="Nhu cầu đã đóng của B",
    )
    services.listing_close(actor=rep_b, listing=closed_b)
    partner = services.partner_create(
        actor=officer, name="Đối tác Thâm Quyến", contact_email="bi.mat@doitac.example.cn"
    )
    partner_listing = services.listing_create(
        actor=officer,
        partner=partner,
        kind=ListingKind.NEED,
        subject=ListingSubject.PRODUCT,
        title="Đối tác cần khóa cửa",
    )
    return {"offer_b": offer_b, "closed_b": closed_b, "partner_listing": partner_listing}


def _detail(listing) -> str:
    return reverse("support:listing_detail", args=[listing.pk])


def _rows():
    return ConnectionRequest.objects.count(), AuditEntry.objects.count()


def test_a_firm_sees_the_other_firms_open_listings_and_nothing_private(
    client, rep_a, enterprise_b, board
):
    client.force_login(rep_a)
    page = client.get(reverse("support:listings")).content.decode()
    assert "Cung ứng linh kiện đồng thau" in page
    assert enterprise_b.name in page
    assert "Nhu cầu đã đóng của B" not in page
    assert "Đối tác cần khóa cửa" not in page
    detail = client.get(_detail(board["offer_b"])).content.decode()
    assert "Sản lượng 20.000 chi tiết mỗi tháng." in detail
    for private in (PRIVATE_EMAIL, PRIVATE_PHONE, enterprise_b.tax_code, 'id="suggestions"'):
        assert private not in detail
        assert private not in page
    assert 'id="connection-request-form"' in detail
    assert 'id="received-requests"' not in detail  # who else asked is B's to know


def test_closed_and_partner_listings_are_404_for_a_firm(client, rep_a, board):
    client.force_login(rep_a)
    assert client.get(_detail(board["closed_b"])).status_code == 404
    assert client.get(_detail(board["partner_listing"])).status_code == 404
    assert client.get(reverse("support:listing_detail", args=[999999])).status_code == 404


def test_a_firm_asks_to_connect_and_the_other_firm_and_the_officer_see_it(
    client, rep_a, rep_b, officer, enterprise_a, board
):
    client.force_login(rep_a)
    response = client.post(
        _detail(board["offer_b"]),
        {"enterprise": enterprise_a.pk, "message": "Chúng tôi cần 5.000 chi tiết mỗi quý."},
    )
    assert response.status_code == 302
    request = ConnectionRequest.objects.get()
    assert (request.enterprise, request.listing) == (enterprise_a, board["offer_b"])
    client.force_login(rep_b)
    detail = client.get(_detail(board["offer_b"])).content.decode()
    assert 'id="received-requests"' in detail
    assert enterprise_a.name in detail
    client.force_login(officer)
    assert enterprise_a.name in client.get(reverse("support:connections")).content.decode()


def test_one_request_per_firm_and_never_on_one_s_own_listing(
    rep_a, rep_b, enterprise_a, enterprise_b, board
):
    services.connection_request_send(actor=rep_a, listing=board["offer_b"], enterprise=enterprise_a)
    before = _rows()
    with pytest.raises(ApplicationError, match="đã gửi"):
        services.connection_request_send(
            actor=rep_a, listing=board["offer_b"], enterprise=enterprise_a
        )
    with pytest.raises(ApplicationError, match="chính doanh nghiệp"):
        services.connection_request_send(
            actor=rep_b, listing=board["offer_b"], enterprise=enterprise_b
        )
    with pytest.raises(ApplicationError, match="không còn nhận"):
        services.connection_request_send(
            actor=rep_a, listing=board["closed_b"], enterprise=enterprise_a
        )
    assert _rows() == before


def test_nobody_asks_in_another_firm_s_name(client, rep_a, board):
    other = EnterpriseFactory(name="Công ty Khác")
    before = _rows()
    with pytest.raises(ApplicationError, match="không phải đại diện"):
        services.connection_request_send(actor=rep_a, listing=board["offer_b"], enterprise=other)
    client.force_login(rep_a)
    response = client.post(_detail(board["offer_b"]), {"enterprise": other.pk})
    assert response.status_code == 422
    assert "Bạn không thể chọn doanh nghiệp này." in response.content.decode()
    response = client.post(_detail(board["offer_b"]), {"enterprise": "abc"})
    assert response.status_code == 422
    assert _rows() == before


def test_a_firm_cannot_close_another_firm_s_listing(client, rep_a, board):
    client.force_login(rep_a)
    client.post(_detail(board["offer_b"]), {})
    board["offer_b"].refresh_from_db()
    assert board["offer_b"].is_open


def test_the_board_keeps_a_fixed_number_of_queries(client, rep_a, rep_b, enterprise_b, board):
    client.force_login(rep_a)
    url = reverse("support:listings")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(8):
        services.listing_create(
            actor=rep_b,
            enterprise=enterprise_b,
            kind=ListingKind.NEED,
            subject=ListingSubject.PRODUCT,
            title=f"Nhu cầu thêm {n}",
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
    assert selectors.listings_for(rep_a).count() == 9
