"""A dossier's whole journey in a real browser, by the representative and the officer.

The representative opens this year's campaign, lodges a dossier for one of the
enterprise's products, types the figures (saved as they type) but leaves the latest
revenue empty, uploads the documents and is refused on submitting; fills the gap and
submits. The officer returns it with a comment; the representative reads the comment,
changes a figure and resubmits. The officer confirms each screening rule, concludes the
dossier eligible and reads its history.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from playwright.sync_api import expect

from chuluc.demo.campaigns import demo_pdf

pytestmark = pytest.mark.browser

REPRESENTATIVE = "doanhnghiep1"
OFFICER = "canbo"
#: The declaration (cam đoan) the representative ticks to submit: its label, as read.
DECLARATION = "Doanh nghiệp cam đoan các thông tin, số liệu và tài liệu trong hồ sơ là trung thực"
AUTOSAVED = "Đã lưu bản nháp lúc"
RETURN_COMMENT = (
    "Đề nghị rà soát lại số lao động năm gần nhất theo báo cáo bảo hiểm xã hội (thử nghiệm)."
)
# (kind as the select shows it, file name as the person's computer has it)
DOCUMENTS = [
    ("Báo cáo tài chính", "Báo cáo tài chính đã kiểm toán.pdf"),
    ("Giấy chứng nhận đăng ký doanh nghiệp", "giay-chung-nhan-dang-ky-doanh-nghiep.pdf"),
    (
        "Báo cáo/cam kết tuân thủ pháp luật (môi trường, chất lượng, SHTT)",
        "cam-ket-tuan-thu-phap-luat.pdf",
    ),
]
# The history names each step in words (chuluc.core.history), as the audit rows' actions
# dossier.create, .save, .evidence_upload, .submit, .return, .resubmit,
# eligibility.conclude_pass and dossier.conclude_eligible.
CREATED, SAVED, UPLOADED = "Tạo hồ sơ", "Lưu hồ sơ", "Tải lên tài liệu"
SUBMITTED, RETURNED, RESUBMITTED = "Nộp hồ sơ", "Trả lại để bổ sung", "Nộp lại hồ sơ"
RULE_PASSED, ELIGIBLE = "Kết luận đạt", "Kết luận đủ điều kiện"
AUDIT_ACTIONS = [
    CREATED,
    SAVED,
    UPLOADED,
    SUBMITTED,
    RETURNED,
    RESUBMITTED,
    RULE_PASSED,
    ELIGIBLE,
]
#: How the history names the people (their full names).
PEOPLE = {"doanhnghiep1": "Vũ Đức Giang (mẫu)", "canbo": "Nguyễn Văn An (mẫu)"}


def _typed_figures(years: list[int]) -> dict[str, str]:
    """What the representative types, field name → text, for each year (oldest first).

    Large enough to pass every track's threshold: revenue and production value over
    100 billion đồng, export over 1 million USD. Thousands grouped with dots, as the
    form's help text allows."""
    out = {}
    for i, year in enumerate(sorted(years)):
        out[f"revenue_vnd_{year}"] = _grouped((150 + 15 * i) * 10**9)
        out[f"production_value_vnd_{year}"] = _grouped((140 + 15 * i) * 10**9)
        out[f"export_usd_{year}"] = _grouped((2_400 + 200 * i) * 1_000)
        out[f"employees_{year}"] = str(300 + 10 * i)
    return out


def _grouped(number: int) -> str:
    """150000000000 → "150.000.000.000", as Vietnamese write (and the page shows) it."""
    return f"{number:,}".replace(",", ".")


# Pages --------------------------------------------------------------------------------


