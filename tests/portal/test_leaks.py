"""Nothing private reaches a public page or file.

The world holds distinctive private values: dossier figures, council scores and totals, an
unpublished and a private comment, the contacts of every comment's author, the enterprise's
own e-mail and telephone, its contact person, its representative's account. Every portal
URL is fetched anonymously, in every state the world offers (each product, enterprise,
certificate, data file); no response may contain any of those values in any usual
spelling. ``test_leak_table_covers_every_pattern`` fails when a portal URL is added
without an entry here."""

from __future__ import annotations

import io

import pytest
from django.urls import URLPattern, reverse
from openpyxl import load_workbook

from chuluc.campaigns.models import YearFigures
from chuluc.decisions.enums import CommentStatus
from chuluc.decisions.models import Certificate, PublicComment
from chuluc.portal import urls as portal_urls
from chuluc.registry.models import EnterpriseContact
from tests.factories import portal
from tests.factories.registry import ProductImageFactory

FORMATS = ("csv", "json", "xlsx")


def _products(w):
    return [{"pk": r.product_id} for r in w["recognitions"].values()]


def _images(w):
    """An image of each recognised product (a real 1×1 PNG)."""
    if "images" not in w:
        w["images"] = [ProductImageFactory(product_id=kw["pk"]) for kw in _products(w)]
    return w["images"]


def _numbers(w):
    return [{"number": c.number} for c in Certificate.objects.all()] + [
        {"number": c.number.lower()} for c in Certificate.objects.all()
    ]


def _files(w):
    return [
        {"decision_pk": s.decision_id, "version": s.version, "fmt": fmt}
        for s in (w["snapshot"], w["next_snapshot"])
        for fmt in FORMATS
    ]


def _versions(w):
    return [
        {"decision_pk": s.decision_id, "version": s.version}
        for s in (w["snapshot"], w["next_snapshot"])
    ]


def _latest(w):
    return [{"decision_pk": w["decision"].pk, "fmt": fmt} for fmt in FORMATS]


# URL name → the requests to send: (kwargs, query string, expected status).
TABLE = {
    "products": lambda w: [
        ({}, {}, 200),
        ({}, {"q": "sp", "top": "on"}, 200),
        ({}, {"fdi": "on", "nam": "2026"}, 200),
        ({}, {"page": "2"}, 200),
        ({}, {"hieu_luc": "tat-ca", "q": "khoa"}, 200),
        ({}, {"hieu_luc": "da-thu-hoi"}, 200),
    ],
    "product": lambda w: (
        [(kw, {}, 200) for kw in _products(w)] + [({"pk": w["unrecognised"].pk}, {}, 404)]
    ),
    "product_image": lambda w: (
        [({"product_pk": i.product_id, "pk": i.pk}, {}, 200) for i in _images(w)]
        + [({"product_pk": w["unrecognised"].pk, "pk": _images(w)[0].pk}, {}, 404)]
    ),
    "enterprise": lambda w: [
        ({"pk": w["enterprise"].pk}, {}, 200),
        ({"pk": w["fdi"].pk}, {}, 200),
        ({"pk": w["enterprise_b"].pk}, {}, 404),
    ],
    "results": lambda w: [({}, {}, 200)],
    "results_year": lambda w: [({"year": 2026}, {}, 200), ({"year": 2027}, {}, 404)],
    "verify": lambda w: [({}, {}, 200), ({}, {"so": "SPCNCL-2026-001"}, 302)],
    "verify_number": lambda w: (
        [(kw, {}, 200) for kw in _numbers(w)] + [({"number": "SPCNCL-2026-999"}, {}, 404)]
    ),
    "opendata": lambda w: [({}, {}, 200)],
    "opendata_file": lambda w: [(kw, {}, 200) for kw in _files(w)],
    "opendata_metadata": lambda w: [(kw, {}, 200) for kw in _versions(w)],
    "opendata_latest": lambda w: [(kw, {}, 302) for kw in _latest(w)],
}


def test_leak_table_covers_every_pattern():
    names = []
    for pattern in portal_urls.urlpatterns:
        assert isinstance(pattern, URLPattern), pattern
        names.append(pattern.name)
    assert len(names) == len(set(names))
    assert sorted(set(names) - set(TABLE)) == []  # unlisted patterns
    assert sorted(set(TABLE) - set(names)) == []  # stale entries


def _spellings(number: int) -> list[str]:
    grouped = f"{number:,}"
    return [
        str(number),
        grouped,
        grouped.replace(",", "."),
        grouped.replace(",", " "),
        grouped.replace(",", "\xa0"),
    ]


