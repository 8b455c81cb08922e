"""The council's documents: each member's signed score sheet (PDF) and the council's minutes
(DOCX, Nghị định 30/2020 layout), and who may download them."""

import datetime as dt
import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from chuluc.campaigns.enums import LegalDocumentKind
from chuluc.campaigns.services import legal_basis_add
from chuluc.core.errors import ApplicationError
from chuluc.council import document_writers, documents, services
from chuluc.council.models import Result, Score
from tests.factories.campaigns import make_campaign
from tests.factories.council import build_council, score_all

OWN, OTHER = Decimal("7.25"), Decimal("3.75")  # distinctive: neither is a sum of the other
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _name(member, full_name):
    member.user.full_name = full_name
    member.user.save(update_fields=["full_name"])


@pytest.fixture
def scored(setup):
    """uv1 gives 7,25 everywhere (with one comment), uv2 gives 3,75; the round stays open."""
    members = setup["members"]
    for key, full_name in (
        ("uv1", "Nguyễn Thị Hằng"),
        ("uv2", "Trần Văn Đức"),
        ("chu_tich", "Lê Quang Vinh"),
        ("thu_ky", "Phạm Thu Hà"),
    ):
        _name(members[key], full_name)
    score_all(setup, members["uv1"], lambda d, c: OWN)
    score_all(setup, members["uv2"], lambda d, c: OTHER)
    services.score_record(
        actor=members["uv1"].user,
        round_=setup["council"].rounds.get(),
        dossier=setup["dossiers"][0],
        criterion=setup["judged"][0],
        value=OWN,
        comment="Có hệ thống quản lý chất lượng ISO 9001 được duy trì",
    )
    return setup


def _close(ctx):
    services.round_close(actor=ctx["members"]["thu_ky"].user, round_=ctx["council"].rounds.get())


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _docx_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return " ".join(" ".join(parts).split())


def _sheet_url(ctx, member=None):
    council = ctx["council"]
    url = reverse("council:score_sheet_pdf", args=[council.pk, council.rounds.get().pk])
    return f"{url}?member={member.pk}" if member is not None else url


# Pure parts ------------------------------------------------------------------------------


def test_place_date_line_follows_decree_30():
    assert documents.place_date_line("Hà Nội", dt.date(2026, 2, 5)) == (
        "Hà Nội, ngày 05 tháng 02 năm 2026"
    )
    assert documents.place_date_line("Hà Nội", dt.date(2026, 3, 9)) == (
        "Hà Nội, ngày 09 tháng 3 năm 2026"
    )
    assert documents.place_date_line("Hà Nội", dt.date(2021, 11, 26)) == (
        "Hà Nội, ngày 26 tháng 11 năm 2021"
    )


def test_points_print_with_a_vietnamese_decimal_comma():
    assert document_writers.points(Decimal("21.75")) == "21,75"
    assert document_writers.points(None) == "—"
    assert document_writers.max_points(Decimal("15.00")) == "15"
    assert document_writers.max_points(Decimal("7.50")) == "7,5"


def test_score_sheet_rows_hold_only_the_members_own_scores(scored):
    council, members = scored["council"], scored["members"]
    sheet = documents.build_score_sheet(
        council=council, member=members["uv1"], round_=council.rounds.get()
    )
    codes = [c.code for c in scored["judged"]]
    comment = "Có hệ thống quản lý chất lượng ISO 9001 được duy trì"
    assert [c["code"] for c in sheet["criteria"]] == codes
    assert sheet["rows"] == [
        {
            "dossier": d.pk,
            "product": d.product.name,
            "enterprise": "Công ty CP Khóa Thử Nghiệm A",
            "scores": [
                {"code": code, "value": OWN, "comment": comment if (i, j) == (0, 0) else ""}
                for j, code in enumerate(codes)
            ],
            "total": OWN * len(codes),
            "missing": 0,
        }
        for i, d in enumerate(scored["dossiers"])
    ]
    assert sheet["member"] == {
        "name": "Nguyễn Thị Hằng",
        "title": "Sở KH&CN",
        "agency": "",
        "role": "Ủy viên",
    }
    assert (sheet["done"], sheet["expected"], sheet["submitted_at"]) == (9, 9, None)
    assert sheet["letterhead"]["parent"] == "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI"


