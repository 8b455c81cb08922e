"""The decisions part's documents: the memo (Tờ trình) and the decision (Quyết định) as DOCX
in the state format, read back with python-docx and converted by LibreOffice; the
certificates as PDF, their text extracted and their QR code decoded from the rendered page."""

import datetime as dt
import io
import os
import shutil
import subprocess
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

import pypdfium2
import pytest
import segno
import zxingcpp
from django.urls import resolve
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from chuluc.campaigns.enums import LegalDocumentKind
from chuluc.campaigns.services import legal_basis_add
from chuluc.core.documents import MOTTO, place_date_line
from chuluc.core.errors import ApplicationError
from chuluc.core.formatting import vn_date
from chuluc.core.models import AuditEntry
from chuluc.council.document_writers import points
from chuluc.decisions import services
from chuluc.decisions.certificates import certificate_pdf, verify_url
from chuluc.decisions.documents import (
    build_decision,
    build_memo,
    decision_docx,
    memo_docx,
    signer_authority,
)
from chuluc.decisions.enums import CommentEffect, CommentStatus, DecisionStatus, Title
from chuluc.decisions.models import Certificate, Decision
from chuluc.registry import services as registry_services
from chuluc.registry.models import Product
from tests.factories.campaigns import make_campaign
from tests.factories.decisions import decided, published

ENTERPRISE = "Công ty CP Khóa Thử Nghiệm A"
# Rank order (dossier i scores 100 - 10 i %): the first two are the Top 2.
NAMES = [
    "Ổ khóa cửa thông minh Việt Tiệp",
    "Dây cáp điện lực hạ thế ruột đồng",
    "Quạt điện Điện Cơ Thống Nhất",
    "Bóng đèn LED Rạng Đông chiếu sáng đường phố",
]
SCHEME = "496/QĐ-UBND"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://chuluc.example.gov.vn"


def _world(officer, rep_a, enterprise_a, maker=decided, **options):
    world = maker(officer=officer, rep=rep_a, enterprise=enterprise_a, **options)
    for dossier, name in zip(world["dossiers"], NAMES, strict=True):
        registry_services.product_update(actor=officer, product=dossier.product, name=name)
    legal_basis_add(
        actor=officer,
        campaign=world["campaign"],
        kind=LegalDocumentKind.SCHEME,
        number=SCHEME,
        issued_on=dt.date(2018, 1, 26),
        title="phê duyệt Đề án phát triển sản phẩm công nghiệp chủ lực",
    )
    return world


@pytest.fixture
def world(officer, rep_a, enterprise_a):
    return _world(officer, rep_a, enterprise_a)


def _docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return " ".join(" ".join(parts).split())


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _table_rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


# Pure parts ---------------------------------------------------------------------------------


def test_signer_authority_follows_decree_30():
    deputy = ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert signer_authority("Phó Chủ tịch UBND Thành phố") == deputy
    assert signer_authority("") == deputy  # a draft: usually signed by a Vice-Chair
    assert signer_authority("Chủ tịch") == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]


def test_place_date_line_leaves_blanks_without_a_day():
    assert place_date_line("Hà Nội", None) == "Hà Nội, ngày … tháng … năm …"
    assert place_date_line("Hà Nội", dt.date(2026, 11, 3)) == "Hà Nội, ngày 03 tháng 11 năm 2026"


# The memo ---------------------------------------------------------------------------------


