"""From the council's result to a certificate anyone can verify, in a real browser.

The demo leaves last year's campaign scored and closed but unpublished. The officer
publishes its result for comment; a visitor sends a comment through the public page
(answering its challenge); the officer publishes the comment and answers it. The comment
window then ends (the test moves the publication's deadline into the past through the
server's own command line: ten days cannot pass in a test). The officer downloads the draft
decision, enters the signed decision, downloads a certificate: the QR code read from the
PDF (rendered and decoded, not taken from the generator) opens the public verification page,
which says the certificate is valid. After the officer revokes the recognition, the same
page says it is revoked.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

import docx
import pypdfium2
import pytest
import zxingcpp
from django.conf import settings
from playwright.sync_api import expect

from tests.e2e.pages import publish_and_answer, send_public_comment

pytestmark = pytest.mark.browser

OFFICER = "canbo"
COMMENT = "Đề nghị Sở kiểm tra lại giấy chứng nhận chất lượng của sản phẩm này."
ANSWER = "Sở đã kiểm tra: giấy chứng nhận còn hiệu lực đến năm sau."
DECISION_NUMBER = "5678/QĐ-UBND"


def _today() -> dt.date:
    """Today where the program runs (the server's time zone)."""
    return dt.datetime.now(tz=ZoneInfo(settings.TIME_ZONE)).date()


def _log_in(page, username: str) -> None:
    page.goto("/tai-khoan/dang-nhap/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(settings.DEMO_PASSWORD)
    page.locator("main form.form").get_by_role("button", name="Đăng nhập").click()
    expect(page).not_to_have_url(re.compile(r"/tai-khoan/dang-nhap/"))


def _qr_from_pdf(content: bytes) -> str:
    pdf = pypdfium2.PdfDocument(content)
    image = pdf[0].render(scale=3).to_pil()
    found = zxingcpp.read_barcodes(image)
    assert found, "no QR code found on the certificate"
    return found[0].text


def _visitor(chromium_browser, server):
    context = chromium_browser.new_context(base_url=server.url, locale="vi-VN")
    context.set_default_timeout(15_000)
    return context, context.new_page()


def test_result_to_verified_and_revoked_certificate(browser_page, chromium_browser, chuluc_server):
    page = browser_page
    year = _today().year - 1  # the latest closed demo campaign
    _log_in(page, OFFICER)

    # The officer publishes last year's result for comment.
    page.goto("/dot-xet-chon/")
    page.get_by_role("link", name=re.compile(str(year))).first.click()
    page.get_by_role("link", name="Công bố và công nhận").click()
    passing = page.locator("#passing tbody tr")
    expect(passing.first).to_be_visible()
    page.locator("#publish-form textarea").fill("Góp ý gửi qua cổng thông tin của Sở.")
    page.get_by_role("button", name="Công bố để lấy ý kiến").click()
    expect(page.locator("#publication-status")).to_contain_text("nhận góp ý đến")
    campaign_url = page.url
    products = page.locator("#published-entries tbody tr td:nth-child(2)").all_inner_texts()
    assert products

    # A visitor comments through the public page, answering the challenge.
    context, visitor = _visitor(chromium_browser, chuluc_server)
    try:
        visitor.goto(f"/lay-y-kien/{year}/")
        expect(visitor.locator("#published-list")).to_contain_text(products[0])
        send_public_comment(visitor, year, COMMENT)
        expect(visitor.locator("body")).not_to_contain_text(COMMENT)  # pre-moderated

        # The officer publishes the comment and answers it.
        page.goto(campaign_url)
        publish_and_answer(page, COMMENT, ANSWER)

        visitor.goto(f"/lay-y-kien/{year}/")
        expect(visitor.locator("#public-comments")).to_contain_text(COMMENT)
        expect(visitor.locator("#public-comments")).to_contain_text(ANSWER)
        expect(visitor.locator("body")).not_to_contain_text("le.thi.dan@example.vn")

        # Ten days pass: the comment window ends.
        chuluc_server.manage(
            "shell",
            "-c",
            "import datetime as dt; from django.utils import timezone; "
            "from chuluc.decisions.models import Publication; "
            f"Publication.objects.filter(campaign__year={year}).update("
            "comments_close_at=timezone.now() - dt.timedelta(days=1))",
        )

        # The officer downloads the draft decision, then enters the signed one.
        page.goto(campaign_url.replace("/cong-bo/", "/quyet-dinh/"))
        with page.expect_download() as download:
            page.get_by_role("link", name="Dự thảo quyết định (DOCX)").click()
        draft = docx.Document(io.BytesIO(download.value.path().read_bytes()))
        text = "\n".join(p.text for p in draft.paragraphs) + "\n".join(
            cell.text for table in draft.tables for row in table.rows for cell in row.cells
        )
        assert products[0] in text
        form = page.locator("#decision-form")
        form.locator("input[name=number]").fill(DECISION_NUMBER)
        form.locator("input[name=signed_on]").fill(_today().isoformat())
        form.locator("input[name=signer_name]").fill("Nguyễn Văn Ký")
        form.locator("input[name=signer_title]").fill("Phó Chủ tịch UBND Thành phố")
        form.get_by_role("button", name="Nhập quyết định đã ký").click()
        expect(page.locator("#decision-entered")).to_contain_text(DECISION_NUMBER)

        # A certificate: its QR code, read from the PDF, opens the verification page.
        first = page.locator("#recognitions tbody tr").first
        with page.expect_download() as download:
            first.locator("td:nth-child(4) a").first.click()
        url = _qr_from_pdf(download.value.path().read_bytes())
        assert url.startswith(chuluc_server.url + "/xac-minh/")
        visitor.goto(url)
        expect(visitor.locator("main")).to_contain_text("Còn hiệu lực")
        expect(visitor.locator("main")).to_contain_text(DECISION_NUMBER)

        # The officer revokes the recognition: the same page now says so.
        first.locator("td:nth-child(2) a").click()
        page.locator("#revoke-form").evaluate("form => form.closest('details').open = true")
        page.locator("#revoke-form textarea[name=reason]").fill("Doanh nghiệp vi phạm cam kết")
        page.locator("#revoke-form input[name=decision_ref]").fill("99/QĐ-UBND")
        page.locator("#revoke-form").get_by_role("button", name="Thu hồi").click()
        expect(page.locator("#recognition-validity")).to_contain_text("Đã thu hồi")
        visitor.goto(url)
        expect(visitor.locator("main")).to_contain_text("Đã thu hồi")
        expect(visitor.locator("main")).not_to_contain_text("Còn hiệu lực")
    finally:
        context.close()
    assert page.js_errors == []
