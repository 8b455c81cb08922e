"""The public portal as an anonymous visitor sees it: every page, its filters and search,
the 404s for what is not public, certificate verification, the open-data files and the
language switch."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata

import pytest
from django.conf import settings
from django.urls import reverse

from chuluc.decisions import selectors as decision_selectors
from chuluc.decisions.certificates import verify_url
from chuluc.decisions.enums import Title, Validity
from chuluc.decisions.models import Recognition
from chuluc.decisions.services import snapshot_publish
from chuluc.registry import services as registry_services
from chuluc.registry.services.public_records import UNNAMED_PRODUCT, public_records_load
from tests.factories.portal import (
    FDI_NAME,
    FDI_PRODUCT,
    NEXT_YEAR_NUMBER,
    PUBLISHED_ANSWER,
    PUBLISHED_TEXT,
    REVOKE_REASON,
    REVOKE_REF,
    WEBSITE,
    certificate,
)
from tests.factories.registry import ProductImageFactory


def _names(response) -> list[str]:
    return [row.product.name for row in response.context["rows"]]


def _years(response) -> dict[str, list[tuple[int, bool, str]]]:
    return {
        row.product.name: [(y.year, y.top, y.validity) for y in row.years]
        for row in response.context["rows"]
    }


def _main(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


# --------------------------------------------------------------------------- directory


def test_directory_lists_each_recognised_product_once_newest_year_first(world, client):
    response = client.get(reverse("portal:products"), {"hieu_luc": "tat-ca"})
    assert response.status_code == 200
    assert _names(response) == ["SP 0", "SP 1", "SP 2", "SP 3", FDI_PRODUCT]
    assert _years(response) == {
        "SP 0": [(2027, True, "valid"), (2026, True, "superseded")],
        "SP 1": [(2026, True, "valid")],
        "SP 2": [(2026, False, "expired")],
        "SP 3": [(2026, False, "revoked")],
        FDI_PRODUCT: [(2026, False, "valid")],
    }
    body = _main(response)
    assert "Sản phẩm chưa công nhận" not in body  # enterprise A's product never recognised
    assert "SP 4" not in body  # withdrawn after a comment: never recognised
    assert world["product_b"].name not in body


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"nam": "2027"}, ["SP 0"]),
        ({"nam": "2026", "top": "on"}, ["SP 0", "SP 1"]),
        ({"top": "on"}, ["SP 0", "SP 1"]),
        ({"nganh": "nong-san-thuc-pham"}, [FDI_PRODUCT]),
        ({"nganh": "co-khi"}, ["SP 0", "SP 1", "SP 2", "SP 3"]),
        ({"quan": "dong-anh"}, [FDI_PRODUCT]),
        ({"quan": "ba-dinh", "nam": "2027"}, ["SP 0"]),
        ({"fdi": "on"}, [FDI_PRODUCT]),
        ({"fdi": "on", "top": "on"}, []),
        ({"nam": "1999"}, ["SP 0", "SP 1", "SP 2", "SP 3", FDI_PRODUCT]),  # not a choice
        ({"hieu_luc": "dang-hieu-luc"}, ["SP 0", "SP 1", FDI_PRODUCT]),
        ({"hieu_luc": "het-hieu-luc"}, ["SP 2"]),
        ({"hieu_luc": "da-thu-hoi"}, ["SP 3"]),
        ({"hieu_luc": "sap-het-hieu-luc"}, []),
        ({"hieu_luc": "da-thu-hoi", "nam": "2027"}, []),  # the same recognition
        ({"hieu_luc": "khong-co"}, ["SP 0", "SP 1", FDI_PRODUCT]),  # not a choice: the default
    ],
)
def test_directory_filters(world, client, query, expected):
    response = client.get(reverse("portal:products"), {"hieu_luc": "tat-ca", **query})
    assert response.status_code == 200
    assert _names(response) == expected


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("thuc pham", [FDI_PRODUCT]),  # the industry group "Chế biến nông sản, thực phẩm"
        ("THỰC PHẨM", [FDI_PRODUCT]),
        (unicodedata.normalize("NFD", "thực phẩm"), [FDI_PRODUCT]),
        ("sua chua huong que", [FDI_PRODUCT]),  # the product's name
        ("sua ngoai", [FDI_PRODUCT]),  # its enterprise's name
        ("khoa thu nghiem", ["SP 0", "SP 1", "SP 2", "SP 3"]),
        ("sp 1", ["SP 1"]),
        ("chua cong nhan", []),  # a product never recognised is not found either
        ("khong co gi", []),
    ],
)
def test_directory_search_ignores_accents_and_case(world, client, q, expected):
    response = client.get(reverse("portal:products"), {"q": q, "hieu_luc": "tat-ca"})
    assert _names(response) == expected


def test_directory_opens_on_what_is_in_force(world, client):
    response = client.get(reverse("portal:products"))
    assert _names(response) == ["SP 0", "SP 1", FDI_PRODUCT]
    select = re.search(r'<select name="hieu_luc".*?</select>', _main(response), flags=re.S)
    assert re.findall(r'<option value="([^"]*)" selected>', select.group(0)) == ["dang-hieu-luc"]
    # Expiring is still in force: it is listed by default, and on its own.
    _expire_soon(world["recognitions"]["SP 1"])
    assert _names(client.get(reverse("portal:products"))) == ["SP 0", "SP 1", FDI_PRODUCT]
    expiring = client.get(reverse("portal:products"), {"hieu_luc": "sap-het-hieu-luc"})
    assert _names(expiring) == ["SP 1"]


def _expire_soon(recognition) -> None:
    """The recognition's last day within the reminder window, written as the
    renewal-date correction a test needs (no service moves a last day)."""
    last = decision_selectors.today() + dt.timedelta(days=min(settings.EXPIRY_REMINDER_DAYS))
    Recognition.objects.filter(pk=recognition.pk).update(valid_until=last)


def test_directory_states_each_recognition_in_words_with_a_legend(world, client):
    response = client.get(reverse("portal:products"), {"hieu_luc": "tat-ca"})
    body = _main(response)
    legend = body[body.index('id="validity-legend"') : body.index("</details>")]
    for state in Validity:
        assert str(state.label) in legend
    rows = _row_texts(body)
    assert "2026 Top Còn hiệu lực" in rows["SP 1"]
    assert "2026 Hết hiệu lực" in rows["SP 2"]
    assert "2026 Đã thu hồi" in rows["SP 3"]
    assert "2026 Top Đã được thay thế bằng công nhận mới" in rows["SP 0"]
    # Each state's sign repeats its words for the eye only.
    signs = re.findall(r"<svg class=\"status-icon\"\s+aria-hidden=\"true\"", body)
    assert len(signs) == len(Validity) + 6  # the legend, and the directory's six marks


def _row_texts(body: str) -> dict[str, str]:
    """Each directory row's visible text, spaces collapsed, by product name."""
    table = body[body.index('id="products"') : body.index("</table>")]
    texts = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)[1:]:
        text = " ".join(re.sub(r"<[^>]+>", " ", row).split())
        texts[text.split(" Khóa")[0].split(" Công ty")[0]] = text
    return texts