def test_memo_reports_the_process_the_comments_and_the_withdrawn_product(
    officer, rep_a, enterprise_a
):
    world = _world(officer, rep_a, enterprise_a, maker=published)
    publication = world["publication"]
    entries = list(publication.entries.order_by("rank"))
    comment = services.comment_submit(
        publication=publication,
        entry=entries[2],
        author_name="Trần Thị Góp Ý",
        author_contact="gopy@example.vn",
        text="Sản phẩm đã ngừng sản xuất tại Hà Nội.",
        address="203.0.113.7",
    )
    services.comment_moderate(actor=officer, comment=comment, status=CommentStatus.PUBLISHED)
    services.comment_answer(
        actor=officer, comment=comment, answer="Sở đã kiểm tra.", effect=CommentEffect.CHANGES
    )
    services.comment_submit(
        publication=publication,
        entry=entries[0],
        author_name="Lê Văn Hỏi",
        author_contact="0912345678",
        text="Đề nghị công bố địa chỉ nhà máy.",
        address="203.0.113.8",
    )
    services.entry_withdraw(actor=officer, entry=entries[2], reason="Đã ngừng sản xuất.")

    memo = build_memo(publication=publication)

    assert memo["counts"] == {
        "received": 4,
        "received_enterprises": 1,
        "eligible": 4,
        "scored": 4,
        "passed": 4,
        "top": 2,
        "published": 4,
        "withdrawn": 1,
        "comments": {"received": 2, "published": 1, "answered": 1, "changing": 1},
    }
    assert [(r["product"], r["enterprise"], r["total"], r["top"]) for r in memo["products"]] == [
        (NAMES[i], ENTERPRISE, points(entries[i].total), "Top 2" if i < 2 else "")
        for i in (0, 1, 3)
    ]
    assert [(r["product"], r["reason"]) for r in memo["withdrawn"]] == [
        (NAMES[2], "Đã ngừng sản xuất.")
    ]
    text = " ".join(t[-1] for t in memo["body"])
    assert "đã tiếp nhận 4 hồ sơ sản phẩm của 1 doanh nghiệp" in text
    assert "Qua thẩm định, 4 hồ sơ đủ điều kiện" in text
    assert "4 sản phẩm đạt từ 50 điểm trở lên (thang điểm 100)" in text
    assert "đã nhận được 2 góp ý; 1 góp ý được công khai; 1 góp ý đã được trả lời; " in text
    assert "1 góp ý làm thay đổi kết quả" in text
    assert f"- {NAMES[2]} ({ENTERPRISE}): Đã ngừng sản xuất." in text
    assert "công nhận 3 sản phẩm của 1 doanh nghiệp là sản phẩm công nghiệp chủ lực" in text
    assert "trong đó 2 sản phẩm thuộc nhóm Top 2; thời hạn công nhận 36 tháng" in text
    annex, comments = memo["annexes"]
    assert [row[1] for row in annex["rows"]] == [NAMES[0], NAMES[1], NAMES[3]]
    # every comment and its answer join the decision file; never the sender's contact
    assert comments["title"] == "PHỤ LỤC 2" and len(comments["rows"]) == 2
    assert all(row[4] for row in comments["rows"])
    assert sorted(row[5] for row in comments["rows"]) == ["Có", "Không"]
    flat = " ".join(cell for row in comments["rows"] for cell in row)
    for comment in world["publication"].comments.all():
        assert comment.text in flat and comment.author_contact not in flat


