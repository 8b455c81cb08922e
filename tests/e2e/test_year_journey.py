"""One campaign through its whole year, in a real browser, through the pages alone.

The officer copies this year's demo campaign into the next year and publishes it; the
server's clock (``TEST_CLOCK_FILE``, moved by the test) then walks the calendar: three firms
lodge and submit dossiers while registration is open; the officer screens them once it has
closed; the council is formed, its criteria assigned to three scoring members; they sign
their declarations and score independently, one declaring a conflict with a whole
enterprise; the secretary locks the round. A member asks for a correction of a locked score
and the chair approves it; the two firms tied for the only Top place are ordered by the
council's vote; the officer publishes the result, a visitor's comment is answered, the
decision entered; the certificate's QR code, read from the PDF, opens the verification page
on the port served; the recognition is revoked and the certificate then downloads stamped
"ĐÃ THU HỒI". Every page on the way shows the campaign's stage, derived from these dates
and records.

No row is written to the database directly: every step is a person using a page, and the
only thing the test does besides is move the clock.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pypdfium2
import pytest
from django.conf import settings
from playwright.sync_api import expect

from chuluc.demo.campaigns import demo_pdf
from tests.e2e.pages import publish_and_answer, read_qr, send_public_comment

pytestmark = pytest.mark.browser

#: The declaration (cam đoan) the representative ticks to submit: its label, as read.
DECLARATION = "Doanh nghiệp cam đoan các thông tin, số liệu và tài liệu trong hồ sơ là trung thực"

HANOI = ZoneInfo(settings.TIME_ZONE)
OFFICER = "canbo"
FIRMS = ("doanhnghiep1", "doanhnghiep2", "doanhnghiep3")
CHAIR, SECRETARY = "chutich", "thuky"
SCORERS = ("hoidong", "hoidong2", "chutich")
CONFLICTED = "hoidong2"  # declares a conflict with the third firm's enterprise
JUDGED = ("K5", "K6", "K7")
COMMENT = "Đề nghị Sở kiểm tra lại giấy chứng nhận chất lượng của sản phẩm này."
ANSWER = "Sở đã kiểm tra: giấy chứng nhận còn hiệu lực."
DECISION = "888/QĐ-UBND"
REVOKING = "99/QĐ-UBND"
DOCUMENTS = (
    "Báo cáo tài chính",
    "Giấy chứng nhận đăng ký doanh nghiệp",
    "Báo cáo/cam kết tuân thủ pháp luật (môi trường, chất lượng, SHTT)",
)


def _at(year: int, month: int, day: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=HANOI)


def _this_year() -> int:
    return dt.datetime.now(HANOI).year


def _grouped(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _figures(years: list[int], scale: int) -> dict[str, str]:
    """What a firm types: over every track's threshold, growing each year; firms typing
    the same ``scale`` get the same computed criteria."""
    out = {}
    for i, year in enumerate(sorted(years)):
        out[f"revenue_vnd_{year}"] = _grouped((scale + 15 * i) * 10**9)
        out[f"production_value_vnd_{year}"] = _grouped((scale - 10 + 15 * i) * 10**9)
        out[f"export_usd_{year}"] = _grouped((2_400 + 200 * i) * 1_000)
        out[f"employees_{year}"] = str(300 + 10 * i)
    return out


# People and pages ----------------------------------------------------------------------


class Person:
    """One person's browser (own cookies), signed in."""

    def __init__(self, browser, server, username: str):
        self.context = browser.new_context(base_url=server.url, locale="vi-VN")
        self.context.set_default_timeout(20_000)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.username = username
        self.log_in()

    def log_in(self) -> None:
        """Sign in (again: moving the clock a season ahead ends the sessions)."""
        page = self.page
        page.goto("/tai-khoan/dang-nhap/")
        page.locator("input[name=username]").fill(self.username)
        page.locator("input[name=password]").fill(settings.DEMO_PASSWORD)
        page.locator("main form.form").get_by_role("button", name="Đăng nhập").click()
        expect(page).not_to_have_url(re.compile(r"/tai-khoan/dang-nhap/"))
        self.name = page.locator(".user-box .who").inner_text().strip()

    def close(self) -> None:
        assert self.errors == [], self.errors
        self.context.close()


