"""An officer's whole import journey in a real browser against a real server.

Log in → upload a spreadsheet of ~4,000 enterprises → watch it being checked in the
background → preview → commit → find one imported enterprise by typing its name without
diacritics → read its change history.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from openpyxl import Workbook
from playwright.sync_api import expect

from chuluc.registry.validators import tax_code_check_digit

pytestmark = pytest.mark.browser

HEADERS = [
    "Mã số thuế",
    "Tên doanh nghiệp",
    "Tên viết tắt",
    "Loại hình sở hữu",
    "Mã ngành VSIC",
    "Quận/huyện",
    "Địa chỉ",
]
OWNERSHIPS = ["Tư nhân", "Nhà nước", "Tập thể", "Có vốn đầu tư nước ngoài (FDI)"]
DISTRICTS = ["Cầu Giấy", "Ba Đình", "Đống Đa", "Hoàn Kiếm", "Long Biên", "Gia Lâm", "Ứng Hòa"]
VSIC_CODES = ["1050", "1410", "2220", "2599", "2740", "2822", "3100"]
GENERATED_ROWS = 4000
DISTINCT_NAME = "Công ty CP Khóa Việt-Tiệp Thử Nghiệm"
DISTINCT_QUERY = "khoa viet tiep thu nghiem"  # typed without diacritics
JOB_TIMEOUT = 60_000  # ms: background validation and commit of ~4,000 rows


def _tax_codes(count: int) -> list[str]:
    """Valid, fictional tax codes: "97" and seven digits, then the check digit."""
    codes = []
    serial = 0
    while len(codes) < count:
        first_nine = f"97{serial:07d}"
        serial += 1
        check = tax_code_check_digit(first_nine)
        if check is not None:
            codes.append(f"{first_nine}{check}")
    return codes


def build_workbook(path, rows: int = GENERATED_ROWS) -> tuple[int, str]:
    """A spreadsheet of ``rows`` fictional enterprises and the distinct one, which is
    returned with the number of data rows."""
    codes = _tax_codes(rows + 1)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Doanh nghiệp")
    sheet.append(HEADERS)
    for index, code in enumerate(codes[:rows]):
        sheet.append(
            [
                code,
                f"Công ty TNHH Mẫu Nhập Thử Số {index + 1:04d}",
                f"MNT{index + 1:04d}",
                OWNERSHIPS[index % len(OWNERSHIPS)],
                VSIC_CODES[index % len(VSIC_CODES)],
                DISTRICTS[index % len(DISTRICTS)],
                f"Số {index % 300 + 1} phố Thử Nghiệm",
            ]
        )
    distinct_code = codes[rows]
    sheet.append(
        [
            distinct_code,
            DISTINCT_NAME,
            "KVT",
            "Tư nhân",
            "2599",
            "Cầu Giấy",
            "Số 8 ngõ Hư Cấu, phường Dịch Vọng",
        ]
    )
    workbook.save(path)
    return rows + 1, distinct_code


def _number(text: str) -> int:
    """A count as the page shows it (thousands grouped with "." or ",")."""
    digits = re.sub(r"\D", "", text)
    assert digits, f"no number in {text!r}"
    return int(digits)


def _preview_counts(page) -> dict[str, int]:
    pairs = page.locator("#import-status .stat").evaluate_all(
        """els => els.map(e => [e.querySelector('span:not(.num)').textContent.trim(),
                                e.querySelector('.num').textContent.trim()])"""
    )
    return {label: _number(value) for label, value in pairs}


def _log_in(page, username: str, password: str) -> None:
    page.goto("/tai-khoan/dang-nhap/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("main form.form").get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
    expect(page).not_to_have_url(re.compile(r"/tai-khoan/dang-nhap/"))
    expect(page.locator(".user-box .who")).to_be_visible()


def test_officer_imports_finds_and_audits_an_enterprise(browser_page, results_dir, tmp_path):
    page = browser_page
    workbook = tmp_path / "doanh-nghiep-nhap-thu.xlsx"
    total, distinct_code = build_workbook(workbook)

    _log_in(page, "canbo", settings.DEMO_PASSWORD)

    # Upload ---------------------------------------------------------------------------
    page.goto("/so-dang-ky/nhap/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nhập dữ liệu từ bảng tính")
    page.locator("select[name=kind]").select_option(label="Doanh nghiệp")
    page.locator("input[name=file]").set_input_files(workbook)
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    expect(page).to_have_url(re.compile(r"/so-dang-ky/nhap/\d+/$"))
    job_url = page.url

    # Background validation, shown with a progress bar ----------------------------------
    status = page.locator("#import-status")
    expect(status).to_have_attribute("data-status", re.compile(r"^(validating|validated)$"))
    expect(page.locator("#import-status .progress[role=progressbar]")).to_be_visible()
    expect(page.locator('#import-status[data-status="validated"]')).to_be_visible(
        timeout=JOB_TIMEOUT
    )
    expect(page.locator("#import-status .progress[role=progressbar]")).to_have_attribute(
        "aria-valuenow", "100"
    )

    # Preview --------------------------------------------------------------------------
    counts = _preview_counts(page)
    assert counts == {
        "dòng dữ liệu": total,
        "dòng hợp lệ": total,
        "dòng bị từ chối": 0,
        "sẽ thêm mới": total,
        "sẽ cập nhật": 0,
        "không đổi": 0,
    }, counts
    expect(page.locator("table.errors")).to_have_count(0)
    page.screenshot(path=results_dir / "import-job-validated.png", full_page=True)

    # Commit ---------------------------------------------------------------------------
    commit = page.get_by_role("button", name=re.compile(r"^Nhập [\d.,\s]+ dòng hợp lệ$"))
    expect(commit).to_be_enabled()
    assert _number(commit.inner_text()) == total
    commit.click()
    expect(page).to_have_url(job_url)
    expect(page.locator('#import-status[data-status="done"]')).to_be_visible(timeout=JOB_TIMEOUT)
    expect(page.locator("#import-status")).to_contain_text(
        f"Đã nhập xong: thêm {total}, cập nhật 0, không đổi 0."
    )
    page.screenshot(path=results_dir / "import-job-done.png", full_page=True)

    # Find the enterprise by typing without diacritics (HTMX swaps #results) ------------
    page.goto("/so-dang-ky/doanh-nghiep/")
    page.evaluate("window.__sameDocument = true")
    page.locator("input[name=q]").press_sequentially(DISTINCT_QUERY, delay=20)
    results = page.locator("#results")
    link = results.get_by_role("link", name=DISTINCT_NAME, exact=True)
    expect(link).to_be_visible()
    expect(results.locator("tbody tr")).to_have_count(1)
    expect(results.locator("tbody tr")).to_contain_text(distinct_code)
    assert page.evaluate("window.__sameDocument === true"), "the search reloaded the page"
    # hx-push-url: the address bar keeps the search (spaces as "+" or "%20").
    expect(page).to_have_url(re.compile(r"[?&]q=khoa(\+|%20)viet(\+|%20)tiep(\+|%20)thu"))
    link.click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(DISTINCT_NAME)
    expect(page.locator("dl.facts")).to_contain_text(distinct_code)

    # Its history: created by the import, by canbo -------------------------------------
    page.get_by_role("link", name="Lịch sử thay đổi").click()
    expect(page).to_have_url(re.compile(r"/so-dang-ky/doanh-nghiep/\d+/lich-su/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(DISTINCT_NAME)
    # The history says the step in words (the audit action enterprise.import_create) and
    # names the officer.
    entry = page.locator("table.audit tbody tr").filter(
        has=page.locator("td:nth-child(3)", has_text=re.compile(r"^Thêm doanh nghiệp từ tệp nhập$"))
    )
    expect(entry).to_have_count(1)
    expect(entry.locator("td").nth(1)).to_have_text("Nguyễn Văn An (mẫu)")
    expect(page.locator("main")).not_to_contain_text("import_create")
    expect(entry).to_contain_text(DISTINCT_NAME)
    page.screenshot(path=results_dir / "enterprise-history.png", full_page=True)

    assert page.js_errors == []


def test_visitor_is_sent_to_login_and_home_is_vietnamese(browser_page):
    page = browser_page
    page.goto("/so-dang-ky/doanh-nghiep/")
    expect(page).to_have_url(
        re.compile(r"/tai-khoan/dang-nhap/\?next=(/|%2F)so-dang-ky(/|%2F)doanh-nghiep(/|%2F)$")
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng nhập")
    expect(page.locator("input[name=password]")).to_be_visible()

    response = page.goto("/")
    assert response is not None
    assert response.status == 200
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.locator(".user-box").get_by_role("link", name="Đăng nhập")).to_be_visible()
    assert page.js_errors == []