def test_score_sheet_pdf_is_a4_vietnamese_and_carries_only_own_scores(scored):
    council, members = scored["council"], scored["members"]
    content = documents.score_sheet_pdf(
        council=council, member=members["uv1"], round_=council.rounds.get()
    )
    reader = PdfReader(io.BytesIO(content))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4
    text = _pdf_text(content)
    for expected in (
        "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "PHIẾU CHẤM ĐIỂM",
        "Phiếu chấm điểm",
        council.name,
        "Vòng 1",
        "Nguyễn Thị Hằng",
        "Sở KH&CN",
        "Đảm bảo duy trì chất lượng sản phẩm",
        "Có hệ thống quản lý chất lượng ISO 9001 được duy trì",
        "7,25",
        "21,75",  # the member's own total per dossier
        "Người chấm điểm",
        "(ký, ghi rõ họ tên)",
        "Trang 1/1",
        *[d.product.name for d in scored["dossiers"]],
    ):
        assert expected in text, expected
    for foreign in ("3,75", "11,25", "5,5", "16,5", "Trần Văn Đức"):
        assert foreign not in text, foreign  # nothing of uv2, nor any combined figure


def test_long_sheet_spans_pages_with_numbers_and_repeated_header():
    criteria = [
        {"code": f"K{i}", "name": f"Tiêu chí chấm số {i}", "max_points": Decimal(10)}
        for i in range(1, 5)
    ]
    sheet = {
        "letterhead": {
            "parent": "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI",
            "issuer": documents.ISSUER,
            "motto": documents.MOTTO,
        },
        "council": "Hội đồng thử",
        "program_title": "Sản phẩm công nghiệp chủ lực thành phố Hà Nội",
        "year": 2026,
        "round": "Vòng 1",
        "round_closed": True,
        "member": {"name": "Đỗ Thị Ánh", "title": "Chuyên gia", "agency": "", "role": "Ủy viên"},
        "criteria": criteria,
        "rows": [
            {
                "dossier": n,
                "product": f"Sản phẩm số {n}",
                "enterprise": "Công ty TNHH Điện Quang <&>",
                "scores": [
                    {"code": c["code"], "value": Decimal("8.50"), "comment": "Đạt yêu cầu"}
                    for c in criteria
                ],
                "total": Decimal(34),
                "missing": 0,
            }
            for n in range(1, 31)
        ],
        "done": 120,
        "expected": 120,
        "submitted_at": None,
        "date_line": "Hà Nội, ngày 05 tháng 02 năm 2026",
    }
    content = document_writers.write_score_sheet_pdf(sheet)
    reader = PdfReader(io.BytesIO(content))
    pages = len(reader.pages)
    assert pages >= 2
    texts = [" ".join(p.extract_text().split()) for p in reader.pages]
    for number, text in enumerate(texts, start=1):
        assert f"Trang {number}/{pages}" in text
        if "Sản phẩm số" in text:  # the header row repeats on every page of the table
            assert "Sản phẩm, doanh nghiệp" in text
    whole = " ".join(texts)
    assert all(f"Sản phẩm số {n} " in whole for n in range(1, 31))
    assert "Công ty TNHH Điện Quang <&>" in whole  # user text is escaped, not markup


def test_missing_font_names_the_debian_package(scored, monkeypatch, tmp_path):
    council, members = scored["council"], scored["members"]
    sheet = documents.build_score_sheet(
        council=council, member=members["uv1"], round_=council.rounds.get()
    )
    monkeypatch.setattr(document_writers, "FONT_DIR", tmp_path)
    with pytest.raises(RuntimeError, match="fonts-dejavu-core"):
        document_writers.write_score_sheet_pdf(sheet)


# Score sheet access ---------------------------------------------------------------------------