def _expect_stage(page, label: str) -> None:
    expect(page.locator("[data-stage]").first).to_have_text(label)


def _open_campaign(page, year: int) -> str:
    page.goto("/dot-xet-chon/")
    row = page.locator("table.table tbody tr").filter(
        has=page.locator("td:first-child", has_text=re.compile(rf"^{year}$"))
    )
    expect(row).to_have_count(1)
    row.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/dot-xet-chon/\d+/$"))
    return page.url


# Steps ------------------------------------------------------------------------------


def _copy_and_publish(officer: Person, source_year: int, year: int) -> str:
    page = officer.page
    page.goto("/dot-xet-chon/")
    page.get_by_role("link", name="Mở đợt mới").click()
    source = page.get_by_label("Sao chép từ đợt")
    source.select_option(
        label=source.locator("option", has_text=str(source_year)).first.inner_text().strip()
    )
    page.get_by_label("Năm của đợt mới").fill(str(year))
    page.get_by_role("button", name="Tạo đợt").click()
    expect(page.locator(".messages")).to_contain_text(f"Đã tạo đợt xét chọn {year}")
    campaign_url = page.url
    _expect_stage(page, "Đang chuẩn bị")

    # The copied calendar moved a year on; one product leads (Top 1) so the tie decides it.
    page.get_by_role("link", name="Sửa tham số").click()
    page.get_by_label("Trạng thái").select_option(label="Đã công bố")
    page.get_by_label("Số sản phẩm nhóm dẫn đầu (Top N)").fill("1")
    page.get_by_label("Điểm đạt").fill("50")
    page.get_by_role("button", name="Lưu").click()
    expect(page).to_have_url(campaign_url)
    _expect_stage(page, "Sắp mở đăng ký")
    return campaign_url


def _lodge(firm: Person, year: int, scale: int, tmp_path) -> str:
    """The firm lodges a dossier for its first product, types its figures, uploads the
    documents and submits; the dossier's address."""
    page = firm.page
    _open_campaign(page, year)
    _expect_stage(page, "Đang nhận hồ sơ")
    page.get_by_role("button", name="Lập hồ sơ").first.click()
    expect(page).to_have_url(re.compile(r"/ho-so/\d+/sua/$"))
    dossier_url = page.url.removesuffix("sua/")
    headers = page.locator("table.figures thead th").all_inner_texts()
    years = sorted(int(text) for text in headers if text.strip().isdigit())
    for name, text in _figures(years, scale).items():
        page.locator(f"#dossier-form input[name={name}]").fill(text)
    page.get_by_label("Trụ sở chính tại Hà Nội").check()
    page.get_by_role("button", name="Lưu và xem hồ sơ").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu bản nháp.")
    documents = page.locator("section").filter(has=page.get_by_role("heading", name="Tài liệu"))
    for index, kind in enumerate(DOCUMENTS):
        pdf = tmp_path / f"{firm.username}-{index}.pdf"
        pdf.write_bytes(demo_pdf(f"Tai lieu {firm.username} {index}"))
        documents.get_by_label("Loại tài liệu").select_option(label=kind)
        documents.get_by_label("Tệp (PDF, ảnh, XLSX, DOCX)").set_input_files(pdf)
        documents.get_by_role("button", name="Tải lên", exact=True).click()
        expect(page.locator(".messages")).to_contain_text("Đã tải tài liệu lên.")
    page.get_by_label(DECLARATION).check()
    page.get_by_role("button", name="Nộp hồ sơ", exact=True).click()
    expect(page.get_by_role("heading", name="Giấy biên nhận hồ sơ")).to_be_visible()
    page.goto(dossier_url)
    expect(page.locator("#dossier-status")).to_have_attribute("data-status", "submitted")
    return dossier_url


