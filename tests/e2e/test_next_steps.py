"""Each role starts from its dashboard and finishes its next task from "Việc cần làm",
counting the screens it takes.

A *screen* is a page the browser loads (a main-frame navigation) at a new address: a form
sent back to the page it came from (an upload on the dossier page) stays on the same screen,
and what HTMX changes in place is no screen at all. A *click* is a click that loads a
screen. The counts are the ones issue 18 sets: a firm from login to a submitted dossier with
its receipt in at most 6 screens; a council member from a notification to a completed sheet;
an officer from the queue to a screened dossier in at most 3 clicks; a citizen from a
certificate's QR code to its verification in 1 step. The agency's officer, the leader, the
council's secretary and chair take theirs from the same queue.

These journeys take the demo's records that other browser tests read (the first firm with no
dossier, the first submitted dossier), so they run on a server of their own.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from playwright.sync_api import expect

from chuluc.demo.campaigns import demo_pdf
from tests.e2e.pages import read_qr

pytestmark = [
    pytest.mark.browser,
    # The counts are the pages' own, the same on every database: CI counts them once, in the
    # SQLite browser step (the PostgreSQL step runs the journeys).
    pytest.mark.skipif(
        os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql")),
        reason="screens are counted in the SQLite browser run; they do not depend on the database",
    ),
]

FIRM = "doanhnghiep2"  # a demo firm with no dossier in this year's campaign
OFFICER = "canbo"
AGENCY = "sokhcn"  # Sở KH&CN: difficulties are routed to it
LEADER = "lanhdao"
MEMBER = "hoidong"  # sits on this year's council, has scored nothing yet
OTHER_MEMBER = "hoidong2"  # scored everything and submitted
SECRETARY = "thuky"
CHAIR = "chutich"
ANSWER = "Sở Khoa học và Công nghệ đã hướng dẫn doanh nghiệp hồ sơ thẩm định công nghệ."
REOPEN_REASON = "Có hồ sơ được kết luận đủ điều kiện sau khi khóa điểm"
SCORE = "5"  # within every judged criterion's range
DECLARATION = "Doanh nghiệp cam đoan các thông tin, số liệu và tài liệu trong hồ sơ là trung thực"
DOCUMENTS = [
    ("Báo cáo tài chính", "bao-cao-tai-chinh.pdf"),
    ("Giấy chứng nhận đăng ký doanh nghiệp", "giay-chung-nhan-dang-ky-doanh-nghiep.pdf"),
    ("Báo cáo/cam kết tuân thủ pháp luật (môi trường, chất lượng, SHTT)", "cam-ket.pdf"),
]

# A certificate of the latest recognitions (valid for years to come), read once through ``chuluc shell``; nothing is written.
DISCOVER_CERTIFICATE = """
import json
from django.urls import reverse
from chuluc.decisions.models import Certificate
cert = (
    Certificate.objects.filter(recognition__status="active").order_by("-recognition__year", "pk").first()
)
print(json.dumps({"number": cert.number, "pdf": reverse("decisions:certificate_pdf", args=[cert.pk])}))
"""


class Screens:
    """The addresses a page loads, in order, counted as screens (see the module's text)."""

    def __init__(self, page) -> None:
        self.page = page
        self.paths: list[str] = []
        page.on("framenavigated", self._seen)

    def _seen(self, frame) -> None:
        if frame != self.page.main_frame:
            return
        path = urlsplit(frame.url).path
        if not self.paths or self.paths[-1] != path:
            self.paths.append(path)

    @property
    def count(self) -> int:
        return len(self.paths)


def _this_year() -> int:
    return dt.datetime.now(ZoneInfo(settings.TIME_ZONE)).year


def _grouped(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _log_in(page, username: str) -> None:
    page.goto("/tai-khoan/dang-nhap/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(settings.DEMO_PASSWORD)
    page.locator("main form.form").get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Việc cần làm")).to_be_visible()


def _task(page, what: str | re.Pattern):
    """The link of the dashboard's task whose text matches ``what``."""
    return page.locator("#dashboard-tasks li.task a").filter(has_text=what).first


def _complete_sheet(page) -> None:
    """Score every empty cell the member may score, then submit the sheet."""
    cells = page.locator("table.scoring input[name=value]:not([disabled])")
    assert cells.count() > 0
    for index in range(cells.count()):
        page.wait_for_function(
            "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
        )
        cell = cells.nth(index)
        if cell.input_value():
            continue
        with page.expect_response(
            lambda r: r.request.method == "POST" and "/diem/" in r.request.url
        ) as saved:
            cell.fill(SCORE)
            cell.press("Tab")
        assert saved.value.status == 200, saved.value.status
    page.get_by_role("button", name="Nộp phiếu chấm").click()
    expect(page.locator(".messages")).to_contain_text("Đã nộp phiếu chấm.")
    expect(page.locator("main .status")).to_have_text("Đã nộp phiếu")


@pytest.fixture
def person(chromium_browser, own_server):
    contexts = []

    def open_page(*, viewport=None):
        context = chromium_browser.new_context(
            base_url=own_server.url,
            locale="vi-VN",
            viewport=viewport or {"width": 1366, "height": 768},
        )
        context.set_default_timeout(20_000)
        contexts.append(context)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.js_errors = errors
        return page

    yield open_page
    for context in contexts:
        context.close()


def test_firm_goes_from_login_to_a_receipt_in_six_screens(person, tmp_path):
    page = person()
    screens = Screens(page)
    _log_in(page, FIRM)

    # The queue says a campaign is taking applications and the firm has products to lodge.
    _task(page, "Lập hồ sơ tham gia đợt").click()
    expect(page).to_have_url(re.compile(r"/dot-xet-chon/\d+/$"))
    page.get_by_role("button", name="Lập hồ sơ").first.click()
    expect(page).to_have_url(re.compile(r"/ho-so/\d+/sua/$"))

    headers = page.locator("table.figures thead th").all_inner_texts()
    years = sorted(int(text) for text in headers if text.strip().isdigit())
    assert years and years[-1] == _this_year() - 1, years
    for i, year in enumerate(years):
        form = page.locator("#dossier-form")
        form.locator(f"input[name=revenue_vnd_{year}]").fill(_grouped((150 + 15 * i) * 10**9))
        form.locator(f"input[name=production_value_vnd_{year}]").fill(
            _grouped((140 + 15 * i) * 10**9)
        )
        form.locator(f"input[name=export_usd_{year}]").fill(_grouped((2_400 + 200 * i) * 1_000))
        form.locator(f"input[name=employees_{year}]").fill(str(300 + 10 * i))
    page.get_by_label("Trụ sở chính tại Hà Nội").check()
    page.get_by_role("button", name="Lưu và xem hồ sơ").click()
    expect(page).to_have_url(re.compile(r"/ho-so/\d+/$"))

    documents = page.locator("section").filter(has=page.get_by_role("heading", name="Tài liệu"))
    for index, (kind, filename) in enumerate(DOCUMENTS):
        pdf = tmp_path / filename
        pdf.write_bytes(demo_pdf(f"Tai lieu {index + 1}"))
        documents.get_by_label("Loại tài liệu").select_option(label=kind)
        documents.get_by_label("Tệp (PDF, ảnh, XLSX, DOCX)").set_input_files(pdf)
        documents.get_by_role("button", name="Tải lên", exact=True).click()
        expect(documents.locator("li").filter(has_text=filename)).to_have_count(1)
    expect(page.locator("ul.checklist li.todo")).to_have_count(0)
    page.get_by_label(DECLARATION).check()
    page.get_by_role("button", name="Nộp hồ sơ", exact=True).click()

    expect(page.get_by_role("heading", name="Giấy biên nhận hồ sơ")).to_be_visible()
    expect(page.locator("#receipt-reference")).to_have_text(re.compile(r"^SPCNCL-\d{4}-HS-\d{6}$"))
    assert screens.count <= 6, screens.paths
    assert [re.sub(r"\d+", "N", p) for p in screens.paths] == [
        "/tai-khoan/dang-nhap/",
        "/tong-quan/",
        "/dot-xet-chon/N/",
        "/ho-so/N/sua/",
        "/ho-so/N/",
        "/ho-so/N/bien-nhan/",
    ], screens.paths
    assert page.js_errors == []


def test_officer_screens_a_dossier_from_the_queue_in_three_clicks(person):
    page = person()
    _log_in(page, OFFICER)
    clicks = 0

    _task(page, "Hồ sơ chờ thẩm định").click()
    clicks += 1
    expect(page).to_have_url(re.compile(r"/dot-xet-chon/\d+/ho-so/\?status=submitted"))
    page.locator("#results tbody tr a[href^='/ho-so/']").first.click()
    clicks += 1
    expect(page.locator("#dossier-status")).to_have_attribute("data-status", "submitted")
    page.get_by_role("button", name="Đồng ý kết quả tự động và kết luận").click()
    clicks += 1

    status = page.locator("#dossier-status")
    expect(status).to_have_attribute("data-status", re.compile(r"^(eligible|ineligible)$"))
    expect(page.locator("table.screening")).not_to_contain_text("Chưa kết luận")
    assert clicks <= 3
    assert page.js_errors == []


def test_citizen_verifies_a_certificate_from_its_qr_code_in_one_step(person, own_server):
    found = json.loads(own_server.manage("shell", "-v", "0", "-c", DISCOVER_CERTIFICATE))
    officer = person()
    _log_in(officer, OFFICER)
    response = officer.request.get(found["pdf"])
    assert response.status == 200
    url = read_qr(response.body())
    assert url.startswith(f"{own_server.url}/xac-minh/"), url

    citizen = person(viewport={"width": 390, "height": 844})
    screens = Screens(citizen)
    citizen.goto(url)
    main = citizen.locator("main")
    expect(main).to_contain_text(found["number"])
    expect(main).to_contain_text("Còn hiệu lực")
    assert screens.count == 1, screens.paths
    assert citizen.js_errors == []


def test_agency_officer_answers_a_difficulty_from_the_queue(person):
    page = person()
    _log_in(page, AGENCY)
    clicks = 0

    _task(page, re.compile(r"Vướng mắc (chờ cơ quan trả lời|quá hạn xử lý)")).click()
    clicks += 1
    page.locator("#difficulties tbody tr a").first.click()
    clicks += 1
    form = page.locator("#move-form")
    form.get_by_label("Bước tiếp theo").select_option(label="Đã trả lời")
    form.get_by_label("Nội dung (trả lời, lý do)").fill(ANSWER)
    form.get_by_role("button", name="Cập nhật").click()
    clicks += 1

    expect(page.locator("#difficulty-status")).to_have_text("Đã trả lời")
    expect(page.locator("#difficulty-answer")).to_contain_text(ANSWER)
    assert clicks <= 3
    assert page.js_errors == []


def test_leader_sees_this_year_s_targets_first_and_follows_them(person):
    page = person()
    _log_in(page, LEADER)
    year = _this_year()

    targets = page.locator("#year-targets")
    expect(targets.get_by_role("heading")).to_have_text(f"Chỉ tiêu năm {year}")
    targets.get_by_role("link", name="Xem số liệu theo dõi và mục tiêu").click()
    expect(page).to_have_url(re.compile(r"/theo-doi/"))
    expect(page.locator("main")).to_contain_text(str(year))
    assert page.js_errors == []


def test_council_member_secretary_and_chair_each_take_their_next_step(person):
    """In the council's order, so each step finds the one before it done: the member
    completes the sheet from a notification; the secretary, told every sheet is in, locks the
    round; a member asks for a correction of a locked score and the chair approves it from
    the queue; the chair reopens the assessment at the end, as the demo's year is still
    scoring (the other tests of this module screen dossiers, which a lock would refuse)."""
    member = person()
    screens = Screens(member)
    _log_in(member, MEMBER)
    bell = member.locator(".site-header a.bell")
    expect(bell.locator(".bell-count")).to_have_text(re.compile(r"^[1-9]\d*$"))
    bell.click()
    expect(member.get_by_role("heading", level=1)).to_have_text("Thông báo")
    told = member.locator("li.notification-unread").filter(has_text="phân công chấm điểm").first
    told.get_by_role("button").click()
    expect(member).to_have_url(re.compile(r"/hoi-dong/\d+/cham/$"))
    council_url = re.sub(r"cham/$", "", urlsplit(member.url).path)
    expect(member.locator("main .status")).to_have_text("Chưa nộp phiếu")
    _complete_sheet(member)
    assert [re.sub(r"\d+", "N", p) for p in screens.paths] == [
        "/tai-khoan/dang-nhap/",
        "/tong-quan/",
        "/thong-bao/",
        "/hoi-dong/N/cham/",
    ], screens.paths

    # The other member's sheet was reopened if a dossier joined the list since it was
    # submitted (another test of this module screens one): the queue says so.
    other = person()
    _log_in(other, OTHER_MEMBER)
    reopened = _task(other, "Hoàn thành và nộp phiếu chấm")
    if reopened.count():
        reopened.click()
        _complete_sheet(other)

    secretary = person()
    _log_in(secretary, SECRETARY)
    _task(secretary, "Khóa vòng chấm").click()
    expect(secretary).to_have_url(re.compile(rf"{council_url}$"))
    secretary.once("dialog", lambda dialog: dialog.accept())
    secretary.locator("#close-round").click()
    expect(secretary.locator("[data-stage]").first).to_have_text("Đã khóa điểm, chờ công bố")

    member.goto(council_url)
    member.get_by_role("link", name="Phiếu chấm của tôi").click()
    member.locator("#own-scores").get_by_role("link", name="Đề nghị điều chỉnh").first.click()
    member.get_by_label("Điểm mới").fill("6")
    member.get_by_label("Lý do").fill("Nhập nhầm điểm khi chấm; sửa theo phiếu giấy đã ký")
    member.get_by_role("button", name=re.compile("Gửi")).click()
    expect(member.locator(".messages")).to_contain_text("chờ Chủ tịch duyệt")

    chair = person()
    _log_in(chair, CHAIR)
    _task(chair, "Đề nghị điều chỉnh điểm chờ Chủ tịch duyệt").click()
    row = chair.locator("#corrections tr[data-correction]").first
    row.locator("input[name=reason]").fill("Đúng với phiếu giấy")
    row.get_by_role("button", name="Duyệt").click()
    expect(chair.locator(".messages")).to_contain_text("kết quả đã được tính lại")
    expect(chair.locator("#corrections tr[data-correction]").first).to_contain_text("Đã duyệt")

    chair.goto(council_url)
    chair.locator("details#reopen summary").click()
    chair.locator("details#reopen textarea[name=reason]").fill(REOPEN_REASON)
    chair.get_by_role("button", name="Mở lại việc đánh giá").click()
    expect(chair.locator("[data-stage]").first).to_have_text("Hội đồng đang chấm điểm")
    for page in (member, other, secretary, chair):
        assert page.js_errors == []