def test_memo_docx_in_the_state_format(world):
    content = memo_docx(publication=world["publication"])
    document = Document(io.BytesIO(content))
    text = _docx_text(content)
    for expected in (
        "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI",
        "SỞ CÔNG THƯƠNG",
        "Số: …/TTr-SCT",
        "Hà Nội, ngày … tháng … năm …",
        "TỜ TRÌNH",
        "Về việc công nhận sản phẩm công nghiệp chủ lực thành phố Hà Nội năm 2026",
        "Kính gửi: Ủy ban nhân dân thành phố Hà Nội.",
        "Căn cứ Quyết định số 1/QĐ-UBND",
        f"Căn cứ Đề án số {SCHEME} ngày 26/01/2018 phê duyệt Đề án phát triển",
        "Hết thời hạn lấy ý kiến, Sở Công Thương không nhận được góp ý nào.",
        "Không có sản phẩm nào bị đưa ra khỏi danh sách.",
        "Nơi nhận:",
        "GIÁM ĐỐC",
        "PHỤ LỤC",
        "DANH SÁCH SẢN PHẨM ĐỀ NGHỊ CÔNG NHẬN SẢN PHẨM CÔNG NGHIỆP CHỦ LỰC THÀNH PHỐ HÀ NỘI "
        "NĂM 2026",
        "(Kèm theo Tờ trình số …/TTr-SCT ngày … tháng … năm … của Sở Công Thương)",
    ):
        assert expected in text, expected
    header, signatures, annex = document.tables  # no comment: annex 2 says so, no table
    assert "TỔNG HỢP GÓP Ý VÀ TRẢ LỜI" in text and "Không nhận được góp ý nào." in text
    assert [p.text for p in header.rows[0].cells[1].paragraphs][:2] == list(MOTTO)
    assert header.rows[0].cells[0].paragraphs[1].runs[0].bold is True  # the issuing body
    assert {b.get(qn("w:val")) for b in header._tbl.tblPr.find(qn("w:tblBorders"))} == {"nil"}
    assert signatures.rows[0].cells[0].paragraphs[0].text == "Nơi nhận:"
    assert signatures.rows[0].cells[1].paragraphs[0].text == "GIÁM ĐỐC"
    entries = list(world["publication"].entries.order_by("rank"))
    assert _table_rows(annex) == [
        ["STT", "Tên sản phẩm", "Doanh nghiệp", "Nhóm ngành", "Tổng điểm", "Top"],
        *[
            [
                str(i + 1),
                NAMES[i],
                ENTERPRISE,
                entries[i].product.industry_group.name,
                points(entries[i].total),
                "Top 2" if i < 2 else "",
            ]
            for i in range(4)
        ],
    ]
    normal = document.styles["Normal"].font
    assert (normal.name, normal.size.pt) == ("Times New Roman", 14)
    assert [round(s.page_width.mm) for s in document.sections] == [210, 210, 210]  # annexes


# The decision -----------------------------------------------------------------------------


def test_decision_draft_has_blanks_and_lists_all_and_top_products(officer, rep_a, enterprise_a):
    world = _world(officer, rep_a, enterprise_a, maker=published)
    publication = world["publication"]
    withdrawn = publication.entries.get(rank=4)
    services.entry_withdraw(actor=officer, entry=withdrawn, reason="Góp ý đúng.")
    content = decision_docx(publication=publication)
    document = Document(io.BytesIO(content))
    text = _docx_text(content)
    for expected in (
        "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI",
        "Số: …/QĐ-UBND",
        "Hà Nội, ngày … tháng … năm …",
        "QUYẾT ĐỊNH Về việc công nhận sản phẩm công nghiệp chủ lực thành phố Hà Nội năm 2026",
        f"Căn cứ Đề án số {SCHEME} ngày 26/01/2018",
        "Theo đề nghị của Sở Công Thương tại Tờ trình số …/TTr-SCT ngày … tháng … năm ….",
        "QUYẾT ĐỊNH:",
        "Điều 1. Công nhận 3 sản phẩm của 1 doanh nghiệp là sản phẩm công nghiệp chủ lực "
        "thành phố Hà Nội năm 2026 (danh sách tại Phụ lục 1",
        "Thời hạn công nhận là 36 tháng kể từ ngày ký Quyết định này.",
        "Điều 2. Công nhận 2 sản phẩm là sản phẩm công nghiệp chủ lực thành phố Hà Nội tiêu "
        "biểu (Top 2) năm 2026 (danh sách tại Phụ lục 2",
        "Điều 3. Quyết định này có hiệu lực kể từ ngày ký.",
        "TM. ỦY BAN NHÂN DÂN",
        "Phụ lục 1",
        "Phụ lục 2",
        "(Kèm theo Quyết định số …/QĐ-UBND ngày … tháng … năm … của Ủy ban nhân dân thành "
        "phố Hà Nội)",
    ):
        assert expected in text, expected
    header, _signatures, all_products, top = document.tables
    assert [p.text for p in header.rows[0].cells[0].paragraphs] == [
        "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI",
        "",
        "Số: …/QĐ-UBND",
    ]
    assert [row[1:3] for row in _table_rows(all_products)] == [
        ["Tên sản phẩm", "Doanh nghiệp"],
        *[[name, ENTERPRISE] for name in NAMES[:3]],
    ]
    assert NAMES[3] not in text  # withdrawn after the comments: not recognised
    assert [row[:3] for row in _table_rows(top)] == [
        ["STT", "Tên sản phẩm", "Doanh nghiệp"],
        ["1", NAMES[0], ENTERPRISE],
        ["2", NAMES[1], ENTERPRISE],
    ]
    assert len(document.sections) == 3


