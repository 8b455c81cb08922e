"""The council's scoring round in a real browser: two members, the secretary, the results.

This year's demo council is scoring: ``hoidong2`` has scored every dossier and submitted,
``hoidong`` has scored nothing. ``hoidong2`` changes the three scores of the first dossier
of the sheet and submits again; ``hoidong`` opens the same sheet and sees only their own
(empty) cells, never the other member's values, scores the dossier, is refused an
out-of-range score inline and cannot reach the results. The secretary reads the progress
(counts only) and closes the round; the results page shows the combined (mean) scores of
the dossier, a total that adds up, and the XLSX export agrees. Once locked, a member reads
the ranking and their own scores; the chair then reopens the assessment with a reason (a
dossier still has to come in), and the campaign is back to scoring for the journeys after.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.conf import settings
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

FIRST_MEMBER = "hoidong2"  # scored everything and submitted
SECOND_MEMBER = "hoidong"  # scored nothing yet
SECRETARY = "thuky"
CHAIR = "chutich"
REOPEN_REASON = "Có hồ sơ được kết luận đủ điều kiện sau khi khóa điểm"
JUDGED = ("K5", "K6", "K7")
# What each member types for the chosen dossier (as a Vietnamese types decimals).
FIRST_SCORES = {"K5": "13,5", "K6": "9,5", "K7": "6,5"}
SECOND_SCORES = {"K5": "12", "K6": "11", "K7": "8"}
# The campaign combines the members' scores by their mean.
COMBINED = {"K5": "12,75", "K6": "10,25", "K7": "7,25"}
OUT_OF_RANGE = ("K7", "99")  # K7 is scored 0–10
RANGE_ERROR = "phải từ 0 đến"
FORBIDDEN = "Bạn không có quyền xem trang này"


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


def _this_year() -> int:
    """The current year where the program runs (the demo opens that year's campaign)."""
    return dt.datetime.now(ZoneInfo(settings.TIME_ZONE)).year


def _open_current_council(page) -> int:
    """Header "Hội đồng" → this year's council; its id."""
    page.locator("nav.main-nav").get_by_role("link", name="Hội đồng").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hội đồng đánh giá")
    council = page.locator("main ul.plain a").filter(has_text=re.compile(rf"năm {_this_year()}$"))
    expect(council).to_have_count(1)
    council.click()
    expect(page).to_have_url(re.compile(r"/hoi-dong/\d+/$"))
    return int(re.search(r"/hoi-dong/(\d+)/$", page.url).group(1))


def _open_sheet(page, council_pk: int) -> None:
    page.get_by_role("link", name="Phiếu chấm của tôi").click()
    expect(page).to_have_url(re.compile(rf"/hoi-dong/{council_pk}/cham/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Phiếu chấm của")
    expect(page.locator("table.scoring")).to_be_visible()


def _sheet_rows(page):
    return page.locator("table.scoring tbody tr")


def _sheet_row(page, council_pk: int, dossier_pk: int):
    link = page.locator(f'a[href="/hoi-dong/{council_pk}/ho-so/{dossier_pk}/"]')
    return _sheet_rows(page).filter(has=link)


def _score_input(row, code: str):
    return row.locator(f'input[name=value][aria-label^="{code} — "]')


def _sheet_count(page):
    """The "Đã chấm d / e ô." line of the sheet."""
    return page.locator("main p").filter(has_text="Đã chấm")


def _type_score(page, row, dossier_pk: int, code: str, text: str):
    """Type a score into a cell and leave it (Tab): the cell saves itself (HTMX) on change.
    Returns the server's answer."""
    # A previous save may still be swapping its cell in (HTMX settles after a short delay):
    # typing into the element about to be replaced would send nothing.
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    )
    cell = _score_input(row, code)

    def is_score_save(response) -> bool:
        request = response.request
        return (
            request.method == "POST"
            and f"/ho-so/{dossier_pk}/diem/" in request.url
            and request.headers.get("hx-request") == "true"
        )

    with page.expect_response(is_score_save) as answer:
        cell.fill(text)
        cell.press("Tab")
    return answer.value


def _score(page, row, dossier_pk: int, code: str, text: str) -> None:
    response = _type_score(page, row, dossier_pk, code, text)
    assert response.status == 200, (code, text, response.status)
    cell = _score_input(row, code)  # the cell was swapped for the server's
    expect(cell).to_have_class(re.compile(r"(^|\s)saved(\s|$)"))
    expect(cell).to_have_value(text)
    expect(row.locator(".error")).to_have_count(0)


def _number(text: str) -> Decimal:
    """A number as the pages show it: "1.234,5" → 1234.5."""
    text = text.strip()
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    return Decimal(text)


# The journey -------------------------------------------------------------------------


def test_members_score_independently_secretary_closes_and_results_add_up(
    browser_page, results_dir, tmp_path
):
    page = browser_page
    year = _this_year()

    # 1. hoidong2 changes the three scores of the first dossier and submits again -----
    _log_in(page, FIRST_MEMBER)
    first_name = page.locator(".user-box .who").inner_text().strip()
    council_pk = _open_current_council(page)
    expect(page.locator("main")).to_contain_text("đang chấm")
    _open_sheet(page, council_pk)
    expect(page.locator("main .status")).to_have_text("Đã nộp phiếu")
    headers = page.locator("table.scoring thead th").all_inner_texts()
    assert [h.split()[0] for h in headers[1:-1]] == list(JUDGED), headers
    rows = _sheet_rows(page)
    dossiers = rows.count()
    assert dossiers > 0, "the demo's current council has no dossiers to score"
    expect(_sheet_count(page)).to_contain_text(f"Đã chấm {3 * dossiers} / {3 * dossiers} ô.")
    link = rows.first.locator("td").first.get_by_role("link")
    href = link.get_attribute("href")
    dossier_pk = int(re.fullmatch(rf"/hoi-dong/{council_pk}/ho-so/(\d+)/", href).group(1))
    product = link.inner_text().strip()
    row = _sheet_row(page, council_pk, dossier_pk)
    for code in JUDGED:  # the demo scored it already
        expect(_score_input(row, code)).not_to_have_value("")
    # The first change of a submitted sheet asks first: it takes the sheet back to draft.
    asked = []

    def confirm(dialog) -> None:
        asked.append(dialog.message)
        dialog.accept()

    page.once("dialog", confirm)
    for code in JUDGED:
        _score(page, row, dossier_pk, code, FIRST_SCORES[code])
    assert len(asked) == 1 and "chưa nộp" in asked[0], asked
    # The answer to that change showed the draft at once, with why.
    expect(page.locator("main .status")).to_have_text("Chưa nộp phiếu")
    expect(page.locator("#sheet-status")).to_contain_text("sửa điểm sau khi nộp")

    # The scores stay; changing one reopened the sheet, so it is submitted again.
    page.reload()
    row = _sheet_row(page, council_pk, dossier_pk)
    for code in JUDGED:
        assert _number(_score_input(row, code).input_value()) == _number(FIRST_SCORES[code])
    expect(page.locator("main .status")).to_have_text("Chưa nộp phiếu")
    page.get_by_role("button", name="Nộp phiếu chấm").click()
    expect(page.locator(".messages")).to_contain_text("Đã nộp phiếu chấm.")
    expect(page.locator("main .status")).to_have_text("Đã nộp phiếu")
    _log_out(page)

    # 2. hoidong sees only their own (empty) cells, scores, is refused 99 ---------------
    _log_in(page, SECOND_MEMBER)
    second_name = page.locator(".user-box .who").inner_text().strip()
    assert _open_current_council(page) == council_pk
    expect(page.get_by_role("link", name="Kết quả, xếp hạng")).to_have_count(0)
    _open_sheet(page, council_pk)
    expect(_sheet_rows(page)).to_have_count(dossiers)
    expect(_sheet_count(page)).to_contain_text(f"Đã chấm 0 / {3 * dossiers} ô.")
    row = _sheet_row(page, council_pk, dossier_pk)
    expect(row).to_have_count(1)
    values = row.locator("input[name=value]")
    expect(values).to_have_count(len(JUDGED))
    seen = values.evaluate_all("inputs => inputs.map(i => i.value)")
    assert seen == [""] * len(JUDGED), seen
    comments = row.locator("input[name=comment]").evaluate_all("xs => xs.map(i => i.value)")
    assert comments == [""] * len(JUDGED), comments
    expect(row.locator("input.saved")).to_have_count(0)

    for code in JUDGED:
        _score(page, row, dossier_pk, code, SECOND_SCORES[code])

    code, wrong = OUT_OF_RANGE
    response = _type_score(page, row, dossier_pk, code, wrong)
    assert response.status == 422, response.status
    error = row.get_by_role("alert")
    expect(error).to_contain_text(RANGE_ERROR)
    expect(error).to_contain_text(f"Điểm tiêu chí {code} phải từ 0 đến 10")
    expect(_score_input(row, code)).to_have_class(re.compile(r"(^|\s)invalid(\s|$)"))
    page.screenshot(path=results_dir / "council-sheet-member.png", full_page=True)

    # Not saved: the sheet, read again, still has the score typed before.
    page.reload()
    row = _sheet_row(page, council_pk, dossier_pk)
    expect(_sheet_count(page)).to_contain_text(f"Đã chấm {len(JUDGED)} / {3 * dossiers} ô.")
    for code in JUDGED:
        assert _number(_score_input(row, code).input_value()) == _number(SECOND_SCORES[code])
    expect(row.get_by_role("alert")).to_have_count(0)

    # The results are not offered, and typing their address is refused.
    page.get_by_role("link", name=re.compile(r"^‹ ")).click()
    expect(page).to_have_url(re.compile(rf"/hoi-dong/{council_pk}/$"))
    expect(page.get_by_role("link", name="Kết quả, xếp hạng")).to_have_count(0)
    expect(page.get_by_role("button", name="Khóa vòng chấm và tính kết quả")).to_have_count(0)
    refused = page.goto(f"/hoi-dong/{council_pk}/ket-qua/")
    assert refused.status == 403, refused.status
    expect(page.get_by_role("heading", level=1)).to_have_text(FORBIDDEN)
    export = page.request.get(f"/hoi-dong/{council_pk}/ket-qua.xlsx")
    assert export.status == 403, export.status
    page.go_back()
    _log_out(page)

    # 3. The secretary reads the progress (counts only) and closes the round -----------
    _log_in(page, SECRETARY)
    assert _open_current_council(page) == council_pk
    expect(page.get_by_role("link", name="Kết quả, xếp hạng")).to_have_count(0)
    expect(page.get_by_role("heading", name=re.compile(r"^Tiến độ chấm"))).to_be_visible()
    progress = page.locator("table.table").filter(has_text="Ô điểm đã có / cần có")
    expect(progress.locator("tbody tr")).to_have_count(len(JUDGED))
    for code in JUDGED:
        cells = (
            progress.locator("tbody tr").filter(has_text=re.compile(rf"^\s*{code}\s")).locator("td")
        )
        expect(cells.nth(1)).to_have_text("2")  # two members score each criterion
        expect(cells.nth(2)).to_have_text(f"{dossiers + 1} / {2 * dossiers}")
    per_dossier = page.locator("details").filter(has=page.locator("summary", has_text="Theo hồ sơ"))
    per_dossier.locator("summary").click()
    by_dossier = per_dossier.locator("table tbody tr")
    expect(by_dossier).to_have_count(dossiers)
    for text in by_dossier.locator("td:nth-child(2)").all_inner_texts():
        assert re.fullmatch(r"\d+ / \d+", text.strip()), text
    mine = by_dossier.filter(has=page.locator("td:first-child", has_text=product))
    if mine.count() == 1:  # product names are not guaranteed to be unique
        expect(mine.locator("td").nth(1)).to_have_text(f"{2 * len(JUDGED)} / {2 * len(JUDGED)}")
    submitted = page.locator("main p").filter(has_text="Phiếu đã nộp")
    expect(submitted).to_contain_text(f"{first_name} ✔")
    expect(submitted).to_contain_text(f"{second_name} ✘")
    # Counts only: no score cell, none of the members' values.
    main_text = page.locator("main").inner_text()
    expect(page.locator("main input[name=value]")).to_have_count(0)
    for value in (*FIRST_SCORES.values(), *COMBINED.values()):
        assert value not in main_text, value
    page.screenshot(path=results_dir / "council-progress-secretary.png", full_page=True)

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Khóa vòng chấm và tính kết quả").click()
    expect(page).to_have_url(re.compile(rf"/hoi-dong/{council_pk}/$"))
    expect(page.locator(".messages")).to_contain_text("Đã lưu.")
    expect(page.locator("main")).to_contain_text("Không có vòng chấm đang mở")
    expect(page.get_by_role("button", name="Khóa vòng chấm và tính kết quả")).to_have_count(0)
    results_link = page.get_by_role("link", name="Kết quả, xếp hạng")
    expect(results_link).to_be_visible()

    # 4. The results: combined scores, a total that adds up, the same in the XLSX -------
    results_link.click()
    expect(page).to_have_url(re.compile(rf"/hoi-dong/{council_pk}/ket-qua/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Kết quả và xếp hạng — {year}")
    ranking = page.locator("table#ranking")
    columns = [h.strip() for h in ranking.locator("thead th").all_inner_texts()]
    codes = [f"K{i}" for i in range(1, 8)]
    assert all(code in columns for code in codes), columns
    expect(ranking.locator("tbody tr[data-dossier]")).to_have_count(dossiers)
    result = ranking.locator(f'tbody tr[data-dossier="{dossier_pk}"]')
    expect(result).to_have_count(1)
    expect(result.locator("td").nth(1)).to_contain_text(product)
    cells = result.locator("td")
    for code, shown in COMBINED.items():
        expect(cells.nth(columns.index(code))).to_have_text(shown)
    components = {code: _number(cells.nth(columns.index(code)).inner_text()) for code in codes}
    total_text = cells.nth(columns.index("Tổng")).inner_text()
    total = _number(total_text)
    assert total == sum(components.values()), (total_text, components)
    assert result.locator(".error").count() == 0, result.inner_text()  # nothing missing
    page.screenshot(path=results_dir / "council-results.png", full_page=True)

    with page.expect_download() as download:
        page.get_by_role("link", name="Xuất XLSX").click()
    assert download.value.suggested_filename == f"xep-hang-{year}.xlsx"
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    sheet = openpyxl.load_workbook(saved, read_only=True).active
    table = list(sheet.iter_rows(values_only=True))
    header = list(table[0])
    by_pk = {r[header.index("Mã hồ sơ")]: r for r in table[1:]}
    assert len(by_pk) == dossiers, sorted(by_pk)
    line = by_pk[dossier_pk]
    assert Decimal(str(line[header.index("Tổng điểm")])) == total, (line, total_text)
    for code, shown in COMBINED.items():
        column = next(i for i, name in enumerate(header) if name.startswith(f"{code} "))
        assert Decimal(str(line[column])) == _number(shown), (code, line)
    _log_out(page)

    # 5. Once locked, a member sees the ranking and their own scores, each of which links to
    # a correction the chair decides ------------------------------------------------------
    _log_in(page, SECOND_MEMBER)
    assert _open_current_council(page) == council_pk
    page.get_by_role("link", name="Kết quả, xếp hạng").click()
    expect(page).to_have_url(re.compile(rf"/hoi-dong/{council_pk}/ket-qua/$"))
    expect(page.locator("table#ranking tbody tr[data-dossier]")).to_have_count(dossiers)
    own = page.locator(f'#own-scores tr[data-dossier="{dossier_pk}"]')
    for code in JUDGED:
        cell = own.locator(f'td[data-criterion="{code}"]')
        expect(cell.locator(".value")).to_have_text(
            f"{_number(SECOND_SCORES[code]):.2f}".replace(".", ",")
        )
        expect(cell.get_by_role("link", name=re.compile(r"^Đề nghị điều chỉnh"))).to_be_visible()
    expect(page.get_by_role("link", name="Xuất XLSX")).to_have_count(0)
    _log_out(page)

    # 6. A dossier still has to come in: screening is refused while the scores are locked,
    # so the chair reopens the assessment with a reason; scoring is under way again -------
    _log_in(page, CHAIR)
    assert _open_current_council(page) == council_pk
    expect(page.locator("[data-stage]").first).to_have_text("Đã khóa điểm, chờ công bố")
    page.locator("details#reopen summary").click()
    page.locator("details#reopen textarea[name=reason]").fill(REOPEN_REASON)
    page.get_by_role("button", name="Mở lại việc đánh giá").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu.")
    expect(page.locator("[data-stage]").first).to_have_text("Hội đồng đang chấm điểm")
    expect(page.locator("main")).to_contain_text("đang chấm")
    _log_out(page)

    assert page.js_errors == []
