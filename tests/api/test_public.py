"""The public endpoints: open to anyone, recognised products and enterprises only, filters,
pagination and certificate verification."""

import datetime as dt
import unicodedata

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chuluc.decisions import services as decision_services
from chuluc.decisions.models import OpenDataSnapshot
from chuluc.registry import services as registry_services
from chuluc.registry.enums import Ownership
from chuluc.registry.models import District, IndustryGroup
from tests.api.conftest import API

PRODUCT_KEYS = {"id", "name", "industry_group", "enterprise", "is_demo", "recognitions"}
ENTERPRISE_KEYS = {
    "id",
    "name",
    "tax_code",
    "district",
    "ownership",
    "fdi",
    "website",
    "is_demo",
    "products",
}


def names(response) -> list[str]:
    return [item["name"] for item in response.json()["items"]]


# Products ------------------------------------------------------------------------------------


def test_products_list_is_open_to_anonymous_and_lists_recognised_products_only(
    client, world, product_a
):
    response = client.get(f"{API}/products")

    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 4
    assert (data["limit"], data["offset"]) == (20, 0)
    assert names(response) == ["SP 0", "SP 1", "SP 2", "SP 3"]
    assert "Ổ khóa thử A" not in response.content.decode()
    first = data["items"][0]
    assert set(first) == PRODUCT_KEYS
    assert first["enterprise"]["name"] == "Công ty CP Khóa Thử Nghiệm A"
    assert [
        (r["year"], r["top"], r["status"], r["decision_number"]) for r in first["recognitions"]
    ] == [(2026, True, "valid", "1234/QĐ-UBND")]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"top": "true"}, ["SP 0", "SP 1"]),
        ({"top": "false"}, ["SP 2", "SP 3"]),
        ({"year": 2026}, ["SP 0", "SP 1", "SP 2", "SP 3"]),
        ({"year": 2025}, []),
        ({"year": 2026, "top": "true"}, ["SP 0", "SP 1"]),
        ({"fdi": "false"}, ["SP 0", "SP 1", "SP 2", "SP 3"]),
        ({"fdi": "true"}, []),
    ],
)
def test_products_list_filters_by_year_top_and_fdi(client, world, query, expected):
    response = client.get(f"{API}/products", query)

    assert response.status_code == 200
    assert names(response) == expected


def test_products_list_filters_by_fdi_once_the_enterprise_is_fdi(
    client, world, officer, enterprise_a
):
    registry_services.enterprise_update(
        actor=officer, enterprise=enterprise_a, ownership=Ownership.FDI
    )

    assert names(client.get(f"{API}/products", {"fdi": "true"})) == ["SP 0", "SP 1", "SP 2", "SP 3"]
    assert names(client.get(f"{API}/products", {"fdi": "false"})) == []


def test_products_list_filters_by_industry_group_and_district(client, world, officer, enterprise_a):
    other_group = IndustryGroup.objects.order_by("position")[1]
    product = world["decision"].recognitions.get(rank=2).product
    registry_services.product_update(actor=officer, product=product, industry_group=other_group)
    district = District.objects.order_by("code").first()
    registry_services.enterprise_update(actor=officer, enterprise=enterprise_a, district=district)

    by_group = client.get(f"{API}/products", {"industry_group": other_group.code})
    by_district = client.get(f"{API}/products", {"district": district.code})
    elsewhere = client.get(
        f"{API}/products", {"district": District.objects.order_by("code").last().code}
    )

    assert names(by_group) == ["SP 1"]
    assert by_group.json()["items"][0]["industry_group"] == {
        "code": other_group.code,
        "name": other_group.name,
    }
    assert names(by_district) == ["SP 0", "SP 1", "SP 2", "SP 3"]
    assert names(elsewhere) == []


@pytest.mark.parametrize(
    "query", ["o khoa dien tu", "Ổ KHÓA ĐIỆN TỬ", unicodedata.normalize("NFD", "ổ khóa điện")]
)
def test_products_search_ignores_accents_case_and_composition(client, world, officer, query):
    product = world["decision"].recognitions.get(rank=3).product
    registry_services.product_update(actor=officer, product=product, name="Ổ khóa điện tử")

    response = client.get(f"{API}/products", {"q": query})

    assert names(response) == ["Ổ khóa điện tử"]


def test_products_search_matches_the_enterprise_and_industry_group_names(client, world):
    group = world["decision"].recognitions.first().product.industry_group

    by_enterprise = client.get(f"{API}/products", {"q": "khoa thu nghiem a"})
    by_group = client.get(f"{API}/products", {"q": group.search_key})

    assert names(by_enterprise) == ["SP 0", "SP 1", "SP 2", "SP 3"]
    assert names(by_group) == ["SP 0", "SP 1", "SP 2", "SP 3"]