def test_decision_filled_from_the_entered_decision(world):
    decision = world["decision"]
    valid_until = decision.recognitions.first().valid_until
    content = decision_docx(publication=world["publication"], decision=decision)
    document = Document(io.BytesIO(content))
    text = _docx_text(content)
    for expected in (
        "Số: 1234/QĐ-UBND",
        place_date_line("Hà Nội", decision.signed_on),
        f"kể từ ngày ký Quyết định này (đến hết ngày {vn_date(valid_until)}).",
        f"(Kèm theo Quyết định số 1234/QĐ-UBND ngày {vn_date(decision.signed_on)} của Ủy ban "
        "nhân dân thành phố Hà Nội)",
        *NAMES,
    ):
        assert expected in text, expected
    assert "…/QĐ-UBND" not in text
    signer = [p.text for p in document.tables[1].rows[0].cells[1].paragraphs if p.text]
    assert signer == [*signer_authority("Phó Chủ tịch"), "Nguyễn Văn Thử"]


def test_decision_of_another_campaign_is_refused(world):
    other = make_campaign(year=2027)
    with pytest.raises(ApplicationError, match="không thuộc đợt"):
        build_decision(
            publication=world["publication"],
            decision=Decision(campaign=other, number="9/QĐ-UBND"),
        )


def test_names_are_printed_composed_whatever_was_stored(world):
    decomposed = unicodedata.normalize("NFD", NAMES[0])
    Product.objects.filter(name=NAMES[0]).update(name=decomposed)  # legacy, unnormalised row
    text = _docx_text(decision_docx(publication=world["publication"]))
    assert NAMES[0] in text
    assert decomposed not in text


def _soffice_pdfs(sources: list[Path], outdir: Path) -> dict[str, str]:
    soffice = shutil.which("soffice")
    if soffice is None:
        if os.environ.get("CHULUC_ALLOW_NO_SOFFICE") == "1":
            pytest.skip("LibreOffice (soffice) is not installed; CHULUC_ALLOW_NO_SOFFICE=1")
        pytest.fail(
            "LibreOffice (soffice) is not installed: the DOCX documents must open in it. "
            "Install the Debian package libreoffice-writer-nogui (scripts/system-deps.sh does), "
            "or set CHULUC_ALLOW_NO_SOFFICE=1 to skip this test."
        )
    profile = f"-env:UserInstallation=file://{outdir}/profile"  # parallel runs do not clash
    options = ["--headless", "--convert-to", "pdf", "--outdir", str(outdir)]
    subprocess.run(
        [soffice, profile, *options, *map(str, sources)],
        check=True,
        capture_output=True,
        timeout=240,
    )
    return {s.stem: _pdf_text((outdir / f"{s.stem}.pdf").read_bytes()) for s in sources}


def test_memo_and_decision_open_in_libreoffice(world, tmp_path):
    publication, decision = world["publication"], world["decision"]
    memo, draft = tmp_path / "to-trinh.docx", tmp_path / "quyet-dinh.docx"
    memo.write_bytes(memo_docx(publication=publication))
    draft.write_bytes(decision_docx(publication=publication, decision=decision))
    texts = _soffice_pdfs([memo, draft], tmp_path)
    for expected in (
        "TỜ TRÌNH",
        "Về việc công nhận sản phẩm công nghiệp chủ lực thành phố Hà Nội năm 2026",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Quyết định",
        "GIÁM ĐỐC",
        ENTERPRISE,
        *NAMES,
    ):
        assert expected in texts["to-trinh"], expected
    for expected in (
        "Số: 1234/QĐ-UBND",
        "QUYẾT ĐỊNH",
        "Quyết định",
        "công nghiệp chủ lực",
        "Điều 1.",
        "tiêu biểu (Top 2)",
        "Nguyễn Văn Thử",
        ENTERPRISE,
        *NAMES,
    ):
        assert expected in texts["quyet-dinh"], expected