def _screen(officer: Person, dossier_url: str) -> None:
    page = officer.page
    page.goto(dossier_url)
    _expect_stage(page, "Đang thẩm định hồ sơ")
    rows = page.locator("table.screening tbody tr")
    for row_id in rows.evaluate_all("rows => rows.map(r => r.id)"):
        page.locator(f"tr#{row_id}").get_by_role("button", name="Đạt", exact=True).click()
        expect(page.locator(f"tr#{row_id} td").nth(3)).to_have_text("Đạt")
    page.get_by_role("button", name="Kết luận", exact=True).click()
    expect(page.locator("#dossier-status")).to_have_attribute("data-status", "eligible")


def _form_council(officer: Person, campaign_url: str, year: int, names: dict) -> str:
    page = officer.page
    page.goto(campaign_url)
    page.locator("main").get_by_role("link", name="Hội đồng", exact=True).click()
    page.get_by_label("Số quyết định thành lập").fill(f"{year}/QĐ-UBND")
    page.get_by_role("button", name="Thành lập").click()
    expect(page).to_have_url(re.compile(r"/hoi-dong/\d+/$"))
    council_url = page.url
    for username, role, title in (
        (CHAIR, "Chủ tịch Hội đồng", "Phó Chủ tịch UBND Thành phố"),
        (SECRETARY, "Thư ký", "Chuyên viên Sở Công Thương"),
        ("hoidong", "Ủy viên", "Sở Khoa học và Công nghệ"),
        ("hoidong2", "Ủy viên", "Sở Nông nghiệp và Môi trường"),
    ):
        adding = page.locator("details").filter(has_text="Thêm thành viên")
        adding.locator("summary").click()
        adding.get_by_label("Người dùng").select_option(label=names[username])
        adding.get_by_label("Chức danh").fill(title)
        adding.get_by_label("Vai trò").select_option(label=role)
        adding.get_by_role("button", name="Thêm").click()
        expect(page.locator(".messages")).to_contain_text("Đã lưu.")
    return council_url


def _assign(officer: Person, council_url: str, names: dict) -> None:
    """Every judged criterion to the three scoring members (the chair scores too)."""
    page = officer.page
    page.goto(council_url)
    for code in JUDGED:
        row = page.locator("table.table tbody tr").filter(has_text=re.compile(rf"^\s*{code} "))
        for username in SCORERS:
            row.get_by_label(names[username]).check()
        row.get_by_role("button", name="Lưu").click()
        expect(page.locator(".messages")).to_contain_text(f"Đã phân công tiêu chí {code}")


def _pk(url: str) -> int:
    return int(re.search(r"/ho-so/(\d+)/", url).group(1))


