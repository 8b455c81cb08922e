"""Offers, needs, partner firms, matching suggestions with their reasons, connections."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from chuluc.core.errors import ApplicationError
from chuluc.core.models import AuditEntry
from chuluc.registry.models import IndustryGroup
from chuluc.support import matching, services
from chuluc.support.enums import ConnectionKind, ListingKind, ListingSubject
from chuluc.support.models import Connection, Listing


def _state():
    return (Listing.objects.count(), Connection.objects.count(), AuditEntry.objects.count())


@pytest.fixture
def market(officer, rep_a, rep_b, enterprise_a, enterprise_b):
    mechanical = IndustryGroup.objects.get(code="co-khi")
    food = IndustryGroup.objects.get(code="nong-san-thuc-pham")
    partner = services.partner_create(
        actor=officer,
        name="Công ty TNHH Van Công Nghiệp Đài Bắc (thử)",
        province="",
        country="Đài Loan",
        industry_group=mechanical,
        contact_name="Ms. Lin",
        contact_email="lin@example.tw",
    )
    need = services.listing_create(
        actor=rep_a,
        enterprise=enterprise_a,
        kind=ListingKind.NEED,
        subject=ListingSubject.COMPONENT,
        title="Cần mua van đồng thau DN15",
        description="Van đồng cho dây chuyền lắp ráp khóa.",
        industry_group=mechanical,
        vsic="2599",
        hs_code="848180",
    )
    offers = {
        "partner_offer": services.listing_create(
            actor=officer,
            partner=partner,
            kind=ListingKind.OFFER,
            subject=ListingSubject.COMPONENT,
            title="Chào bán van dong thau cong nghiep",
            industry_group=mechanical,
            vsic="2813",
            hs_code="848180",
        ),
        "b": services.listing_create(
            actor=rep_b,
            enterprise=enterprise_b,
            kind=ListingKind.OFFER,
            subject=ListingSubject.PRODUCT,
            title="Gia công cơ khí chính xác",
            industry_group=mechanical,
            vsic="2592",
        ),
        "food": services.listing_create(
            actor=rep_b,
            enterprise=enterprise_b,
            kind=ListingKind.OFFER,
            subject=ListingSubject.PRODUCT,
            title="Bánh kẹo xuất khẩu",
            industry_group=food,
        ),
        "own": services.listing_create(
            actor=rep_a,
            enterprise=enterprise_a,
            kind=ListingKind.OFFER,
            subject=ListingSubject.PRODUCT,
            title="Van đồng thau của chính mình",
            industry_group=mechanical,
            hs_code="848180",
        ),
    }
    return {"need": need, "partner": partner, **offers}


def test_suggestions_score_and_explain_why(market):
    found = matching.suggestions(market["need"])
    assert [m.listing for m in found] == [market["partner_offer"], market["b"]]
    best = found[0]
    # group 3 + HS subheading 3 + keywords "dong", "thau", "van" (accents ignored) 3
    assert best.score == 9
    assert best.reasons == [
        "Cùng nhóm ngành: Cơ khí, chế tạo",
        "Cùng phân nhóm HS 848180",
        "Từ khóa chung: dong, thau, van",
    ]
    assert found[1].score == 3 + 1  # group + VSIC division 25
    assert "Cùng ngành cấp 2 VSIC 25" in found[1].reasons


def test_a_closed_listing_leaves_the_suggestions(market, officer):
    services.listing_close(actor=officer, listing=market["partner_offer"])
    assert [m.listing for m in matching.suggestions(market["need"])] == [market["b"]]


def test_listings_are_posted_only_for_ones_own_enterprise(market, rep_b, enterprise_a, officer):
    before = _state()
    with pytest.raises(ApplicationError, match="không phải đại diện"):
        services.listing_create(
            actor=rep_b,
            enterprise=enterprise_a,
            kind=ListingKind.OFFER,
            subject=ListingSubject.SERVICE,
            title="Mạo danh",
        )
    with pytest.raises(ApplicationError, match="Chỉ cán bộ Sở"):
        services.listing_create(
            actor=rep_b,
            partner=market["partner"],
            kind=ListingKind.OFFER,
            subject=ListingSubject.SERVICE,
            title="Mạo danh đối tác",
        )
    with pytest.raises(ApplicationError, match="không có quyền đóng"):
        services.listing_close(actor=rep_b, listing=market["need"])
    with pytest.raises(ValidationError) as info:
        services.listing_create(
            actor=officer,
            enterprise=enterprise_a,
            kind="sell",
            subject=ListingSubject.SERVICE,
            title="",
            vsic="28AB",
            hs_code="12",
        )
    assert set(info.value.message_dict) == {"kind", "title", "vsic", "hs_code"}
    assert _state() == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": ConnectionKind.CONTRACT, "value_vnd": None}, "value_vnd"),
        ({"kind": ConnectionKind.CONTRACT, "value_vnd": -1}, "value_vnd"),
        ({"kind": ConnectionKind.MEETING, "value_vnd": 5}, "value_vnd"),
        ({"partner": None}, "partner"),
        ({"happened_on": "future"}, "happened_on"),
        ({"kind": "handshake"}, "kind"),
    ],
)
def test_bad_connections_are_refused(market, officer, enterprise_a, changes, field):
    values = {
        "kind": ConnectionKind.MEETING,
        "partner": market["partner"],
        "happened_on": timezone.localdate(),
        "value_vnd": None,
        **changes,
    }
    if values["happened_on"] == "future":
        values["happened_on"] = timezone.localdate() + dt.timedelta(days=1)
    before = _state()
    with pytest.raises(ValidationError) as info:
        services.connection_record(actor=officer, enterprise=enterprise_a, **values)
    assert field in info.value.message_dict
    assert _state() == before


def test_a_contract_is_recorded_with_its_value(market, officer, enterprise_a):
    made = services.connection_record(
        actor=officer,
        enterprise=enterprise_a,
        partner=market["partner"],
        need=market["need"],
        offer=market["partner_offer"],
        kind=ConnectionKind.CONTRACT,
        happened_on=timezone.localdate(),
        value_vnd="1500000000",
    )
    assert made.value_vnd == 1_500_000_000
