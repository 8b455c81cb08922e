"""Support after recognition, in a real browser, by four people.

The officer reads this year's support figures. A representative of a recognised demo
enterprise that the demo left without support this year (``doanhnghiep3``) requests
support under a policy open to every registered enterprise and raises a difficulty. The
officer approves the request and records the support in the same step, and routes the
difficulty to the Department of Science and Technology; that department's officer
(``sokhcn``) finds it among the difficulties routed to their agency and answers it; the
representative confirms it resolved. On the figures page the coverage has gained one
enterprise and the year's difficulties one more resolved on time.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

OFFICER = "canbo"
AGENCY_OFFICER = "sokhcn"
REPRESENTATIVE = "doanhnghiep3"  # chuluc.demo.support.JOURNEY_REP
POLICY = "Tư vấn tiết kiệm năng lượng, sản xuất sạch hơn (mẫu)"
REQUEST_TEXT = "Đề nghị Sở tư vấn kiểm toán năng lượng cho nhà máy ở Đông Anh (thử nghiệm)."
DIFFICULTY_TITLE = "Chậm thẩm định công nghệ dây chuyền sơn tĩnh điện (thử nghiệm)"
ANSWER = "Sở KH&CN đã thẩm định xong; mời doanh nghiệp nhận kết quả tại bộ phận một cửa."
FIGURE_IDS = ("coverage-reached", "coverage-counted", "d-total", "d-on-time", "d-open")


def _today() -> dt.date:
    return dt.datetime.now(tz=ZoneInfo(settings.TIME_ZONE)).date()


def _log_in(page, username: str) -> None:
    page.goto("/tai-khoan/dang-nhap/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(settings.DEMO_PASSWORD)
    page.locator("main form.form").get_by_role("button", name="Đăng nhập").click()
    expect(page).not_to_have_url(re.compile(r"/tai-khoan/dang-nhap/"))


def _person(chromium_browser, server, username: str):
    context = chromium_browser.new_context(
        base_url=server.url, locale="vi-VN", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors
    _log_in(page, username)
    return context, page


def _figures(page) -> dict[str, int]:
    page.goto("/ho-tro/so-lieu/")
    expect(page.locator("h1")).to_contain_text(str(_today().year))
    return {key: int(page.locator(f"#{key}").inner_text().strip()) for key in FIGURE_IDS}


def test_request_support_raise_difficulty_and_watch_the_figures(
    browser_page, chromium_browser, chuluc_server
):
    officer = browser_page
    _log_in(officer, OFFICER)
    before = _figures(officer)
    rep_context, rep = _person(chromium_browser, chuluc_server, REPRESENTATIVE)
    agency_context, agency = _person(chromium_browser, chuluc_server, AGENCY_OFFICER)
    try:
        # The representative requests support through the navigation, in Vietnamese.
        rep.get_by_role("link", name="Hỗ trợ", exact=True).click()
        rep.get_by_role("link", name="Gửi đề nghị hỗ trợ").first.click()
        form = rep.locator("#request-form")
        form.get_by_label("Chính sách hỗ trợ").select_option(label=POLICY)
        form.get_by_label("Nội dung đề nghị").fill(REQUEST_TEXT)
        form.get_by_role("button", name="Gửi đề nghị").click()
        expect(rep.locator(".messages")).to_contain_text("Đã gửi đề nghị hỗ trợ")
        expect(rep.locator("#request-status")).to_have_text("Chờ xử lý")
        request_url = rep.url

        # ... and raises a difficulty.
        rep.get_by_role("link", name="Hỗ trợ", exact=True).click()
        rep.get_by_role("link", name="Gửi vướng mắc").first.click()
        form = rep.locator("#difficulty-form")
        form.get_by_label("Lĩnh vực").select_option(label="Thủ tục hành chính")
        form.get_by_label("Tóm tắt").fill(DIFFICULTY_TITLE)
        form.get_by_label("Nội dung vướng mắc").fill(
            "Hồ sơ thẩm định công nghệ nộp từ tháng trước chưa có kết quả."
        )
        form.get_by_role("button", name="Gửi vướng mắc").click()
        expect(rep.locator("#difficulty-status")).to_have_text("Đã tiếp nhận")
        difficulty_url = rep.url
        middle = _figures(officer)
        assert middle["d-total"] == before["d-total"] + 1
        assert middle["d-open"] == before["d-open"] + 1
        assert middle["coverage-reached"] == before["coverage-reached"]

        # The officer approves the request and records the support in the same step.
        officer.goto(request_url)
        expect(officer.locator("main")).to_contain_text(REQUEST_TEXT)
        form = officer.locator("#decide-form")
        form.get_by_label("Quyết định").select_option(label="Chấp thuận")
        expect(form.get_by_label("Ghi sổ hỗ trợ ngay")).to_be_checked()
        form.get_by_label("Ngày hỗ trợ").fill(_today().isoformat())
        form.get_by_label("Hình thức").select_option(label="Tư vấn, chuyên gia")
        form.get_by_label("Số lượng").fill("1")
        form.get_by_label("Kinh phí (đồng)").fill("25000000")
        form.get_by_role("button", name="Lưu quyết định").click()
        expect(officer.locator("#request-status")).to_contain_text("Đã chấp thuận")
        expect(officer.locator("#request-record")).to_contain_text("25.000.000")

        # ... and routes the difficulty to the Department of Science and Technology.
        officer.goto(difficulty_url)
        form = officer.locator("#move-form")
        form.get_by_label("Bước tiếp theo").select_option(label="Đã chuyển cơ quan xử lý")
        form.get_by_label("Cơ quan").select_option(label="Sở KH&CN")
        form.get_by_role("button", name="Cập nhật").click()
        expect(officer.locator("#difficulty-status")).to_have_text("Đã chuyển cơ quan xử lý")
        expect(officer.locator("#difficulty-agency")).to_contain_text("Sở Khoa học và Công nghệ")

        # The department's officer finds it among what is routed to them, and answers.
        agency.get_by_role("link", name="Hỗ trợ", exact=True).click()
        agency.locator("#support-sections").get_by_role(
            "link", name="Vướng mắc", exact=True
        ).click()
        agency.get_by_role("link", name=DIFFICULTY_TITLE).click()
        form = agency.locator("#move-form")
        form.get_by_label("Bước tiếp theo").select_option(label="Đã trả lời")
        form.get_by_label("Nội dung (trả lời, lý do)").fill(ANSWER)
        form.get_by_role("button", name="Cập nhật").click()
        expect(agency.locator("#difficulty-answer")).to_contain_text(ANSWER)
        expect(agency.locator("#move-form")).to_have_count(0)  # nothing left for them

        # The representative reads the answer and confirms the difficulty resolved.
        rep.goto(difficulty_url)
        expect(rep.locator("#difficulty-answer")).to_contain_text(ANSWER)
        expect(rep.locator("#move-form")).to_have_count(0)  # never the officers' form
        rep.get_by_role("button", name="Xác nhận đã giải quyết").click()
        expect(rep.locator("#difficulty-status")).to_have_text("Đã giải quyết")
        expect(rep.locator("#difficulty-history")).to_contain_text("Sở KH&CN")

        # The representative's support page shows what the enterprise received.
        rep.get_by_role("link", name="Hỗ trợ", exact=True).click()
        rep.locator("main ul.plain a").first.click()
        expect(rep.locator("#enterprise-records")).to_contain_text(POLICY)
        expect(rep.locator("#enterprise-difficulties")).to_contain_text(DIFFICULTY_TITLE)

        # The figures moved accordingly.
        after = _figures(officer)
        assert after["coverage-reached"] == before["coverage-reached"] + 1
        assert after["coverage-counted"] == before["coverage-counted"]
        assert after["d-total"] == before["d-total"] + 1
        assert after["d-on-time"] == before["d-on-time"] + 1
        assert after["d-open"] == before["d-open"]
        assert officer.js_errors == rep.js_errors == agency.js_errors == []
    finally:
        rep_context.close()
        agency_context.close()