def _phone_spellings(phone: str) -> list[str]:
    return [phone, phone.replace(" ", ""), phone.replace(" ", ".")]


def _forbidden(w) -> dict[str, str]:
    """Spelling → what it would leak."""
    found: dict[str, str] = {}
    for value in (portal.REVENUE, portal.PRODUCTION, portal.EXPORT_USD):
        found.update(dict.fromkeys(_spellings(value), "dossier figure"))
    score, total = str(portal.SCORE), str(portal.TOTAL)
    for text in (score, total, total[:5]):
        found[text] = found[text.replace(".", ",")] = "score"
    found.update(
        {
            portal.PRIVATE_TEXT: "private comment",
            "MẬT-KÍN-4471": "private comment",
            portal.WAITING_TEXT: "unmoderated comment",
            "CHỜ-DUYỆT-5582": "unmoderated comment",
            portal.PUBLISHED_CONTACT: "contact of a comment's author",
            portal.WAITING_CONTACT: "contact of a comment's author",
            portal.ENTERPRISE_EMAIL: "enterprise e-mail",
            portal.CONTACT_EMAIL: "contact person's e-mail",
            portal.CONTACT_NAME: "contact person",
            w["rep"].email: "representative's e-mail",
            w["rep"].full_name: "representative's name",
            w["officer"].email: "officer's e-mail",
        }
    )
    for phone, what in (
        (portal.PRIVATE_CONTACT, "contact of a comment's author"),
        (portal.ENTERPRISE_PHONE, "enterprise telephone"),
        (portal.CONTACT_PHONE, "contact person's telephone"),
        (portal.REP_PHONE, "representative's telephone"),
    ):
        found.update(dict.fromkeys(_phone_spellings(phone), what))
    return found


def _text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content.startswith(b"PK"):  # XLSX: the cells' text
        workbook = load_workbook(io.BytesIO(content), read_only=True)
        cells = [
            str(v)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for v in row
            if v is not None
        ]
        workbook.close()
        return "\n".join(cells)
    if content.startswith(b"\x89PNG"):  # an image: its bytes, as they are
        return content.decode("latin-1")
    return content.decode("utf-8-sig")


def _check_world_holds_the_secrets(w) -> None:
    """Without these the leak test would pass on an empty world."""
    assert YearFigures.objects.filter(revenue_vnd=portal.REVENUE).count() >= 4
    statuses = dict(PublicComment.objects.values_list("text", "status"))
    assert statuses[portal.PRIVATE_TEXT] == CommentStatus.PRIVATE
    assert statuses[portal.WAITING_TEXT] == CommentStatus.RECEIVED
    assert statuses[portal.PUBLISHED_TEXT] == CommentStatus.PUBLISHED
    assert EnterpriseContact.objects.filter(email=portal.CONTACT_EMAIL).exists()
    assert w["publication"].entries.filter(total=portal.TOTAL).count() == 5
    w["enterprise"].refresh_from_db()
    assert (w["enterprise"].email, w["enterprise"].phone) == (
        portal.ENTERPRISE_EMAIL,
        portal.ENTERPRISE_PHONE,
    )


@pytest.mark.parametrize("name", sorted(TABLE))
def test_no_private_value_reaches_a_portal_page(world, client, name):
    _check_world_holds_the_secrets(world)
    forbidden = _forbidden(world)
    seen = []
    for kwargs, query, status in TABLE[name](world):
        url = reverse(f"portal:{name}", kwargs=kwargs)
        response = client.get(url, query)
        assert response.status_code == status, (url, query)
        if status == 302:
            response = client.get(response["Location"])
            assert response.status_code in {200, 404}, url
        text = _text(response)
        leaks = sorted({what for spelling, what in forbidden.items() if spelling in text})
        assert leaks == [], (url, query)
        seen.append(text)
    assert seen


def test_public_facts_do_reach_the_pages(world, client):
    """The other side of the leak test: what is public is shown (so the pages checked above
    are the real ones, not empty shells)."""
    pages = "\n".join(
        client.get(url).content.decode()
        for url in (
            reverse("portal:products"),
            reverse("portal:results_year", args=[2026]),
            reverse("portal:enterprise", args=[world["enterprise"].pk]),
            reverse("portal:verify_number", args=["SPCNCL-2026-004"]),
        )
    )
    for fact in (
        "SP 0",
        portal.FDI_PRODUCT,
        portal.PUBLISHED_TEXT,
        portal.PUBLISHED_ANSWER,
        "Nguyễn Văn Góp Ý",  # a published comment's author (the name is public, not the contact)
        world["enterprise"].tax_code,
        portal.WEBSITE,
        portal.REVOKE_REASON,
    ):
        assert fact in pages, fact