def test_directory_search_finds_public_records_apart_from_recognitions(world, client, officer):
    public_records_load(
        actor=officer,
        rows=[
            {
                "year": "2018-2023",
                "product": UNNAMED_PRODUCT,
                "enterprise": "Công ty CP Khóa Việt-Tiệp",
                "top10": "unknown",
                "source_url": "https://congly.vn/san-pham-cong-nghiep-chu-luc.html",
            },
            {
                "year": "2021",
                "product": "Đèn LED Rạng Đông",
                "enterprise": "Rạng Đông",
                "top10": "yes",
                "source_url": "https://tapchicongthuong.vn/nam-2021.htm",
            },
        ],
    )
    for q in ("Khóa Việt-Tiệp", "khoa viet tiep", "KHOA VIET"):
        response = client.get(reverse("portal:products"), {"q": q})
        assert _names(response) == []  # not a recognition of this system
        mentions = response.context["public_records"]
        assert [m.enterprise.name for m in mentions] == ["Công ty CP Khóa Việt-Tiệp"]
        section = _main(response)[_main(response).index('id="public-records"') :]
        assert "Ghi nhận từ nguồn công khai" in section
        assert "Nguồn không nêu tên sản phẩm" in section
        assert "https://congly.vn/san-pham-cong-nghiep-chu-luc.html" in section
        assert "2018-2023" in section
    by_product = client.get(reverse("portal:products"), {"q": "den led"})
    assert [m.product.name for m in by_product.context["public_records"]] == ["Đèn LED Rạng Đông"]
    # Without a search the directory lists recognitions only.
    assert client.get(reverse("portal:products")).context["public_records"] == []
    assert 'id="public-records"' not in _main(client.get(reverse("portal:products")))


