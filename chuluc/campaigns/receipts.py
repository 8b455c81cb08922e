"""The receipt (giấy biên nhận) of a submitted dossier: its reference number, which
submission it is and when, the declaration, what was submitted (the figures of each year,
the documents with their SHA-256, the certificates) and when the enterprise may expect a
result, from the campaign's calendar. ``build_receipt`` reads it; ``receipt_pdf`` lays it
out on an A4 page (reportlab, DejaVu fonts) with a QR code to the dossier's page, whose
timeline shows where it stands. Like the program's other documents, the PDF is in
Vietnamese whatever the reader's language."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

from chuluc.campaigns.enums import DossierStatus
from chuluc.campaigns.models import Dossier
from chuluc.campaigns.services import DECLARATION
from chuluc.campaigns.stage import stage as campaign_stage
from chuluc.core.documents import MOTTO, draw_qr, pdf_fonts, pdf_paragraph
from chuluc.core.formatting import group_digits, vn_date
from chuluc.core.text import nfc

#: The part of the dossier page a QR code opens: the timeline of the dossier.
TIMELINE_ANCHOR = "dien-bien"
#: The QR symbol's side on the receipt (smaller than a certificate's, read from a screen
#: or an A4 print alike).
QR_SIDE = 26 * mm


@dataclass(frozen=True)
class ExpectedDate:
    """A date of the campaign's calendar the enterprise waits for, and what happens then."""

    label: str
    day: dt.date


def status_url(dossier: Dossier) -> str:
    """The dossier's page at its timeline: what the receipt's QR code opens."""
    path = reverse("campaigns:dossier_detail", args=[dossier.pk])
    return f"{settings.SITE_URL}{path}#{TIMELINE_ANCHOR}"


def expected_dates(dossier: Dossier) -> list[ExpectedDate]:
    """When the enterprise hears back, from the campaign's calendar: the end of screening
    (the department concludes whether the dossier is eligible, or returns it), the day
    the council's result is published for public comment (the result of the selection),
    and the expected day of the recognition decision. Dates the calendar leaves blank are
    left out."""
    campaign = dossier.campaign
    dates = [
        (
            campaign.screening_ends,
            _("Kết quả thẩm định điều kiện (đủ hay không đủ điều kiện xét chọn), dự kiến trước"),
        ),
        (
            campaign.comment_starts,
            _("Kết quả xét chọn của Hội đồng được công bố lấy ý kiến, dự kiến"),
        ),
        (campaign.decision_due, _("Quyết định công nhận, dự kiến")),
    ]
    return [ExpectedDate(label, day) for day, label in dates if day]


def build_receipt(dossier: Dossier) -> dict:
    """What the receipt says, read from a dossier of ``selectors.dossier_detail`` (its
    figures, evidence, certificates and events prefetched)."""
    submissions = [e for e in dossier.events.all() if e.to_status == DossierStatus.SUBMITTED]
    return {
        "reference": dossier.reference,
        "submission": max(len(submissions), 1),
        "submitted_at": timezone.localtime(dossier.submitted_at),
        "declared_at": timezone.localtime(dossier.declared_at) if dossier.declared_at else None,
        "declaration": str(DECLARATION),
        "campaign": dossier.campaign.name,
        "enterprise": dossier.enterprise.name,
        "tax_code": dossier.enterprise.tax_code,
        "product": dossier.product.name,
        "track": dossier.get_track_display(),
        "figures": sorted(dossier.figures.all(), key=lambda f: f.year),
        "evidence": list(dossier.evidence.all()),
        "certificates": list(dossier.certificates.all()),
        "expected": expected_dates(dossier),
        "stage": campaign_stage(dossier.campaign),
        "status_url": status_url(dossier),
        "owner": dossier.campaign.program.owner,
    }


# PDF ------------------------------------------------------------------------------------


def _styles(regular: str, bold: str) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=regular, fontSize=10.5, leading=14)
    return {
        "base": base,
        "bold": ParagraphStyle("bold", base, fontName=bold),
        "center_bold": ParagraphStyle("center_bold", base, fontName=bold, alignment=TA_CENTER),
        "title": ParagraphStyle(
            "title", base, fontName=bold, fontSize=15, leading=20, alignment=TA_CENTER
        ),
        "cell": ParagraphStyle("cell", base, fontSize=9, leading=11.5),
        "small": ParagraphStyle("small", base, fontSize=7.5, leading=9.5),
    }


def _number(value) -> str:
    return group_digits(value) if value is not None else "—"


