"""The page frame measured in a real browser: the officer's menu on one line of a laptop
screen, the folded menu of a phone, and charts that fit the screen with a visible title
and a table of their figures."""

from __future__ import annotations

import os
import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    # Layout is the pages' markup and CSS, the same on every database: CI measures it once,
    # in the SQLite browser step (the PostgreSQL step runs the journeys).
    pytest.mark.skipif(
        os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql")),
        reason="layout is measured in the SQLite browser run; it does not depend on the database",
    ),
]

LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
#: The tallest a phone's header may be with its menu folded: a line of brand and button.
PHONE_HEADER_MAX = 80

TOP_LEVEL_TOPS = """() => Array.from(
  document.querySelectorAll('nav.main-nav .nav-list > li'), li => li.offsetTop)"""
HEADER_HEIGHT = "() => document.querySelector('.site-header').getBoundingClientRect().height"
CHARTS = """() => Array.from(document.querySelectorAll('figure.chart'), figure => {
  const canvas = figure.querySelector('canvas');
  const box = canvas.getBoundingClientRect();
  const title = figure.querySelector('.chart-title');
  return {
    id: canvas.id,
    width: box.width,
    height: box.height,
    drawn: canvas.width > 0 && canvas.height > 0,
    title: title ? title.innerText.trim() : '',
    titleShown: !!title && title.getBoundingClientRect().height > 0,
    labelledBy: canvas.getAttribute('aria-labelledby'),
    rows: figure.querySelectorAll('details table tbody tr').length,
  };
})"""


def _page(chromium_browser, chuluc_server, viewport, username: str | None):
    context = chromium_browser.new_context(
        base_url=chuluc_server.url, locale="vi-VN", viewport=viewport
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors
    if username is None:  # a visitor
        return page
    page.goto("/tai-khoan/dang-nhap/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(settings.DEMO_PASSWORD)
    page.locator("main form.form").get_by_role("button", name="Đăng nhập").click()
    expect(page).not_to_have_url(re.compile(r"/tai-khoan/dang-nhap/"))
    return page


@pytest.fixture
def open_page(chromium_browser, chuluc_server):
    pages = []

    def opened(viewport, username: str | None):
        page = _page(chromium_browser, chuluc_server, viewport, username)
        pages.append(page)
        return page

    yield opened
    for page in pages:
        page.context.close()


def test_officer_menu_is_one_line_on_a_laptop_and_its_groups_open(open_page, results_dir):
    page = open_page(LAPTOP, "canbo")
    page.goto("/tong-quan/")
    page.screenshot(path=results_dir / "layout-officer-laptop.png")
    tops = page.evaluate(TOP_LEVEL_TOPS)
    assert len(tops) >= 4
    assert len(set(tops)) == 1, tops
    # The groups open by keyboard and show their links; Escape closes them again.
    registry = page.locator("nav.main-nav details.nav-group", has_text="Sổ đăng ký")
    enterprises = registry.get_by_role("link", name="Doanh nghiệp", exact=True)
    expect(enterprises).to_be_hidden()
    registry.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(enterprises).to_be_visible()
    page.keyboard.press("Escape")
    expect(enterprises).to_be_hidden()
    registry.locator("summary").click()
    enterprises.click()
    expect(page).to_have_url(re.compile(r"/so-dang-ky/doanh-nghiep/"))
    expect(page.locator("nav.main-nav details.nav-group.is-current summary")).to_have_text(
        "Sổ đăng ký"
    )
    assert page.js_errors == []


def test_phone_header_is_one_line_and_its_menu_opens(open_page, results_dir):
    page = open_page(PHONE, "canbo")
    page.goto("/tong-quan/")
    page.screenshot(path=results_dir / "layout-phone-folded.png")
    toggle = page.locator(".menu-toggle")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.locator("nav.main-nav")).to_be_hidden()
    assert page.evaluate(HEADER_HEIGHT) <= PHONE_HEADER_MAX
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    dashboard = page.locator("nav.main-nav").get_by_role("link", name="Tổng quan")
    expect(dashboard).to_be_visible()
    expect(page.locator(".user-box").get_by_role("button", name="Đăng xuất")).to_be_visible()
    page.locator("nav.main-nav details.nav-group summary", has_text="Xét chọn").click()
    expect(page.locator("nav.main-nav").get_by_role("link", name="Đợt xét chọn")).to_be_visible()
    page.screenshot(path=results_dir / "layout-phone-open.png")
    assert page.js_errors == []


def test_a_firms_header_keeps_one_line_on_a_laptop(open_page, results_dir):
    page = open_page(LAPTOP, "doanhnghiep1")
    page.goto("/tong-quan/")
    page.screenshot(path=results_dir / "layout-firm-laptop.png")
    tops = page.evaluate(TOP_LEVEL_TOPS)
    assert len(set(tops)) == 1, tops
    row = page.evaluate(
        "() => Array.from(document.querySelectorAll('.header-row > *'), e => e.offsetTop)"
    )
    assert max(row) - min(row) < page.evaluate(HEADER_HEIGHT) / 2, row


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_monitoring_charts_fit_the_screen_with_a_title_and_a_table(
    open_page, results_dir, viewport
):
    page = open_page(viewport, "canbo")
    page.goto("/theo-doi/")
    expect(page.locator("figure.chart canvas").first).to_be_visible()
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('figure.chart canvas'))"
        ".every(c => typeof Chart !== 'undefined' && Chart.getChart(c))"
    )
    charts = page.evaluate(CHARTS)
    assert {c["id"] for c in charts} >= {"chart-years", "chart-coverage"}
    for chart in charts:
        assert chart["drawn"], chart
        assert 0 < chart["width"] <= viewport["width"], chart
        assert 0 < chart["height"] <= viewport["height"], chart
        assert chart["title"], chart
        assert chart["titleShown"], chart
        assert chart["labelledBy"] == f"{chart['id']}-title"
    years = next(c for c in charts if c["id"] == "chart-years")
    assert years["rows"] >= 1
    table = page.locator("#chart-years-figure details")
    table.locator("summary").click()
    expect(table.locator("table")).to_be_visible()
    page.locator("#chart-coverage-figure").screenshot(
        path=results_dir / f"layout-chart-{viewport['width']}.png"
    )
    assert page.js_errors == []


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_public_directory_says_each_state_in_words_within_the_screen(
    open_page, results_dir, viewport
):
    page = open_page(viewport, None)
    page.goto("/san-pham/?hieu_luc=tat-ca")
    legend = page.locator("#validity-legend dl")
    expect(legend).to_be_visible()
    shown = legend.inner_text()
    for words in ("Còn hiệu lực", "Sắp hết hiệu lực", "Hết hiệu lực", "Đã thu hồi"):
        assert words in shown
    expect(page.locator("#products .year-mark .status").first).to_be_visible()
    expect(page.locator("select[name=hieu_luc]")).to_have_value("tat-ca")
    page.screenshot(path=results_dir / f"layout-directory-{viewport['width']}.png")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= viewport["width"]
    assert page.js_errors == []