def test_directory_labels_demo_records(world, client):
    response = client.get(reverse("portal:products"), {"fdi": "on"})
    assert _main(response).count("badge-demo") == 2  # the product and its enterprise


# --------------------------------------------------------------------------- product, enterprise


def test_product_page_shows_its_recognition_history(world, client):
    product = world["recognitions"]["SP 0"].product
    response = client.get(reverse("portal:product", args=[product.pk]))
    assert response.status_code == 200
    rows = [
        (
            h.recognition.year,
            h.recognition.top,
            h.recognition.decision.number,
            [c.number for c in h.certificates],
            h.validity,
        )
        for h in response.context["history"]
    ]
    assert rows == [
        (2027, True, NEXT_YEAR_NUMBER, ["SPCNCL-2027-001", "TOP-2027-01"], "valid"),
        (2026, True, "1234/QĐ-UBND", ["SPCNCL-2026-001", "TOP-2026-01"], "superseded"),
    ]
    body = _main(response)
    assert world["enterprise"].name in body
    assert reverse("portal:enterprise", args=[world["enterprise"].pk]) in body
    assert reverse("portal:verify_number", args=["TOP-2026-01"]) in body
    assert "Cơ khí, chế tạo" in body


def test_product_page_shows_description_images_website_and_decision(world, client, officer):
    product = world["recognitions"]["SP 1"].product
    registry_services.product_update(
        actor=officer, product=product, description="Khóa cửa vân tay.\nBảo hành 5 năm."
    )
    image = ProductImageFactory(product=product, caption="Mặt trước")
    response = client.get(reverse("portal:product", args=[product.pk]))
    body = _main(response)
    assert "<p>Khóa cửa vân tay.<br>Bảo hành 5 năm.</p>" in body
    image_url = reverse("portal:product_image", args=[product.pk, image.pk])
    assert f'src="{image_url}"' in body
    assert 'alt="Mặt trước"' in body
    assert f'href="{WEBSITE}"' in body
    decision = body[body.index('id="decision"') :]
    assert f'href="{reverse("portal:results_year", args=[2026])}#decision"' in decision
    assert "Quyết định số 1234/QĐ-UBND ngày" in decision
    served = client.get(image_url)
    assert (served.status_code, served["Content-Type"]) == (200, "image/png")
    assert served["X-Content-Type-Options"] == "nosniff"
    assert b"".join(served.streaming_content).startswith(b"\x89PNG")


def test_product_image_of_what_is_not_public_is_404(world, client):
    hidden = world["unrecognised"]
    image = ProductImageFactory(product=hidden)
    public = world["recognitions"]["SP 1"].product
    for args in ([hidden.pk, image.pk], [public.pk, image.pk]):
        assert client.get(reverse("portal:product_image", args=args)).status_code == 404


def test_product_page_of_revoked_recognition_says_so(world, client):
    product = world["recognitions"]["SP 3"].product
    response = client.get(reverse("portal:product", args=[product.pk]))
    assert [h.validity for h in response.context["history"]] == ["revoked"]
    assert "Đã thu hồi" in _main(response)
    assert REVOKE_REF in _main(response)


def test_pages_of_what_was_never_recognised_are_404(world, client):
    never = [
        reverse("portal:product", args=[world["unrecognised"].pk]),
        reverse("portal:product", args=[world["product_b"].pk]),
        reverse("portal:product", args=[world["publication"].entries.get(rank=5).product_id]),
        reverse("portal:product", args=[999_999]),
        reverse("portal:enterprise", args=[world["enterprise_b"].pk]),
        reverse("portal:enterprise", args=[999_999]),
        reverse("portal:results_year", args=[1999]),
    ]
    assert [client.get(url).status_code for url in never] == [404] * len(never)


def test_enterprise_page_shows_public_facts_and_recognised_products(world, client):
    enterprise = world["enterprise"]
    response = client.get(reverse("portal:enterprise", args=[enterprise.pk]))
    assert response.status_code == 200
    assert _names(response) == ["SP 0", "SP 1", "SP 2", "SP 3"]
    facts = _main(response)
    for fact in (enterprise.name, enterprise.tax_code, "Quận Ba Đình", "Tư nhân", WEBSITE):
        assert fact in facts