def test_products_list_pages_with_limit_and_offset(client, world):
    response = client.get(f"{API}/products", {"limit": 2, "offset": 1})

    data = response.json()
    assert (data["count"], data["limit"], data["offset"]) == (4, 2, 1)
    assert names(response) == ["SP 1", "SP 2"]


@pytest.mark.parametrize("limit", [0, 101])
def test_products_list_refuses_a_limit_outside_1_to_100(client, world, limit):
    response = client.get(f"{API}/products", {"limit": limit})

    assert response.status_code == 422
    assert response.json() == {
        "detail": "Tham số không hợp lệ: limit.",
        "code": "validation_error",
    }


def test_product_detail_shows_a_recognised_product(client, recognitions):
    product = recognitions[0].product

    response = client.get(f"{API}/products/{product.pk}")

    assert response.status_code == 200
    assert response.json()["name"] == "SP 0"
    assert set(response.json()) == PRODUCT_KEYS


def test_product_detail_hides_an_unrecognised_product(client, world, product_a):
    response = client.get(f"{API}/products/{product_a.pk}")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_product_lists_keep_a_fixed_number_of_queries(client, world):
    counts = {}
    for path in ("products", "recognitions", "enterprises"):
        for limit in (1, 4):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(f"{API}/{path}", {"limit": limit}).status_code == 200
            counts[path, limit] = len(queries)

    assert counts["products", 1] == counts["products", 4]
    assert counts["recognitions", 1] == counts["recognitions", 4]
    assert counts["enterprises", 1] == counts["enterprises", 4]


# Recognitions ----------------------------------------------------------------------------------


def test_recognitions_list_orders_by_year_then_id_with_certificates(client, recognitions):
    response = client.get(f"{API}/recognitions")

    items = response.json()["items"]
    assert [i["id"] for i in items] == sorted(r.pk for r in recognitions)
    assert items[0]["certificates"] == [
        {
            "number": "SPCNCL-2026-001",
            "title": "spcncl",
            "title_label": "Sản phẩm công nghiệp chủ lực",
        },
        {
            "number": "TOP-2026-01",
            "title": "top",
            "title_label": "Sản phẩm công nghiệp chủ lực tiêu biểu (Top)",
        },
    ]
    assert items[0]["decision"]["number"] == "1234/QĐ-UBND"
    assert items[0]["status_label"] == "Còn hiệu lực"


def test_recognitions_list_filters_by_status_today(client, officer, recognitions):
    decision_services.recognition_revoke(
        actor=officer,
        recognition=recognitions[3],
        reason="Vi phạm quy định (thử)",
        decision_ref="99/QĐ-UBND",
    )

    def ids(status):
        response = client.get(f"{API}/recognitions", {"status": status})
        return [i["id"] for i in response.json()["items"]]

    assert ids("valid") == [r.pk for r in recognitions[:3]]
    assert ids("revoked") == [recognitions[3].pk]
    assert ids("expired") == []
    assert ids("superseded") == []


def test_recognitions_status_expired_is_derived_from_the_date(client, monkeypatch, recognitions):
    later = recognitions[0].valid_until + dt.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: later)

    expired = client.get(f"{API}/recognitions", {"status": "expired"}).json()["items"]
    valid = client.get(f"{API}/recognitions", {"status": "valid"}).json()["items"]

    assert len(expired) == 4
    assert {i["status"] for i in expired} == {"expired"}
    assert valid == []


def test_recognitions_list_filters_by_top(client, recognitions):
    response = client.get(f"{API}/recognitions", {"top": "true"})

    assert [i["id"] for i in response.json()["items"]] == [r.pk for r in recognitions[:2]]


def test_recognition_detail_and_unknown_recognition(client, recognitions):
    found = client.get(f"{API}/recognitions/{recognitions[2].pk}")
    missing = client.get(f"{API}/recognitions/{recognitions[-1].pk + 1000}")

    assert found.status_code == 200
    assert found.json()["product"]["name"] == "SP 2"
    assert found.json()["top"] is False
    assert missing.status_code == 404


# Enterprises ------------------------------------------------------------------------------------


def test_enterprises_list_shows_recognised_enterprises_with_public_facts_only(
    client, world, enterprise_b, product_a
):
    response = client.get(f"{API}/enterprises")

    data = response.json()
    assert data["count"] == 1
    enterprise = data["items"][0]
    assert set(enterprise) == ENTERPRISE_KEYS
    assert enterprise["name"] == "Công ty CP Khóa Thử Nghiệm A"
    assert (enterprise["ownership"], enterprise["fdi"]) == ("private", False)
    assert [p["name"] for p in enterprise["products"]] == ["SP 0", "SP 1", "SP 2", "SP 3"]