def _score_sheet(member: Person, council_url: str, scores: dict[int, dict], conflict=None):
    """The member signs the declaration, declares ``conflict`` (a dossier's id: with its
    whole enterprise), scores every cell of the sheet as ``scores`` says (dossier id →
    criterion → typed value) and submits."""
    page = member.page
    page.goto(council_url)
    page.get_by_role("link", name="Phiếu chấm của tôi").click()
    page.locator("#sign").click()
    rows = page.locator("table.scoring tbody tr")
    expect(rows.first).to_be_visible()
    if conflict is not None:
        row = rows.filter(has=page.locator(f'a[href$="/ho-so/{conflict}/"]'))
        row.locator("summary").click()
        row.locator("input[name=reason]").fill("Tôi từng là cố vấn của doanh nghiệp này")
        row.locator("input[name=whole_enterprise]").check()
        row.get_by_role("button", name="Khai báo").click()
        expect(page.locator(".messages")).to_contain_text(
            "Đã ghi nhận xung đột lợi ích với doanh nghiệp"
        )
        expect(rows.filter(has=page.locator(f'a[href$="/ho-so/{conflict}/"]'))).to_have_count(0)
    expect(page.locator("table.scoring")).to_be_visible()
    hrefs = rows.locator("td:first-child a").evaluate_all("links => links.map(a => a.href)")
    for href in hrefs:
        dossier = _pk(href)
        row = rows.filter(has=page.locator(f'a[href$="/ho-so/{dossier}/"]'))
        for code, text in scores[dossier].items():
            page.wait_for_function(
                "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
            )
            cell = row.locator(f'input[name=value][aria-label^="{code} — "]')
            with page.expect_response(lambda r: "/diem/" in r.url and r.request.method == "POST"):
                cell.fill(text)
                cell.press("Tab")
            expect(row.locator(f'input[name=value][aria-label^="{code} — "]')).to_have_class(
                re.compile(r"(^|\s)saved(\s|$)")
            )
    page.get_by_role("button", name="Nộp phiếu chấm").click()
    expect(page.locator(".messages")).to_contain_text("Đã nộp phiếu chấm.")
    return len(hrefs)


def _lock(secretary: Person, council_url: str) -> None:
    page = secretary.page
    page.goto(council_url)
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#close-round").click()
    _expect_stage(page, "Đã khóa điểm, chờ công bố")


def _request_correction(member: Person, council_url: str, dossier: int, code: str, value: str):
    page = member.page
    page.goto(council_url)
    page.get_by_role("link", name="Phiếu chấm của tôi").click()
    cell = page.locator(f'#own-scores tr[data-dossier="{dossier}"] td[data-criterion="{code}"]')
    cell.get_by_role("link", name="Đề nghị điều chỉnh").click()
    page.get_by_label("Điểm mới").fill(value)
    page.get_by_label("Lý do").fill("Nhập nhầm điểm khi chấm; đề nghị sửa theo phiếu giấy đã ký")
    page.get_by_role("button", name=re.compile("Gửi")).click()
    expect(page.locator(".messages")).to_contain_text("chờ Chủ tịch duyệt")
    expect(cell).to_contain_text("chờ Chủ tịch duyệt")


def _approve_correction(chair: Person, council_url: str) -> None:
    page = chair.page
    page.goto(council_url)
    page.get_by_role("link", name="Xem và duyệt").click()
    row = page.locator("#corrections tr[data-correction]").first
    row.locator("input[name=reason]").fill("Đúng với phiếu giấy")
    row.get_by_role("button", name="Duyệt").click()
    expect(page.locator(".messages")).to_contain_text("kết quả đã được tính lại")
    expect(page.locator("#corrections tr[data-correction]").first).to_contain_text("Đã duyệt")


def _vote_tie(secretary: Person, council_url: str, first: int) -> tuple[str, str]:
    """The tied pair decides the Top 1 place: the secretary records the council's vote by
    placing dossier ``first`` first; its product's and enterprise's names."""
    page = secretary.page
    page.goto(council_url)
    page.get_by_role("link", name="Kết quả, xếp hạng").click()
    group = page.locator("#ties .tie-group").first
    expect(group.locator("h3")).to_contain_text("Đồng hạng 1")
    expect(group).to_contain_text("cần biểu quyết")
    form = group.locator("form.tie-vote")
    selects = form.locator("select")
    expect(selects).to_have_count(2)
    for index in range(2):
        select = selects.nth(index)
        placed_first = select.get_attribute("name").endswith(f"vi_tri_{first}")
        select.select_option("1" if placed_first else "2")
    label = form.locator(f'label[for$="vi_tri_{first}"]').inner_text()
    product, enterprise = re.search(r"Vị trí của (.+?) — (.+?)\s*\*?$", label).groups()
    form.locator("textarea").fill("Hội đồng biểu quyết 3/4 phiếu cho sản phẩm này đứng trước")
    form.get_by_role("button", name="Ghi biểu quyết").click()
    expect(page.locator(".form-errors, p.error")).to_have_count(0)
    expect(page.locator("#ranking tbody tr").first).to_contain_text(product)
    expect(page.locator("#ranking tbody tr").first).to_contain_text(enterprise)
    return product, enterprise