# Certificates -------------------------------------------------------------------------------


def _qr_codes(content: bytes, dpi: int = 200) -> tuple[list, float]:
    """The barcodes zxing finds on the rendered first page, and the pixels per millimetre."""
    page = pypdfium2.PdfDocument(content)[0]
    image = page.render(scale=dpi / 72).to_pil()
    return zxingcpp.read_barcodes(image), dpi / 25.4


@pytest.mark.parametrize("title", [Title.SPCNCL, Title.TOP])
def test_certificate_pdf_reads_and_its_qr_code_opens_the_verification_page(world, title):
    certificate = Certificate.objects.select_related(
        "recognition__product", "recognition__decision"
    ).get(recognition__rank=1, title=title)
    recognition, decision = certificate.recognition, world["decision"]
    content = certificate_pdf(certificate)

    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert [round(float(side) / 72 * 25.4) for side in (box.width, box.height)] == [297, 210]
    text = _pdf_text(content)
    for expected in (
        "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI",
        "CHỨNG NHẬN",
        NAMES[0],
        f"Doanh nghiệp: {ENTERPRISE}",
        f"Số: {certificate.number}",
        f"Theo Quyết định số 1234/QĐ-UBND ngày {vn_date(decision.signed_on)}",
        f"Có hiệu lực đến ngày {vn_date(recognition.valid_until)}",
        "Nguyễn Văn Thử",
    ):
        assert expected in text, expected
    heading = "SẢN PHẨM CÔNG NGHIỆP CHỦ LỰC THÀNH PHỐ HÀ NỘI"
    if title == Title.TOP:
        assert f"{heading} TIÊU BIỂU (TOP 2) NĂM 2026" in text
        assert certificate.number == "TOP-2026-01"
    else:
        assert f"{heading} NĂM 2026" in text and "TIÊU BIỂU" not in text
        assert certificate.number == "SPCNCL-2026-001"

    codes, per_mm = _qr_codes(content)
    assert [(c.format, c.text) for c in codes] == [
        (zxingcpp.BarcodeFormat.QRCode, verify_url(certificate.number))
    ]
    assert verify_url(certificate.number) == (
        f"https://chuluc.example.gov.vn/xac-minh/{certificate.number}/"
    )
    assert resolve(urlsplit(codes[0].text).path).view_name == "portal:verify_number"
    corners = codes[0].position
    side = (corners.top_right.x - corners.top_left.x) / per_mm
    assert side >= 30, f"the QR code is only {side:.1f} mm wide"


def test_certificate_prints_a_long_name_in_full_and_stays_scannable(world, officer):
    certificate = Certificate.objects.get(recognition__rank=3, title=Title.SPCNCL)
    long_name = "Hệ thống tủ điện trung thế, hạ thế và thiết bị đóng cắt " * 5
    registry_services.product_update(
        actor=officer, product=certificate.recognition.product, name=long_name
    )
    certificate.refresh_from_db()
    content = certificate_pdf(certificate)
    assert " ".join(long_name.split()) in _pdf_text(content)
    codes, _per_mm = _qr_codes(content)
    assert [c.text for c in codes] == [verify_url(certificate.number)]


def test_certificate_qr_code_has_a_white_quiet_zone(world):
    certificate = Certificate.objects.get(recognition__rank=2, title=Title.SPCNCL)
    content = certificate_pdf(certificate)
    (code,), _per_mm = _qr_codes(content)
    image = pypdfium2.PdfDocument(content)[0].render(scale=200 / 72).to_pil().convert("L")
    p = code.position
    left, right = min(p.top_left.x, p.bottom_left.x), max(p.top_right.x, p.bottom_right.x)
    top, bottom = min(p.top_left.y, p.top_right.y), max(p.bottom_left.y, p.bottom_right.y)
    modules = segno.make(code.text, error="m").symbol_size(border=0)[0]
    module = (right - left) / modules
    inner, outer = round(module), round(4 * module)  # the standard asks for 4 light modules
    ring = [
        image.getpixel((x, y))
        for x in range(left - outer, right + outer)
        for y in range(top - outer, bottom + outer)
        if not (left - inner <= x <= right + inner and top - inner <= y <= bottom + inner)
    ]
    assert min(ring) > 200  # nothing dark within the quiet zone