def test_enterprise_detail_hides_an_enterprise_without_recognition(
    client, world, enterprise_a, enterprise_b
):
    assert client.get(f"{API}/enterprises/{enterprise_a.pk}").status_code == 200
    assert client.get(f"{API}/enterprises/{enterprise_b.pk}").status_code == 404


def test_enterprises_search_by_tax_code(client, world, enterprise_a):
    found = client.get(f"{API}/enterprises", {"q": enterprise_a.tax_code})
    none = client.get(f"{API}/enterprises", {"q": "khong co doanh nghiep nay"})

    assert [e["id"] for e in found.json()["items"]] == [enterprise_a.pk]
    assert none.json()["items"] == []


# Certificates -----------------------------------------------------------------------------------


def test_certificate_verify_answers_the_public_facts(client, world, recognitions, enterprise_a):
    recognition = recognitions[0]

    response = client.get(f"{API}/certificates/TOP-2026-01")

    assert response.status_code == 200
    assert response.json() == {
        "number": "TOP-2026-01",
        "title": "top",
        "title_label": "Sản phẩm công nghiệp chủ lực tiêu biểu (Top)",
        "status": "valid",
        "status_label": "Còn hiệu lực",
        "issued_on": recognition.valid_from.isoformat(),
        "recognition_id": recognition.pk,
        "year": 2026,
        "valid_from": recognition.valid_from.isoformat(),
        "valid_until": recognition.valid_until.isoformat(),
        "product": {"id": recognition.product_id, "name": "SP 0"},
        "enterprise": {
            "id": enterprise_a.pk,
            "name": "Công ty CP Khóa Thử Nghiệm A",
            "tax_code": enterprise_a.tax_code,
        },
        "decision": {
            "id": world["decision"].pk,
            "number": "1234/QĐ-UBND",
            "signed_on": world["decision"].signed_on.isoformat(),
        },
    }


def test_certificate_verify_ignores_case_and_reports_revocation(client, officer, recognitions):
    decision_services.recognition_revoke(
        actor=officer, recognition=recognitions[2], reason="Thử", decision_ref="98/QĐ-UBND"
    )

    response = client.get(f"{API}/certificates/spcncl-2026-003")

    assert response.json()["number"] == "SPCNCL-2026-003"
    assert response.json()["status"] == "revoked"
    assert response.json()["status_label"] == "Đã thu hồi"


def test_certificate_verify_unknown_number_is_404(client, world):
    response = client.get(f"{API}/certificates/SPCNCL-1999-999")

    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy dữ liệu yêu cầu.", "code": "not_found"}


# Open data --------------------------------------------------------------------------------------


def _snapshot(decision, version: int) -> OpenDataSnapshot:
    # The snapshot builder runs on commit in a background task; the API only reads rows.
    base = f"open-data/{decision.pk}/v{version}/"
    return OpenDataSnapshot.objects.create(
        decision=decision,
        version=version,
        created_at=timezone.now(),
        reason=f"Phiên bản {version}",
        csv_file=base + "danh-sach.csv",
        json_file=base + "danh-sach.json",
        xlsx_file=base + "danh-sach.xlsx",
        metadata={"title": "thử"},
        rows=4,
    )


def test_open_data_lists_snapshots_newest_version_first_with_urls(client, settings, world):
    settings.SITE_URL = "https://chuluc.example.vn"
    decision = world["decision"]
    _snapshot(decision, 1)
    _snapshot(decision, 2)

    response = client.get(f"{API}/open-data")

    items = response.json()["items"]
    assert [i["version"] for i in items] == [2, 1]
    base = f"https://chuluc.example.vn/du-lieu-mo/{decision.pk}/v2/"
    assert {k: items[0][k] for k in ("csv_url", "json_url", "xlsx_url", "metadata_url")} == {
        "csv_url": base + "danh-sach.csv",
        "json_url": base + "danh-sach.json",
        "xlsx_url": base + "danh-sach.xlsx",
        "metadata_url": base + "metadata.json",
    }
    assert (items[0]["decision"]["number"], items[0]["year"], items[0]["rows"]) == (
        "1234/QĐ-UBND",
        2026,
        4,
    )


def test_open_data_filters_by_decision(client, world):
    _snapshot(world["decision"], 1)

    assert client.get(f"{API}/open-data", {"decision": world["decision"].pk}).json()["count"] == 1
    assert (
        client.get(f"{API}/open-data", {"decision": world["decision"].pk + 1}).json()["count"] == 0
    )