def _publish(officer: Person, campaign_url: str) -> list[str]:
    page = officer.page
    page.goto(campaign_url)
    page.get_by_role("link", name="Công bố và công nhận").click()
    page.locator("#publish-form textarea").fill("Góp ý gửi qua cổng thông tin của Sở.")
    page.get_by_role("button", name="Công bố để lấy ý kiến").click()
    expect(page.locator("#publication-status")).to_contain_text("nhận góp ý đến")
    return page.locator("#published-entries tbody tr td:nth-child(2)").all_inner_texts()


def _decide(officer: Person, campaign_url: str, number: str, signed_on: dt.date) -> str:
    page = officer.page
    page.goto(campaign_url)
    page.get_by_role("link", name="Công bố và công nhận").click()
    page.goto(page.url.replace("/cong-bo/", "/quyet-dinh/"))
    form = page.locator("#decision-form")
    form.locator("input[name=number]").fill(number)
    form.locator("input[name=signed_on]").fill(signed_on.isoformat())
    form.locator("input[name=signer_name]").fill("Nguyễn Văn Ký")
    form.locator("input[name=signer_title]").fill("Phó Chủ tịch UBND Thành phố")
    form.get_by_role("button", name="Nhập quyết định đã ký").click()
    expect(page.locator("#decision-entered")).to_contain_text(number)
    return page.url


def _recognition(page, leader: tuple[str, str]):
    """The row of the leading product (the demo's firms make products of the same name)."""
    product, enterprise = leader
    row = (
        page.locator("#recognitions tbody tr").filter(has_text=product).filter(has_text=enterprise)
    )
    expect(row).to_have_count(1)
    return row


def _certificate(officer: Person, leader: tuple[str, str]) -> bytes:
    page = officer.page
    row = _recognition(page, leader)
    with page.expect_download() as download:
        row.locator("td:nth-child(4) a").first.click()
    return download.value.path().read_bytes()


def _pdf_text(content: bytes) -> str:
    pdf = pypdfium2.PdfDocument(content)
    return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))


def _revoke(officer: Person, leader: tuple[str, str]) -> None:
    page = officer.page
    _recognition(page, leader).locator("td:nth-child(2) a").click()
    page.locator("#revoke-form").evaluate("form => form.closest('details').open = true")
    page.locator("#revoke-form textarea[name=reason]").fill("Doanh nghiệp vi phạm cam kết")
    page.locator("#revoke-form input[name=decision_ref]").fill(REVOKING)
    page.locator("#revoke-form").get_by_role("button", name="Thu hồi").click()
    expect(page.locator("#recognition-validity")).to_contain_text("Đã thu hồi")


# The journey ------------------------------------------------------------------------