def test_fdi_enterprise_page_says_fdi_and_demo(world, client):
    response = client.get(reverse("portal:enterprise", args=[world["fdi"].pk]))
    body = _main(response)
    assert FDI_NAME in body
    assert "Có vốn đầu tư nước ngoài (FDI)" in body
    assert "Huyện Đông Anh" in body
    assert 'class="note demo"' in body
    assert _names(response) == [FDI_PRODUCT]


# --------------------------------------------------------------------------- results


def test_results_archive_lists_each_year_with_its_decision(world, client):
    response = client.get(reverse("portal:results"))
    assert response.status_code == 200
    [publication] = response.context["publications"]
    assert (publication.campaign.year, publication.entry_count, publication.top_count) == (
        2026,
        4,
        2,
    )
    assert publication.withdrawn_count == 1
    body = _main(response)
    assert "1234/QĐ-UBND" in body
    assert reverse("portal:results_year", args=[2026]) in body


def test_results_year_page_shows_list_decision_and_published_comments(world, client):
    response = client.get(reverse("portal:results_year", args=[2026]))
    assert response.status_code == 200
    [result] = response.context["results"]
    assert [(e.rank, e.product.name, e.top, e.withdrawn) for e in result.entries] == [
        (1, "SP 0", True, False),
        (2, "SP 1", True, False),
        (3, "SP 2", False, False),
        (4, "SP 3", False, False),
        (5, "SP 4", False, True),
    ]
    body = _main(response)
    assert "Đã đưa ra khỏi danh sách" in body
    assert "Nguyễn Văn Thử" in body  # the signer
    assert PUBLISHED_TEXT in body
    assert PUBLISHED_ANSWER in body
    assert reverse("decisions:comment_page", args=[2026]) in body
    # A withdrawn product was never recognised: no link to a product page that is a 404.
    withdrawn = result.entries[4].product_id
    assert reverse("portal:product", args=[withdrawn]) not in body


# --------------------------------------------------------------------------- verification


def test_verify_form_redirects_to_the_number_page(client, world):
    response = client.get(reverse("portal:verify"), {"so": "  spcncl-2026-002 "})
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:verify_number", args=["spcncl-2026-002"])
    assert client.get(reverse("portal:verify")).status_code == 200


def test_verify_valid_certificate_in_any_case(world, client):
    for number in ("SPCNCL-2026-002", "spcncl-2026-002", "Spcncl-2026-002"):
        response = client.get(reverse("portal:verify_number", args=[number]))
        assert response.status_code == 200
        assert response.context["v"].certificate == certificate(world, "SP 1")
        assert response.context["v"].validity == "valid"
    body = _main(response)
    assert "Còn hiệu lực" in body
    assert "1234/QĐ-UBND" in body
    assert "SP 1" in body
    assert world["enterprise"].name in body


def test_verify_revoked_certificate_gives_reason_and_decision(world, client):
    response = client.get(reverse("portal:verify_number", args=["SPCNCL-2026-004"]))
    body = _main(response)
    assert response.context["v"].validity == "revoked"
    assert "Đã thu hồi" in body
    assert REVOKE_REASON in body
    assert REVOKE_REF in body
    assert "Còn hiệu lực" not in body


def test_verify_superseded_certificate_points_to_the_newer_recognition(world, client):
    response = client.get(reverse("portal:verify_number", args=["TOP-2026-01"]))
    v = response.context["v"]
    assert (v.validity, v.newer, [c.number for c in v.newer_certificates]) == (
        "superseded",
        world["recognitions"]["SP 0 (2027)"],
        ["SPCNCL-2027-001", "TOP-2027-01"],
    )
    body = _main(response)
    assert NEXT_YEAR_NUMBER in body
    assert reverse("portal:verify_number", args=["TOP-2027-01"]) in body


def test_verify_expired_certificate(world, client):
    response = client.get(reverse("portal:verify_number", args=["SPCNCL-2026-003"]))
    assert response.context["v"].validity == "expired"
    assert "Hết hiệu lực" in _main(response)