def _log_in(page, username: str) -> None:
    page.goto("/tai-khoan/dang-nhap/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(settings.DEMO_PASSWORD)
    page.locator("main form.form").get_by_role("button", name="Đăng nhập").click()
    expect(page).not_to_have_url(re.compile(r"/tai-khoan/dang-nhap/"))
    expect(page.locator(".user-box .who")).to_be_visible()


def _log_out(page) -> None:
    page.locator(".user-box").get_by_role("button", name="Đăng xuất").click()
    expect(page.locator(".user-box").get_by_role("link", name="Đăng nhập")).to_be_visible()
    expect(page.locator(".user-box .who")).to_have_count(0)


def _expect_status(page, code: str, label: str) -> None:
    status = page.locator("#dossier-status")
    expect(status).to_have_attribute("data-status", code)
    expect(status).to_have_text(label)


def _open_current_campaign(page) -> None:
    nav = page.locator("nav.main-nav")
    folded = nav.locator("details.nav-group", has=page.locator("summary", has_text="Xét chọn"))
    if folded.count():  # an officer's long menu folds the campaigns under "Xét chọn"
        folded.locator("summary").click()
    nav.get_by_role("link", name="Đợt xét chọn").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đợt xét chọn")
    year = str(_this_year())
    row = page.locator("table.table tbody tr").filter(
        has=page.locator("td:first-child", has_text=re.compile(rf"^{year}$"))
    )
    expect(row).to_have_count(1)
    row.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/dot-xet-chon/\d+/$"))


def _this_year() -> int:
    """The current year where the program runs (the demo opens that year's campaign)."""
    return dt.datetime.now(ZoneInfo(settings.TIME_ZONE)).year


def _figure_years(page) -> list[int]:
    headers = page.locator("table.figures thead th").all_inner_texts()
    return sorted(int(text) for text in headers if text.strip().isdigit())


def _autosave(page, dossier_pk: int, edit) -> None:
    """Do ``edit`` on the dossier form, leave the last field (Tab) and wait for the draft
    to be saved in the background."""

    def is_autosave(response) -> bool:
        request = response.request
        return (
            request.method == "POST"
            and request.url.endswith(f"/ho-so/{dossier_pk}/sua/")
            and request.headers.get("hx-request") == "true"
        )

    with page.expect_response(is_autosave) as saved:
        edit()
        page.keyboard.press("Tab")
    assert saved.value.status == 200, saved.value.status
    expect(page.locator("#autosave")).to_contain_text(AUTOSAVED)
    expect(page.locator("#autosave .form-errors")).to_have_count(0)


def _save_and_view(page, dossier_pk: int) -> None:
    page.get_by_role("button", name="Lưu và xem hồ sơ").click()
    expect(page).to_have_url(re.compile(rf"/ho-so/{dossier_pk}/$"))
    expect(page.locator(".messages")).to_contain_text("Đã lưu bản nháp.")


def _figure_row(page, year: int):
    return page.locator("table.table tbody tr").filter(
        has=page.locator("td:first-child", has_text=re.compile(rf"^{year}$"))
    )


# The journey -------------------------------------------------------------------------


def test_dossier_lodged_refused_returned_resubmitted_and_found_eligible(
    browser_page, results_dir, tmp_path
):
    page = browser_page

    # 1. The representative opens this year's campaign and lodges a dossier ------------
    _log_in(page, REPRESENTATIVE)
    _open_current_campaign(page)
    registrations = page.locator("section.card").filter(
        has=page.get_by_role("heading", name="Đăng ký sản phẩm của doanh nghiệp bạn")
    )
    lodge = registrations.get_by_role("button", name="Lập hồ sơ")
    expect(lodge.first).to_be_visible()
    product_row = (
        registrations.locator("tr").filter(has=page.get_by_role("button", name="Lập hồ sơ")).first
    )
    product_name = product_row.locator("td").first.inner_text().split(" (")[0].strip()
    lodge.first.click()
    expect(page).to_have_url(re.compile(r"/ho-so/\d+/sua/$"))
    dossier_pk = int(re.search(r"/ho-so/(\d+)/sua/$", page.url).group(1))
    dossier_path = f"/ho-so/{dossier_pk}/"
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Khai hồ sơ: {product_name}")

    # 2. Figures for three years, the latest revenue left empty; autosaved -------------
    years = _figure_years(page)
    assert len(years) == 3, years
    assert years[-1] == _this_year() - 1, years
    latest = years[-1]
    figures = _typed_figures(years)
    forgotten = f"revenue_vnd_{latest}"

    def type_figures_but_one():
        for name, text in figures.items():
            if name != forgotten:
                page.locator(f"#dossier-form input[name={name}]").fill(text)
        # The enterprise's head office is in Hanoi (the location rule).
        page.get_by_label("Trụ sở chính tại Hà Nội").check()

    _autosave(page, dossier_pk, type_figures_but_one)
    still_missing = page.locator("#autosave li.todo")
    expect(still_missing.filter(has_text=f"Năm {latest}: doanh thu")).to_have_count(1)
    expect(still_missing.filter(has_text=re.compile(r"Năm \d{4}:"))).to_have_count(1)
    expect(page.locator(f"input[name={forgotten}]")).to_have_value("")
    page.screenshot(path=results_dir / "dossier-form.png", full_page=True)

    _save_and_view(page, dossier_pk)
    _expect_status(page, "draft", "Bản nháp")
    expect(_figure_row(page, latest).locator("td").nth(1)).to_have_text("—")
    expect(_figure_row(page, years[0]).locator("td").nth(1)).to_have_text(
        figures[f"revenue_vnd_{years[0]}"]
    )

    documents = page.locator("section").filter(has=page.get_by_role("heading", name="Tài liệu"))
    for index, (kind, filename) in enumerate(DOCUMENTS):
        pdf = tmp_path / filename
        pdf.write_bytes(demo_pdf(f"Tai lieu thu nghiem {index + 1}"))
        documents.get_by_label("Loại tài liệu").select_option(label=kind)
        documents.get_by_label("Tệp (PDF, ảnh, XLSX, DOCX)").set_input_files(pdf)
        documents.get_by_role("button", name="Tải lên", exact=True).click()
        expect(documents.locator("li").filter(has_text=f"{kind}: {filename}")).to_have_count(1)
        expect(page.locator(".messages")).to_contain_text("Đã tải tài liệu lên.")
    expect(documents.locator("li a")).to_have_count(len(DOCUMENTS))

    # 3. Submitting asks for the declaration, then is refused naming the missing figure --
    page.get_by_role("button", name="Nộp hồ sơ", exact=True).click()
    expect(page.locator("#submit_declared_error")).to_contain_text("lời cam đoan")
    _expect_status(page, "draft", "Bản nháp")
    page.get_by_label(DECLARATION).check()
    page.get_by_role("button", name="Nộp hồ sơ", exact=True).click()
    refusal = page.locator(".form-errors")
    expect(refusal).to_contain_text("Hồ sơ còn thiếu")
    expect(refusal).to_contain_text(f"Năm {latest}: doanh thu")
    _expect_status(page, "draft", "Bản nháp")
    checklist = page.locator("ul.checklist")
    expect(checklist.locator("li.todo")).to_have_count(1)
    expect(checklist.locator("li.todo")).to_contain_text(f"Năm {latest}: doanh thu")
    page.screenshot(path=results_dir / "dossier-refused.png", full_page=True)

    # 4. The missing revenue, then submit -------------------------------------------
    page.get_by_role("link", name="Khai số liệu").click()
    expect(page).to_have_url(re.compile(rf"/ho-so/{dossier_pk}/sua/$"))
    _autosave(
        page,
        dossier_pk,
        lambda: page.locator(f"input[name={forgotten}]").fill(figures[forgotten]),
    )
    expect(page.locator("#autosave li.todo")).to_have_count(0)
    _save_and_view(page, dossier_pk)
    expect(_figure_row(page, latest).locator("td").nth(1)).to_have_text(figures[forgotten])
    expect(page.locator("ul.checklist li.todo")).to_have_count(0)
    page.get_by_label(DECLARATION).check()
    page.get_by_role("button", name="Nộp hồ sơ", exact=True).click()
    # The receipt: its reference number, and the way back to the dossier.
    expect(page).to_have_url(re.compile(rf"/ho-so/{dossier_pk}/bien-nhan/$"))
    expect(page.get_by_role("heading", name="Giấy biên nhận hồ sơ")).to_be_visible()
    expect(page.locator("#receipt-reference")).to_have_text(re.compile(r"^SPCNCL-\d{4}-HS-\d{6}$"))
    expect(page.locator("#receipt-pdf")).to_have_attribute(
        "href", f"/ho-so/{dossier_pk}/bien-nhan.pdf"
    )
    page.screenshot(path=results_dir / "dossier-receipt.png", full_page=True)
    page.goto(dossier_path)
    _expect_status(page, "submitted", "Đã nộp")
    expect(page.locator(".messages .msg-error")).to_have_count(0)
    expect(page.get_by_role("link", name="Khai số liệu")).to_have_count(0)
    _log_out(page)

    # 5. The officer finds it among the submitted dossiers and returns it -------------
    _log_in(page, OFFICER)
    _open_current_campaign(page)
    page.get_by_role("link", name="Danh sách hồ sơ").click()
    expect(page).to_have_url(re.compile(r"/dot-xet-chon/\d+/ho-so/$"))
    page.get_by_label("Trạng thái").select_option(label="Đã nộp")
    expect(page).to_have_url(re.compile(r"[?&]status=submitted"))
    results = page.locator("#results")
    expect(results.locator("tbody tr .status").first).to_have_text("Đã nộp")
    for label in results.locator("tbody tr .status").all_inner_texts():
        assert label.strip() == "Đã nộp", label
    results.locator(f'a[href="{dossier_path}"]').click()
    expect(page).to_have_url(re.compile(rf"{dossier_path}$"))
    _expect_status(page, "submitted", "Đã nộp")

    # The person clicks into the box under "Nội dung cần bổ sung" (that label's `for`
    # points at the conclusion's comment box, which has the same id: see the report).
    returning = page.locator("section.card").filter(
        has=page.get_by_role("heading", name="Trả lại để bổ sung")
    )
    expect(returning.locator("label")).to_contain_text(["Nội dung cần bổ sung", "Hạn nộp lại"])
    returning.locator("textarea[name=comment]").fill(RETURN_COMMENT)
    page.get_by_role("button", name="Trả lại hồ sơ").click()
    _expect_status(page, "returned", "Trả lại để bổ sung")
    _log_out(page)

    # 6. The representative reads the comment, changes a figure and resubmits ---------
    _log_in(page, REPRESENTATIVE)
    page.locator("nav.main-nav").get_by_role("link", name="Hồ sơ của tôi").click()
    page.locator(f'#results a[href="{dossier_path}"]').click()
    _expect_status(page, "returned", "Trả lại để bổ sung")
    note = page.locator(".note")
    expect(note).to_contain_text("Trả lại để bổ sung")
    expect(note).to_contain_text(RETURN_COMMENT)
    expect(page.locator("main")).to_contain_text("Hạn nộp lại")

    page.get_by_role("link", name="Khai số liệu").click()
    employees = page.locator(f"input[name=employees_{latest}]")
    expect(employees).to_have_value(figures[f"employees_{latest}"])
    _autosave(page, dossier_pk, lambda: employees.fill("335"))
    _save_and_view(page, dossier_pk)
    expect(_figure_row(page, latest).locator("td").nth(6)).to_have_text("335")
    page.get_by_label(DECLARATION).check()
    page.get_by_role("button", name="Nộp lại hồ sơ").click()
    expect(page.get_by_role("heading", name="Giấy biên nhận hồ sơ")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Lần nộp thứ 2")
    page.goto(dossier_path)
    _expect_status(page, "submitted", "Đã nộp")
    _log_out(page)

    # 7. The officer confirms each screening rule and concludes --------------------------
    _log_in(page, OFFICER)
    page.goto(dossier_path)
    _expect_status(page, "submitted", "Đã nộp")
    rows = page.locator("table.screening tbody tr")
    expect(rows.first).to_be_visible()
    row_ids = rows.evaluate_all("rows => rows.map(r => r.id)")
    assert row_ids, "no screening rule applies to the dossier"
    for row_id in row_ids:
        row = page.locator(f"tr#{row_id}")
        cells = row.locator("td")
        expect(cells.nth(2)).to_have_text("Đạt")  # the automatic result
        row.get_by_role("button", name="Đạt", exact=True).click()
        expect(page.locator(f"tr#{row_id} td").nth(3)).to_have_text("Đạt")
    page.get_by_role("button", name="Kết luận", exact=True).click()
    _expect_status(page, "eligible", "Đủ điều kiện")
    expect(page.locator("table.screening")).not_to_contain_text("Không đạt")
    page.screenshot(path=results_dir / "dossier-eligible.png", full_page=True)

    # 8. The dossier's history: every step, and the figure versions ------------------
    page.get_by_role("link", name="Lịch sử thay đổi").click()
    expect(page).to_have_url(re.compile(rf"{dossier_path}lich-su/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lịch sử thay đổi")
    audit = page.locator("table.audit tbody tr")

    def entries(label: str):
        action = page.locator("td:nth-child(3)", has_text=re.compile(rf"^{re.escape(label)}$"))
        return audit.filter(has=action)

    for label in AUDIT_ACTIONS:
        expect(entries(label).first).to_be_visible()
    expect(entries(CREATED).locator("td").nth(1)).to_have_text(PEOPLE[REPRESENTATIVE])
    expect(entries(SUBMITTED)).to_have_count(1)
    expect(entries(RESUBMITTED)).to_have_count(1)
    expect(entries(UPLOADED)).to_have_count(len(DOCUMENTS))
    expect(entries(RETURNED)).to_have_count(1)
    expect(entries(RETURNED).locator("td").nth(1)).to_have_text(PEOPLE[OFFICER])
    expect(entries(RETURNED)).to_contain_text(RETURN_COMMENT)
    # the officer's conclusion on each rule, then on the dossier (lifecycles: eligibility, dossier)
    expect(entries(RULE_PASSED)).to_have_count(len(row_ids))
    expect(entries(ELIGIBLE)).to_have_count(1)
    # Nothing of the stored form shows: no action code, no field name.
    expect(page.locator("main")).not_to_contain_text("dossier.")
    expect(page.locator("main")).not_to_contain_text("revenue_vnd")

    # One figure version per autosave that changed figures: typed, revenue added,
    # employees changed; the newest comes first.
    versions = page.locator("h2", has_text="Các phiên bản số liệu").locator("+ table tbody tr")
    expect(versions.first).to_be_visible()
    assert versions.count() >= 3, versions.all_inner_texts()
    expect(versions.first.locator("td").first).to_have_text(f"v{versions.count()}")
    expect(versions.first).to_contain_text("Lao động: 335")
    expect(versions.last.locator("td").first).to_have_text("v1")
    expect(versions.last).to_contain_text("Doanh thu (đồng): —")
    page.screenshot(path=results_dir / "dossier-history.png", full_page=True)

    assert page.js_errors == []