def walk(browser, server, tmp_path) -> None:
    year = _this_year() + 1
    people = {}

    def person(username: str) -> Person:
        if username not in people:
            people[username] = Person(browser, server, username)
        return people[username]

    def season(to: dt.datetime) -> None:
        """Time passes: the clock moves and everyone signs in again."""
        server.travel(to)
        for someone in people.values():
            someone.log_in()

    try:
        # The officer opens next year's campaign by copying this year's, and publishes it.
        officer = person(OFFICER)
        campaign_url = _copy_and_publish(officer, year - 1, year)

        # Registration opens: three firms lodge and submit; two type the same figures.
        season(_at(year, 10, 20))
        dossiers = [
            _lodge(person(username), year, scale, tmp_path)
            for username, scale in zip(FIRMS, (180, 180, 150), strict=True)
        ]

        # Registration has closed: the officer screens the three dossiers.
        season(_at(year + 1, 1, 12))
        for dossier_url in dossiers:
            _screen(officer, dossier_url)

        # The council is formed; its criteria assigned to three scoring members.
        names = {username: person(username).name for username in {*SCORERS, SECRETARY}}
        council_url = _form_council(officer, campaign_url, year, names)
        _assign(officer, council_url, names)
        officer.page.goto(council_url)
        _expect_stage(officer.page, "Hội đồng đang chấm điểm")

        # Scoring: three members score independently; the first two firms tie, and one
        # member declares a conflict with the third firm's enterprise.
        season(_at(year + 1, 2, 9))
        tied = {"K5": "12", "K6": "10", "K7": "8"}
        scores = {
            _pk(dossiers[0]): tied,
            _pk(dossiers[1]): tied,
            _pk(dossiers[2]): {"K5": "9", "K6": "7", "K7": "5"},
        }
        for username in SCORERS:
            conflict = _pk(dossiers[2]) if username == CONFLICTED else None
            scored = _score_sheet(person(username), council_url, scores, conflict=conflict)
            assert scored == (2 if conflict else 3), (username, scored)
        _lock(person(SECRETARY), council_url)

        # After the lock: a member's correction approved by the chair; the tie at the
        # Top 1 place voted, the second firm placed first.
        _request_correction(person("hoidong"), council_url, _pk(dossiers[2]), "K5", "9,5")
        _approve_correction(person(CHAIR), council_url)
        leader = _vote_tie(person(SECRETARY), council_url, _pk(dossiers[1]))
        # The ranking says the third dossier had two scorers of three, one recused.
        results = person(SECRETARY).page
        third = results.locator(f'#ranking tbody tr[data-dossier="{_pk(dossiers[2])}"]')
        expect(third.locator("td.scorers")).to_contain_text("2/3")
        expect(third.locator("td.scorers")).to_contain_text("1 thành viên không chấm")

        # Publication for comment; a visitor's comment is published and answered.
        season(_at(year + 1, 2, 21))
        products = _publish(officer, campaign_url)
        assert leader[0] in products, products
        officer.page.goto(campaign_url)
        _expect_stage(officer.page, "Đang lấy ý kiến công khai")
        visitor = browser.new_context(base_url=server.url, locale="vi-VN")
        visitor.set_default_timeout(20_000)
        public = visitor.new_page()
        send_public_comment(public, year, COMMENT)
        officer.page.goto(campaign_url)
        officer.page.get_by_role("link", name="Công bố và công nhận").click()
        publish_and_answer(officer.page, COMMENT, ANSWER)

        # The window has closed: the decision, a certificate whose QR code opens the
        # verification page on the port served, then its revocation.
        season(_at(year + 1, 3, 9))
        officer.page.goto(campaign_url)
        _expect_stage(officer.page, "Chờ quyết định công nhận")
        decision_url = _decide(officer, campaign_url, DECISION, dt.date(year + 1, 3, 9))
        url = read_qr(_certificate(officer, leader))
        assert url.startswith(f"{server.url}/xac-minh/"), url
        public.goto(url)
        expect(public.locator("main")).to_contain_text("Còn hiệu lực")
        expect(public.locator("main")).to_contain_text(DECISION)
        officer.page.goto(campaign_url)
        _expect_stage(officer.page, "Đã có quyết định công nhận")
        officer.page.goto(decision_url)
        _revoke(officer, leader)
        public.goto(url)
        expect(public.locator("main")).to_contain_text("Đã thu hồi")
        officer.page.goto(decision_url)
        stamped = _pdf_text(_certificate(officer, leader))
        assert "ĐÃ THU HỒI" in stamped, stamped[:500]
        assert REVOKING in stamped, stamped[:500]
        visitor.close()
    finally:
        for someone in people.values():
            someone.close()


def test_one_campaign_through_its_year(chromium_browser, year_server, tmp_path):
    walk(chromium_browser, year_server, tmp_path)
