"""Steps that several browser journeys take the same way: a visitor's public comment and the
officer's moderation and answer of it; reading a certificate's QR code."""

from __future__ import annotations

import re

import pypdfium2
import zxingcpp
from playwright.sync_api import expect


def send_public_comment(visitor, year: int, text: str) -> None:
    """A visitor comments on ``year``'s published result, answering the page's challenge."""
    visitor.goto(f"/lay-y-kien/{year}/")
    form = visitor.locator("#comment-form")
    form.locator("select[name=entry]").select_option(index=1)
    form.locator("input[name=author_name]").fill("Lê Thị Dân")
    form.locator("input[name=author_contact]").fill("le.thi.dan@example.vn")
    form.locator("textarea[name=text]").fill(text)
    question = form.locator("label[for=id_answer]").inner_text()
    a, b = (int(n) for n in re.findall(r"\d+", question)[:2])
    form.locator("input[name=answer]").fill(str(a + b))
    visitor.wait_for_timeout(1_200)  # a person takes longer than the minimum
    form.get_by_role("button", name="Gửi góp ý").click()
    expect(visitor.locator("body")).to_contain_text("Sở Công Thương đã nhận góp ý")


def publish_and_answer(page, text: str, answer: str) -> None:
    """On the publication page, the officer opens the first comment, makes it public and
    answers it."""
    page.get_by_role("link", name=re.compile("Góp ý")).first.click()
    page.locator("#comments tbody tr a").first.click()
    expect(page.locator("#comment-text")).to_contain_text(text)
    page.locator("#moderate-form select[name=status]").select_option("published")
    page.locator("#moderate-form").get_by_role("button").click()
    expect(page.locator("#comment-status")).to_have_text("Đã công khai")
    page.locator("#answer-form textarea[name=answer]").fill(answer)
    page.locator("#answer-form select[name=effect]").select_option("none")
    page.locator("#answer-form").get_by_role("button").click()
    expect(page.locator("#comment-answer")).to_contain_text(answer)


def read_qr(content: bytes) -> str:
    """The text of the QR code on a PDF's first page, as a phone's camera reads it."""
    image = pypdfium2.PdfDocument(content)[0].render(scale=3).to_pil()
    found = zxingcpp.read_barcodes(image)
    assert found, "no QR code found on the certificate"
    return found[0].text
