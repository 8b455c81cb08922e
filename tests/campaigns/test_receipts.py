"""Submitting a dossier: the declaration, the reference number and the receipt (page and
PDF with a QR code to the dossier's timeline); deleting a draft never submitted."""

import datetime as dt
import io
from urllib.parse import urlsplit

import pypdfium2
import pytest
import zxingcpp
from django.core.exceptions import ValidationError
from django.urls import resolve, reverse
from pypdf import PdfReader

from chuluc.campaigns import selectors, services
from chuluc.campaigns.enums import DossierStatus
from chuluc.campaigns.models import Dossier, Evidence
from chuluc.campaigns.receipts import build_receipt, receipt_pdf, status_url
from chuluc.campaigns.selectors import dossier_detail
from chuluc.core.errors import ApplicationError
from chuluc.core.models import AuditEntry
from chuluc.registry.enums import ProductTrack
from tests.factories.campaigns import complete_dossier
from tests.factories.registry import ProductFactory

DECLARATION = (
    "Doanh nghiệp cam đoan các thông tin, số liệu và tài liệu trong hồ sơ là trung thực, "
    "chính xác và chịu trách nhiệm trước pháp luật"
)


@pytest.fixture
def product_a(enterprise_a):
    enterprise_a.hq_in_hanoi = True
    enterprise_a.save()
    return ProductFactory(enterprise=enterprise_a, name="Ổ khóa thử A", track=ProductTrack.OTHER)


@pytest.fixture
def dated_campaign(campaign):
    campaign.screening_ends = dt.date(2026, 8, 15)
    campaign.comment_starts = dt.date(2026, 10, 1)
    campaign.decision_due = dt.date(2026, 11, 20)
    campaign.save()
    return campaign


@pytest.fixture
def ready(rep_a, dated_campaign, product_a):
    return complete_dossier(actor=rep_a, campaign=dated_campaign, product=product_a)


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


# The declaration ----------------------------------------------------------------------------


def test_submitting_without_the_declaration_is_refused_beside_the_box(client, rep_a, ready):
    """Seen: "Nộp hồ sơ" gave "Đã cập nhật hồ sơ." with no declaration asked."""
    client.force_login(rep_a)
    page = client.get(reverse("campaigns:dossier_detail", args=[ready.pk])).content.decode()
    assert DECLARATION in page
    assert 'name="declared"' in page

    response = client.post(reverse("campaigns:dossier_submit", args=[ready.pk]), {})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="submit_declared_error"' in html
    assert "Vui lòng đánh dấu lời cam đoan" in html
    ready.refresh_from_db()
    assert ready.status == DossierStatus.DRAFT
    assert ready.reference is None and ready.declared_at is None


def test_the_service_refuses_a_submission_without_the_declaration(rep_a, ready):
    with pytest.raises(ValidationError) as info:
        services.dossier_submit(actor=rep_a, dossier=ready, declared=False)
    assert "declared" in info.value.message_dict
    assert Dossier.objects.get(pk=ready.pk).status == DossierStatus.DRAFT


def test_a_refusal_of_the_service_shows_on_the_page_and_changes_nothing(
    client, rep_a, dated_campaign, product_a
):
    dossier = services.dossier_create(actor=rep_a, campaign=dated_campaign, product=product_a)
    client.force_login(rep_a)
    response = client.post(
        reverse("campaigns:dossier_submit", args=[dossier.pk]), {"declared": "on"}
    )
    assert response.status_code == 200
    assert "Hồ sơ còn thiếu" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.DRAFT and dossier.reference is None


# The receipt --------------------------------------------------------------------------------


def test_submission_returns_a_receipt_with_number_time_contents_and_expected_dates(
    client, rep_a, ready
):
    """Seen: no reference number, no receipt, no expected date of the result."""
    client.force_login(rep_a)
    response = client.post(reverse("campaigns:dossier_submit", args=[ready.pk]), {"declared": "on"})
    assert response.status_code == 302
    assert response.url == reverse("campaigns:dossier_receipt", args=[ready.pk])
    ready.refresh_from_db()
    assert ready.status == DossierStatus.SUBMITTED
    assert ready.reference == f"SPCNCL-2026-HS-{ready.pk:06d}"
    assert ready.declared_at == ready.submitted_at

    html = client.get(response.url).content.decode()
    assert ready.reference in html
    assert "Lần nộp thứ 1" in html
    for year in (2023, 2024, 2025):
        assert f"<td>{year}</td>" in html
    for evidence in ready.evidence.all():
        assert evidence.original_name in html and evidence.sha256 in html
    assert "15/08/2026" in html and "01/10/2026" in html and "20/11/2026" in html
    assert "công bố lấy ý kiến" in html
    assert DECLARATION in html
    detail = client.get(reverse("campaigns:dossier_detail", args=[ready.pk])).content.decode()
    assert reverse("campaigns:dossier_receipt_pdf", args=[ready.pk]) in detail
    assert ready.reference in detail


def test_resubmission_keeps_the_number_with_a_new_time_and_count(rep_a, officer, ready):
    first = services.dossier_submit(actor=rep_a, dossier=ready)
    number, first_at = first.reference, first.submitted_at
    services.dossier_return(actor=officer, dossier=first, comment="Bổ sung")
    returned = Dossier.objects.get(pk=ready.pk)
    assert returned.has_receipt is False  # the receipt would not match what is being changed
    services.dossier_submit(actor=rep_a, dossier=returned)
    again = dossier_detail(pk=ready.pk)
    assert again.reference == number
    assert again.submitted_at > first_at
    receipt = build_receipt(again)
    assert receipt["submission"] == 2
    assert receipt["reference"] == number