def test_member_downloads_their_own_sheet_while_the_round_is_open(client, scored):
    client.force_login(scored["members"]["uv1"].user)
    response = client.get(_sheet_url(scored))
    assert (response.status_code, response["Content-Type"]) == (200, PDF)
    assert response["Cache-Control"] == "private, no-store"
    text = _pdf_text(response.content)
    assert "Nguyễn Thị Hằng" in text and "7,25" in text and "3,75" not in text
    own = client.get(_sheet_url(scored, scored["members"]["uv1"]))
    assert own.status_code == 200  # naming oneself is the same sheet


def test_member_without_assigned_criteria_has_no_sheet(client, scored):
    """Issue 17 (point 11): the chair and the secretary score no criterion; they got an empty
    PDF. A seat without a sheet has no sheet to download, their own or asked by others."""
    members = scored["members"]
    for who in ("chu_tich", "thu_ky"):
        client.force_login(members[who].user)
        assert client.get(_sheet_url(scored)).status_code == 404, who
    _close(scored)
    client.force_login(members["thu_ky"].user)
    assert client.get(_sheet_url(scored, members["chu_tich"])).status_code == 404


def test_nobody_else_gets_a_members_sheet_while_a_round_is_open(
    client, scored, officer, leader, rep_a, outsider
):
    members = scored["members"]
    url = _sheet_url(scored, members["uv1"])
    for user in (
        members["uv2"].user,
        members["thu_ky"].user,
        members["chu_tich"].user,
        officer,
        leader,
        rep_a,
        outsider,
    ):
        client.force_login(user)
        assert client.get(url).status_code == 404, user
    for user in (officer, leader, rep_a, outsider):  # no seat: no sheet of their own either
        client.force_login(user)
        assert client.get(_sheet_url(scored)).status_code == 404, user
    client.logout()
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_after_closing_secretary_chair_and_officer_get_any_members_sheet(
    client, scored, officer, leader, rep_a
):
    members = scored["members"]
    _close(scored)
    url = _sheet_url(scored, members["uv2"])
    for user in (members["thu_ky"].user, members["chu_tich"].user, officer):
        client.force_login(user)
        response = client.get(url)
        assert (response.status_code, response["Content-Type"]) == (200, PDF)
        text = _pdf_text(response.content)
        assert "Trần Văn Đức" in text and "3,75" in text
        assert "7,25" not in text and "Nguyễn Thị Hằng" not in text
    for user in (members["uv1"].user, leader, rep_a):
        client.force_login(user)
        assert client.get(url).status_code == 404, user
    client.force_login(members["thu_ky"].user)
    assert client.get(_sheet_url(scored) + "?member=abc").status_code == 404
    assert client.get(_sheet_url(scored) + "?member=²").status_code == 404
    assert client.get(_sheet_url(scored) + "?member=999999").status_code == 404


def test_a_new_open_round_hides_closed_sheets_again(client, scored, officer):
    members, council = scored["members"], scored["council"]
    _close(scored)
    url = _sheet_url(scored, members["uv1"])
    services.round_open(actor=officer, council=council, name="Vòng 2 (sau khảo sát)")
    client.force_login(members["thu_ky"].user)
    assert client.get(url).status_code == 404
    client.force_login(members["uv1"].user)
    assert client.get(url).status_code == 200  # one's own stays available


def test_sheet_of_another_councils_round_is_not_found(client, scored, officer):
    other = services.council_create(actor=officer, campaign=make_campaign(year=2027))
    client.force_login(scored["members"]["uv1"].user)
    url = reverse("council:score_sheet_pdf", args=[scored["council"].pk, other.rounds.get().pk])
    assert client.get(url).status_code == 404


def test_pages_link_to_the_documents(client, scored):
    members, council = scored["members"], scored["council"]
    client.force_login(members["uv1"].user)
    page = client.get(reverse("council:scoring", args=[council.pk])).content.decode()
    assert _sheet_url(scored) in page
    assert "?member=" not in page
    _close(scored)
    client.force_login(members["thu_ky"].user)
    page = client.get(reverse("council:results", args=[council.pk])).content.decode()
    assert reverse("council:minutes_docx", args=[council.pk]) in page
    for who, member in members.items():  # the seats that score: those with a sheet
        assert (_sheet_url(scored, member) in page) == (who in {"uv1", "uv2"}), who


# Minutes ---------------------------------------------------------------------------------