def test_verify_unknown_number_is_a_clear_404(world, client):
    for url in (
        reverse("portal:verify_number", args=["SPCNCL-1999-999"]),
        reverse("portal:verify") + "?so=abc/def",
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert "Không tìm thấy giấy chứng nhận" in _main(response)
        assert 'id="verify-form"' in _main(response)


def test_certificate_qr_url_is_the_verification_page(world):
    assert verify_url("TOP-2026-01") == f"{settings.SITE_URL}/xac-minh/TOP-2026-01/"


# --------------------------------------------------------------------------- open data


def test_opendata_index_lists_each_decision_with_its_versions(world, client):
    v2 = snapshot_publish(decision=world["decision"], reason="Thu hồi (thử)")
    response = client.get(reverse("portal:opendata"))
    assert response.status_code == 200
    entries = [
        (e.decision.number, e.latest.version, [s.version for s in e.versions])
        for e in response.context["entries"]
    ]
    assert entries == [(NEXT_YEAR_NUMBER, 1, [1]), ("1234/QĐ-UBND", 2, [2, 1])]
    body = _main(response)
    for version in (1, 2):
        for fmt in ("csv", "json", "xlsx"):
            url = reverse("portal:opendata_file", args=[world["decision"].pk, version, fmt])
            assert url in body
    assert reverse("portal:opendata_latest", args=[world["decision"].pk, "csv"]) in body
    assert v2.version == 2


@pytest.mark.parametrize(
    ("fmt", "content_type", "attachment"),
    [
        ("csv", "text/csv; charset=utf-8", True),
        ("json", "application/json", False),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", True),
    ],
)
def test_opendata_files_are_served_with_type_and_public_cache(
    world, client, fmt, content_type, attachment
):
    snapshot = world["snapshot"]
    response = client.get(reverse("portal:opendata_file", args=[snapshot.decision_id, 1, fmt]))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.get("Content-Disposition", "").startswith("attachment") is attachment
    content = b"".join(response.streaming_content)
    [distribution] = [d for d in snapshot.metadata["distribution"] if d["format"] == fmt.upper()]
    assert hashlib.sha256(content).hexdigest() == distribution["checksum"]["checksumValue"]
    assert distribution["downloadURL"] == settings.SITE_URL + response.request["PATH_INFO"]


def test_opendata_metadata_and_latest(world, client):
    decision = world["decision"]
    response = client.get(reverse("portal:opendata_metadata", args=[decision.pk, 1]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == world["snapshot"].metadata
    snapshot_publish(decision=decision, reason="v2")
    latest = client.get(reverse("portal:opendata_latest", args=[decision.pk, "xlsx"]))
    assert latest.status_code == 302
    assert latest["Location"] == reverse("portal:opendata_file", args=[decision.pk, 2, "xlsx"])


def test_opendata_unknown_version_or_format_is_404(world, client):
    pk = world["decision"].pk
    urls = [
        reverse("portal:opendata_file", args=[pk, 9, "csv"]),
        reverse("portal:opendata_metadata", args=[pk, 9]),
        reverse("portal:opendata_latest", args=[999_999, "csv"]),
        f"/du-lieu-mo/{pk}/v1/danh-sach.pdf",
        f"/du-lieu-mo/{pk}/moi-nhat.exe",
    ]
    assert [client.get(url).status_code for url in urls] == [404] * len(urls)


# --------------------------------------------------------------------------- language, home


def test_english_switch_translates_a_portal_page(world, client):
    url = reverse("portal:products")
    assert re.search(r'<html lang="vi">', client.get(url).content.decode())
    response = client.post(reverse("set_language"), {"language": "en", "next": url})
    assert response.status_code == 302
    assert response["Location"] == url
    english = client.get(url)
    html = english.content.decode()
    assert english["Content-Language"] == "en"
    assert '<html lang="en">' in html
    assert "Sign in" in html  # the site's header, already in the catalogue
    assert "Đăng nhập" not in html
    assert _names(english) == ["SP 0", "SP 1", FDI_PRODUCT]
    for words in ("Status of a recognition", "In force", "Validity", "Revoked"):
        assert words in html
    for words in ("Đang hiệu lực", "Chú giải", "Đã thu hồi"):
        assert words not in html


def test_home_page_links_to_the_portal(client, db):
    body = client.get(reverse("core:home")).content.decode()
    for name in ("products", "verify", "results", "opendata"):
        assert f'href="{reverse(f"portal:{name}")}"' in body


def test_certificate_titles_are_shown_in_words(world, client):
    product = world["recognitions"]["SP 1"].product
    body = _main(client.get(reverse("portal:product", args=[product.pk])))
    assert str(Title.TOP.label) in body