def test_certificate_files_are_stored_once_privately_and_issue_the_decision(
    world, officer, settings, django_capture_on_commit_callbacks
):
    decision = world["decision"]

    def stored():  # read afresh each time
        return list(Certificate.objects.filter(recognition__decision=decision).order_by("pk"))

    assert len(stored()) == 6  # four SPCNCL, two Top
    assert all(not c.pdf and c.pdf_generated_at is None for c in stored())
    assert decision.status == DecisionStatus.ENTERED
    before = AuditEntry.objects.count()
    assert services.certificate_files_store(actor=None, decision=decision) == 6
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.ISSUED
    [entry] = AuditEntry.objects.order_by("pk")[before:]
    assert (entry.action, entry.actor_id) == ("decision.issue", None)
    assert entry.diff["certificate_files"] == [None, 6]
    first = {c.pk: (c.pdf.name, c.pdf_generated_at) for c in stored()}
    media, static = Path(settings.MEDIA_ROOT).resolve(), Path(settings.STATIC_ROOT).resolve()
    for certificate in stored():
        path = Path(certificate.pdf.path).resolve()
        assert path.is_relative_to(media) and not path.is_relative_to(static)
        assert path.read_bytes().startswith(b"%PDF-")
        assert certificate.number in _pdf_text(path.read_bytes())
        assert certificate.pdf_generated_at is not None
        with pytest.raises(ValueError, match="not accessible via a URL"):
            certificate.pdf.url  # noqa: B018 - private storage: never a public URL

    count = AuditEntry.objects.count()
    assert services.certificate_files_store(actor=None, decision=decision) == 0  # none missing
    assert {c.pk: (c.pdf.name, c.pdf_generated_at) for c in stored()} == first
    assert AuditEntry.objects.count() == count  # nothing written, nothing audited

    Certificate.objects.filter(number="SPCNCL-2026-003").update(pdf="", pdf_generated_at=None)
    assert services.certificate_files_store(actor=officer, decision=decision) == 1
    again = {c.pk: c.pdf.name for c in stored()}
    changed = {pk for pk, name in again.items() if name != first[pk][0]}
    assert changed == {Certificate.objects.get(number="SPCNCL-2026-003").pk}
    assert AuditEntry.objects.filter(action="decisions.certificate_files_store").count() == 1

    old_paths = [Path(c.pdf.path) for c in stored()]
    with django_capture_on_commit_callbacks(execute=True):
        assert services.certificate_files_regenerate(actor=officer, decision=decision) == 6
    assert [p.exists() for p in old_paths] == [False] * 6  # replaced files are removed
    assert all(Path(c.pdf.path).is_file() for c in stored())
    assert not {c.pdf.name for c in stored()} & set(again.values())
    [regenerated] = AuditEntry.objects.filter(action="decisions.certificate_files_regenerate")
    assert (regenerated.actor_id, regenerated.diff["replaced"]) == (officer.pk, [None, 6])


def test_a_failed_certificate_run_changes_no_row_and_leaves_no_file(world, monkeypatch):
    decision = world["decision"]
    calls = []

    def audit_down(**kwargs):
        calls.append(kwargs)
        raise RuntimeError("audit down")

    monkeypatch.setattr("chuluc.core.lifecycle.audit_record", audit_down)
    with pytest.raises(RuntimeError):
        services.certificate_files_store(actor=None, decision=decision)
    assert calls  # it failed at the audit row, after every file was written
    assert not Certificate.objects.filter(recognition__decision=decision).exclude(pdf="").exists()
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.ENTERED
    folder = Path(Certificate._meta.get_field("pdf").storage.path("certificates"))
    assert not folder.exists() or [p for p in folder.rglob("*") if p.is_file()] == []