def test_nobody_gets_the_minutes_while_a_round_is_open(client, scored, officer, leader):
    council, members = scored["council"], scored["members"]
    url = reverse("council:minutes_docx", args=[council.pk])
    for user in (officer, leader, *[m.user for m in members.values()]):
        client.force_login(user)
        assert client.get(url).status_code == 403, user
    with pytest.raises(ApplicationError, match="Vòng chấm đang mở"):
        documents.build_minutes(council=council)


def test_minutes_are_refused_to_members_representatives_and_strangers(
    client, scored, rep_a, outsider
):
    council, members = scored["council"], scored["members"]
    _close(scored)
    url = reverse("council:minutes_docx", args=[council.pk])
    client.force_login(members["uv1"].user)
    assert client.get(url).status_code == 403
    for user in (rep_a, outsider):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_minutes_docx_in_the_state_format(client, scored, officer):
    council, members = scored["council"], scored["members"]
    legal_basis_add(
        actor=officer,
        campaign=scored["campaign"],
        kind=LegalDocumentKind.SCHEME,
        number="496/QĐ-UBND",
        issued_on=dt.date(2018, 1, 26),
        title="phê duyệt Đề án phát triển sản phẩm công nghiệp chủ lực",
    )
    _close(scored)
    client.force_login(members["chu_tich"].user)
    response = client.get(reverse("council:minutes_docx", args=[council.pk]))
    assert (response.status_code, response["Content-Type"]) == (200, DOCX)
    document = Document(io.BytesIO(response.content))
    text = _docx_text(document)
    closed_on = council.rounds.get().closed_at
    for expected in (
        "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI",
        "HỘI ĐỒNG ĐÁNH GIÁ, XÉT CHỌN SPCNCL",
        "Số: …/BB-HĐ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        documents.place_date_line("Hà Nội", timezone.localdate(closed_on)),
        "BIÊN BẢN",
        "Căn cứ Quyết định số 1/QĐ-UBND",
        "Căn cứ Đề án số 496/QĐ-UBND ngày 26/01/2018",
        "Lê Quang Vinh",
        "Phạm Thu Hà",
        "Nguyễn Thị Hằng",
        "Trung bình cộng",
        "Điểm đạt: từ 70 điểm trở lên",
        "Top 10",
        # equal scores everywhere: the dossiers form one tie, named by the rank they share;
        # all of them in the Top 10, their order decides nothing (issue 17, point 8)
        "Hồ sơ đồng hạng 1, cùng tổng điểm",
        "đồng hạng, không ảnh hưởng kết quả đạt hay Top N: không cần biểu quyết",
        "Không có đề nghị điều chỉnh điểm nào được duyệt.",
        "THƯ KÝ",
        "CHỦ TỊCH HỘI ĐỒNG",
        "(Ký, ghi rõ họ tên)",
    ):
        assert expected in text, expected
    header, *_rest, signatures = document.tables
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}
    assert [p.text for p in header.rows[0].cells[1].paragraphs][:2] == list(documents.MOTTO)
    motto_run = header.rows[0].cells[1].paragraphs[1].runs[0]
    assert (motto_run.bold, motto_run.underline) == (True, True)
    date_run = header.rows[0].cells[1].paragraphs[-1].runs[0]
    assert date_run.italic is True and date_run.text.startswith("Hà Nội, ngày ")
    assert [c.paragraphs[0].text for c in signatures.rows[0].cells] == [
        "THƯ KÝ",
        "CHỦ TỊCH HỘI ĐỒNG",
    ]
    assert [c.paragraphs[-1].text for c in signatures.rows[0].cells] == [
        "Phạm Thu Hà",
        "Lê Quang Vinh",
    ]
    normal = document.styles["Normal"].font
    assert normal.name == "Times New Roman" and 13 <= normal.size.pt <= 14
    section = document.sections[0]
    assert (section.page_width.mm, section.page_height.mm) == (
        pytest.approx(210, abs=0.1),
        pytest.approx(297, abs=0.1),
    )
    results = document.tables[2]
    ranks = {row.cells[1].text: row.cells[0].text for row in results.rows[1:]}
    assert ranks == {
        r.dossier.product.name: str(r.rank)
        for r in Result.objects.select_related("dossier__product")
    }
    assert len(ranks) == len(scored["dossiers"])