def test_receipt_pdf_reads_and_its_qr_code_opens_the_dossier_timeline(rep_a, ready, settings):
    settings.SITE_URL = "https://chuluc.example.gov.vn"
    services.dossier_submit(actor=rep_a, dossier=ready)
    dossier = dossier_detail(pk=ready.pk)
    content = receipt_pdf(build_receipt(dossier))
    text = _pdf_text(content)
    for expected in (
        "GIẤY BIÊN NHẬN HỒ SƠ",
        f"Số tiếp nhận: {dossier.reference}",
        "Nộp lần 1",
        "trung thực, chính xác",
        "2025",
        "15/08/2026",
        "01/10/2026",
    ):
        assert expected in text, expected
    page = pypdfium2.PdfDocument(content)[0]
    codes = zxingcpp.read_barcodes(page.render(scale=200 / 72).to_pil())
    assert [c.text for c in codes] == [status_url(dossier)]
    assert codes[0].text.endswith("#dien-bien")
    assert resolve(urlsplit(codes[0].text).path).view_name == "campaigns:dossier_detail"


def test_receipt_pdf_is_served_to_the_enterprise_later(client, rep_a, ready):
    services.dossier_submit(actor=rep_a, dossier=ready)
    client.force_login(rep_a)
    response = client.get(reverse("campaigns:dossier_receipt_pdf", args=[ready.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_a_draft_has_no_receipt(client, rep_a, ready):
    client.force_login(rep_a)
    for name in ("dossier_receipt", "dossier_receipt_pdf"):
        assert client.get(reverse(f"campaigns:{name}", args=[ready.pk])).status_code == 404


def test_without_calendar_dates_the_receipt_says_so(client, rep_a, campaign, product_a):
    dossier = complete_dossier(actor=rep_a, campaign=campaign, product=product_a)
    services.dossier_submit(actor=rep_a, dossier=dossier)
    client.force_login(rep_a)
    html = client.get(reverse("campaigns:dossier_receipt", args=[dossier.pk])).content.decode()
    assert "chưa ghi ngày có kết quả" in html


# Deleting a draft ---------------------------------------------------------------------------


def test_a_draft_never_submitted_is_deleted_after_confirmation(
    client, rep_a, ready, django_capture_on_commit_callbacks
):
    """Seen: a draft could not be withdrawn or deleted."""
    names = [e.file.name for e in ready.evidence.all()]
    storage = Evidence._meta.get_field("file").storage
    client.force_login(rep_a)
    url = reverse("campaigns:dossier_delete", args=[ready.pk])

    unconfirmed = client.post(url, {})
    assert unconfirmed.status_code == 200
    assert 'id="delete_confirm_error"' in unconfirmed.content.decode()
    assert Dossier.objects.filter(pk=ready.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"confirm": "on"})
    assert response.status_code == 302
    assert response.url == reverse("campaigns:my_dossiers")
    assert not Dossier.objects.filter(pk=ready.pk).exists()
    entry = AuditEntry.objects.get(action="dossier.delete", object_id=str(ready.pk))
    assert entry.diff["product"][0] == ready.product_id
    assert not any(storage.exists(name) for name in names)


def test_a_dossier_once_submitted_cannot_be_deleted(rep_a, officer, ready):
    services.dossier_submit(actor=rep_a, dossier=ready)
    services.dossier_return(actor=officer, dossier=ready, comment="Bổ sung")
    returned = Dossier.objects.get(pk=ready.pk)
    assert returned.is_discardable is False
    with pytest.raises(ApplicationError, match="chưa nộp lần nào"):
        services.dossier_delete(actor=rep_a, dossier=returned)
    assert Dossier.objects.filter(pk=ready.pk).exists()


def test_another_enterprise_cannot_delete_a_draft(rep_b, ready):
    with pytest.raises(ApplicationError):
        services.dossier_delete(actor=rep_b, dossier=ready)
    assert Dossier.objects.filter(pk=ready.pk).exists()


def test_receipt_pdf_stays_vietnamese_for_a_reader_in_english(client, rep_a, ready):
    services.dossier_submit(actor=rep_a, dossier=ready)
    client.force_login(rep_a)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("campaigns:dossier_receipt", args=[ready.pk])).content.decode()
    assert "When to expect the result" in page  # the page follows the reader
    response = client.get(reverse("campaigns:dossier_receipt_pdf", args=[ready.pk]))
    text = _pdf_text(response.content)
    assert "Kết quả xét chọn của Hội đồng được công bố lấy ý kiến" in text
    assert "Báo cáo tài chính" in text


def test_my_dossiers_list_shows_the_reference_number(client, rep_a, ready):
    services.dossier_submit(actor=rep_a, dossier=ready)
    ready.refresh_from_db()
    client.force_login(rep_a)
    assert ready.reference in client.get(reverse("campaigns:my_dossiers")).content.decode()


def test_the_reference_number_finds_its_dossier_in_the_officers_list(client, officer, rep_a, ready):
    services.dossier_submit(actor=rep_a, dossier=ready)
    ready.refresh_from_db()
    found = selectors.dossier_list(user=officer, q=f" {ready.reference.lower()} ")
    assert list(found) == [ready]
    assert list(selectors.dossier_list(user=officer, q="SPCNCL-2026-HS-999999")) == []