def _grid(rows: list[list], widths: list[float]) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#888888")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def receipt_pdf(receipt: dict) -> bytes:
    """The receipt as an A4 page, the QR code to the dossier's timeline in its top corner."""
    regular, bold = pdf_fonts()
    st = _styles(regular, bold)
    p = pdf_paragraph
    buffer = io.BytesIO()
    width = A4[0] - 40 * mm
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=f"Giấy biên nhận hồ sơ {receipt['reference']}",
        author=nfc(receipt["owner"]),
    )
    submitted = receipt["submitted_at"]
    story = [
        p(MOTTO[0], st["center_bold"]),
        p(MOTTO[1], st["center_bold"]),
        Spacer(1, 4 * mm),
        p(nfc(receipt["owner"]).upper(), st["center_bold"]),
        Spacer(1, 28 * mm),
        p("GIẤY BIÊN NHẬN HỒ SƠ", st["title"]),
        p("tham gia xét chọn sản phẩm công nghiệp chủ lực", st["center_bold"]),
        Spacer(1, 4 * mm),
        p(f"Số tiếp nhận: {receipt['reference']}", st["bold"]),
        p(
            f"Nộp lần {receipt['submission']} lúc {submitted:%H:%M} ngày {vn_date(submitted)}",
            st["base"],
        ),
        p(f"Đợt xét chọn: {nfc(receipt['campaign'])}", st["base"]),
        p(
            f"Doanh nghiệp: {nfc(receipt['enterprise'])} (mã số thuế {receipt['tax_code']})",
            st["base"],
        ),
        p(f"Sản phẩm: {nfc(receipt['product'])} · Diện: {receipt['track']}", st["base"]),
        Spacer(1, 3 * mm),
        p(f"Lời cam đoan: {receipt['declaration']}.", st["base"]),
        Spacer(1, 3 * mm),
        p("Số liệu đã khai", st["bold"]),
    ]
    figure_rows = [
        [
            p(h, st["cell"])
            for h in ("Năm", "Doanh thu (đồng)", "Giá trị SX (đồng)", "Xuất khẩu (USD)", "Lao động")
        ]
    ]
    for row in receipt["figures"]:
        figure_rows.append(
            [
                p(str(row.year), st["cell"]),
                p(_number(row.revenue_vnd), st["cell"]),
                p(_number(row.production_value_vnd), st["cell"]),
                p(_number(row.export_usd), st["cell"]),
                p(_number(row.employees), st["cell"]),
            ]
        )
    story.append(_grid(figure_rows, [18 * mm, 42 * mm, 42 * mm, 38 * mm, width - 140 * mm]))
    story += [Spacer(1, 3 * mm), p("Tài liệu đã nộp", st["bold"])]
    doc_rows = [[p(h, st["cell"]) for h in ("Loại tài liệu", "Tệp", "Mã băm SHA-256")]]
    for e in receipt["evidence"]:
        doc_rows.append(
            [
                p(str(e.get_kind_display()), st["cell"]),
                p(nfc(e.original_name), st["cell"]),
                p(e.sha256, st["small"]),
            ]
        )
    story.append(_grid(doc_rows, [45 * mm, 55 * mm, width - 100 * mm]))
    if receipt["certificates"]:
        story += [Spacer(1, 3 * mm), p("Chứng nhận chất lượng, sở hữu trí tuệ", st["bold"])]
        story += [
            p(f"• {c.get_kind_display()} — {nfc(c.number)}", st["base"])
            for c in receipt["certificates"]
        ]
    story += [Spacer(1, 3 * mm), p("Thời gian dự kiến có kết quả", st["bold"])]
    story += [p(f"• {d.label} {vn_date(d.day)}", st["base"]) for d in receipt["expected"]] or [
        p("• Lịch của đợt xét chọn chưa ghi ngày có kết quả.", st["base"])
    ]
    story += [
        Spacer(1, 4 * mm),
        p(
            "Quét mã QR hoặc mở địa chỉ dưới đây để xem diễn biến của hồ sơ "
            "(cần đăng nhập bằng tài khoản của doanh nghiệp):",
            st["small"],
        ),
        p(receipt["status_url"], st["small"]),
    ]

    def first_page(canvas, _doc):
        side = QR_SIDE * 1.35  # the symbol with its quiet zone, at most
        draw_qr(
            canvas,
            receipt["status_url"],
            x=A4[0] - 15 * mm - side,
            y=A4[1] - 34 * mm - side,
            symbol=QR_SIDE,
        )

    doc.build(story, onFirstPage=first_page)
    return buffer.getvalue()