def test_minutes_rows_record_ties_votes_and_decided_corrections(officer, rep_a, enterprise_a):
    ctx = build_council(officer=officer, rep=rep_a, enterprise=enterprise_a, dossier_count=2)
    council, members = ctx["council"], ctx["members"]
    score_all(ctx, members["uv1"], lambda d, c: 5)
    score_all(ctx, members["uv2"], lambda d, c: 5)
    _close(ctx)
    first, second = ctx["dossiers"]
    services.tie_vote_record(
        actor=members["thu_ky"].user,
        council=council,
        order=[second.pk, first.pk],
        minutes="Biểu quyết 3/1: SP 1 xếp trên",
    )
    criterion = ctx["judged"][0]
    score = Score.objects.get(member=members["uv1"], dossier=first, criterion=criterion)
    correction = services.correction_request(
        actor=members["uv1"].user, score=score, new_value="5.5", reason="Nhập nhầm ô"
    )
    services.correction_decide(actor=members["chu_tich"].user, correction=correction, approve=True)
    refused = services.correction_request(
        actor=members["uv2"].user,
        score=Score.objects.get(member=members["uv2"], dossier=first, criterion=criterion),
        new_value="9",
        reason="Xin nâng điểm",
    )
    services.correction_decide(
        actor=members["chu_tich"].user, correction=refused, approve=False, reason="Không có căn cứ"
    )
    minutes = documents.build_minutes(council=council)
    results = {r.dossier_id: r for r in Result.objects.all()}
    assert minutes["results"] == [
        {
            "rank": results[d.pk].rank,
            "dossier": d.pk,
            "product": d.product.name,
            "enterprise": "Công ty CP Khóa Thử Nghiệm A",
            "total": document_writers.points(results[d.pk].total),
            "outcome": "Đạt" if results[d.pk].passed else "Không đạt",
            "top": "Top 10" if results[d.pk].top else "",
            "scorers": "2/2",  # uv1 and uv2, no conflict
            "note": "",  # the approved correction took them out of the tie
        }
        for d in sorted(ctx["dossiers"], key=lambda d: (results[d.pk].rank, d.pk))
    ]
    assert [c["change"] for c in minutes["corrections"]] == ["5,00 → 5,50"]
    assert minutes["corrections"][0]["reason"] == "Nhập nhầm ô"
    assert len(minutes["votes"]) == 1
    assert "Biểu quyết 3/1: SP 1 xếp trên" in minutes["votes"][0]
    assert "thứ tự SP 1, SP 0" in minutes["votes"][0]
    document = Document(io.BytesIO(documents.write_minutes_docx(minutes)))
    text = _docx_text(document)
    assert "Nhập nhầm ô" in text
    # issue 17 (point 7): the rejected request is in the minutes too, with the chair's reason
    assert [
        (c["change"], c["reason"], c["decision_reason"]) for c in minutes["rejected_corrections"]
    ] == [("5,00 → 9,00", "Xin nâng điểm", "Không có căn cứ")]
    assert "Đề nghị điều chỉnh bị từ chối (giữ điểm cũ):" in text
    assert "Xin nâng điểm" in text and "Không có căn cứ" in text
    assert "Biểu quyết 3/1: SP 1 xếp trên" in text


@pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice is not installed (soffice; Debian packages libreoffice-writer-nogui "
    "or libreoffice-core): the DOCX is checked with python-docx only",
)
def test_minutes_convert_to_pdf_with_libreoffice(scored, tmp_path):
    _close(scored)
    source = tmp_path / "bien-ban.docx"
    source.write_bytes(documents.minutes_docx(council=scored["council"]))
    subprocess.run(
        [
            shutil.which("soffice"),
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    text = _pdf_text((tmp_path / "bien-ban.pdf").read_bytes())
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "BIÊN BẢN",
        "CHỦ TỊCH HỘI ĐỒNG",
        *[d.product.name for d in scored["dossiers"]],
    ):
        assert expected in text, expected
