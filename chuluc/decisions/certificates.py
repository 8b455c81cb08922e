"""Certificates as printed: an A4 landscape PDF per certificate (reportlab, DejaVu Serif for
the Vietnamese glyphs) with a QR code (segno, drawn as vector squares with its quiet zone)
that opens the public verification page of the certificate's number. Rendering writes
nothing: ``services.certificate_files_store`` stores the files."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph

from chuluc.core.documents import FONT_DIR, MOTTO, draw_qr, pdf_fonts, place_date_line
from chuluc.core.formatting import vn_date
from chuluc.core.text import nfc
from chuluc.decisions.documents import program_title, signer_authority, top_title
from chuluc.decisions.enums import Title, Validity
from chuluc.decisions.models import Certificate
from chuluc.decisions.selectors import validity

PAGE = landscape(A4)
RED = colors.HexColor("#9B1B1B")
GOLD = colors.HexColor("#B8860B")
INK = colors.HexColor("#1A1A1A")
__all__ = ["certificate_pdf", "verify_url"]


def verify_url(number: str) -> str:
    """The public page that says whether a certificate is valid (what the QR code opens)."""
    return settings.SITE_URL + reverse("portal:verify_number", args=[number])


def _style(name: str, font: str, size: float, color=INK, leading: float = 1.25) -> ParagraphStyle:
    return ParagraphStyle(
        name,
        fontName=font,
        fontSize=size,
        leading=size * leading,
        alignment=TA_CENTER,
        textColor=color,
    )


def _fit(text: str, style: ParagraphStyle, width: float, height: float, smallest: float):
    """The paragraph at the largest size not above the style's that fits the box (a long
    name shrinks rather than run into the signature)."""
    size = style.fontSize
    while True:
        fitted = ParagraphStyle(f"{style.name}-{size}", style, fontSize=size, leading=size * 1.25)
        paragraph = Paragraph(escape(text), fitted)
        _w, needed = paragraph.wrap(width, height * 10)
        if needed <= height or size <= smallest:
            return paragraph, needed
        size -= 1


class _Cursor:
    """Draws centred paragraphs down the page from a top edge."""

    def __init__(self, pdf: canvas.Canvas, *, left: float, width: float, top: float):
        self.pdf, self.left, self.width, self.y = pdf, left, width, top

    def draw(self, paragraph: Paragraph, *, gap: float = 0, height: float | None = None):
        _w, needed = paragraph.wrap(self.width, height or PAGE[1])
        self.y -= needed
        paragraph.drawOn(self.pdf, self.left, self.y)
        self.y -= gap


def _frame(pdf: canvas.Canvas) -> None:
    width, height = PAGE
    pdf.setStrokeColor(GOLD)
    pdf.setLineWidth(3)
    pdf.rect(8 * mm, 8 * mm, width - 16 * mm, height - 16 * mm)
    pdf.setStrokeColor(RED)
    pdf.setLineWidth(0.8)
    pdf.rect(11 * mm, 11 * mm, width - 22 * mm, height - 22 * mm)


def _revoked_stamp(pdf: canvas.Canvas, recognition, *, bold: str, regular: str) -> None:
    """Across the page of a revoked recognition: ĐÃ THU HỒI, the date and the revoking
    decision, in red, so that a printed or forwarded copy cannot pass for a valid one."""
    width, height = PAGE
    when = timezone.localtime(recognition.revoked_at).date() if recognition.revoked_at else None
    lines = [
        "ĐÃ THU HỒI",
        " ".join(
            part
            for part in (
                f"ngày {vn_date(when)}" if when else "",
                f"theo Quyết định số {nfc(recognition.revoked_decision)}"
                if recognition.revoked_decision
                else "",
            )
            if part
        ),
    ]
    pdf.saveState()
    pdf.translate(width / 2, height / 2)
    pdf.rotate(20)
    pdf.setStrokeColor(RED)
    pdf.setFillColor(RED)
    pdf.setLineWidth(3)
    pdf.roundRect(-120 * mm, -22 * mm, 240 * mm, 44 * mm, 6 * mm, stroke=1, fill=0)
    pdf.setFont(bold, 44)
    pdf.drawCentredString(0, 2 * mm, lines[0])
    if lines[1]:
        pdf.setFont(regular, 14)
        pdf.drawCentredString(0, -14 * mm, lines[1])
    pdf.restoreState()


def certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate as an A4 landscape page: issuing body, title (SPCNCL, or Top N),
    product, enterprise, decision, validity, number and the QR code to verify it."""
    regular, bold = pdf_fonts(FONT_DIR, "DejaVuSerif")
    recognition = certificate.recognition
    decision = recognition.decision
    campaign = decision.campaign
    owner = nfc(campaign.program.owner)
    number = certificate.number
    title = top_title(campaign) if certificate.title == Title.TOP else program_title(campaign)
    width, height = PAGE
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=PAGE, pageCompression=1)
    pdf.setTitle(f"Giấy chứng nhận {number}")
    pdf.setAuthor(owner)
    pdf.setSubject(title[:1].upper() + title[1:])
    _frame(pdf)

    left, box = 22 * mm, width - 44 * mm
    cursor = _Cursor(pdf, left=left, width=box, top=height - 18 * mm)
    cursor.draw(Paragraph(escape(MOTTO[0]), _style("motto", bold, 12)))
    cursor.draw(Paragraph(f"<u>{escape(MOTTO[1])}</u>", _style("motto2", bold, 12)), gap=3 * mm)
    cursor.draw(Paragraph(escape(owner.upper()), _style("owner", bold, 15, RED)), gap=2 * mm)
    cursor.draw(Paragraph("CHỨNG NHẬN", _style("head", bold, 38, RED, 1.15)), gap=1 * mm)
    cursor.draw(
        _fit(title.upper(), _style("title", bold, 17, RED), box, 16 * mm, 12)[0], gap=4 * mm
    )
    cursor.draw(Paragraph("Sản phẩm", _style("label", regular, 13)), gap=0.5 * mm)
    product = _style("product", bold, 24, colors.HexColor("#0B2E59"))
    cursor.draw(_fit(nfc(recognition.product.name), product, box, 24 * mm, 12)[0], gap=2 * mm)
    enterprise = _style("enterprise", bold, 16)
    cursor.draw(
        _fit(f"Doanh nghiệp: {nfc(recognition.enterprise.name)}", enterprise, box, 14 * mm, 10)[0],
        gap=3 * mm,
    )
    cursor.draw(
        Paragraph(
            escape(
                f"Theo Quyết định số {nfc(decision.number)} ngày {vn_date(decision.signed_on)} "
                f"của {owner}"
            ),
            _style("decision", regular, 12.5),
        ),
        gap=1 * mm,
    )
    cursor.draw(
        Paragraph(
            escape(f"Có hiệu lực đến ngày {vn_date(recognition.valid_until)}"),
            _style("valid", bold, 13),
        )
    )

    # Bottom band: QR code and number on the left, place, date and signature on the right.
    url = verify_url(number)
    side = draw_qr(pdf, url, x=20 * mm, y=24 * mm)
    text_x, text_top = 20 * mm + side + 4 * mm, 24 * mm + side
    pdf.setFillColor(INK)
    pdf.setFont(bold, 12)
    pdf.drawString(text_x, text_top - 10 * mm, f"Số: {number}")
    pdf.setFont(regular, 9)
    pdf.drawString(text_x, text_top - 16 * mm, "Quét mã QR để tra cứu hiệu lực")
    pdf.drawString(text_x, text_top - 20.5 * mm, "của giấy chứng nhận")
    pdf.setFont(regular, 7.5)
    pdf.drawString(20 * mm, 17 * mm, url)
    sign_left, sign_width = width * 0.55, width * 0.45 - 20 * mm
    signature = _Cursor(pdf, left=sign_left, width=sign_width, top=24 * mm + side + 4 * mm)
    signature.draw(
        Paragraph(
            f"<i>{escape(place_date_line(nfc(campaign.program.locality), certificate.issued_on))}</i>",
            _style("date", regular, 12),
        ),
        gap=1 * mm,
    )
    for text in signer_authority(decision.signer_title):
        signature.draw(Paragraph(escape(text), _style("authority", bold, 12)))
    signature.y = 22 * mm
    signature.draw(Paragraph(escape(nfc(decision.signer_name)), _style("signer", bold, 13)))
    if validity(recognition) == Validity.REVOKED:
        _revoked_stamp(pdf, recognition, bold=bold, regular=regular)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
