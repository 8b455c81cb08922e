"""Writers of the council's documents (``documents`` builds what they say): the member's
score sheet as an A4 PDF (reportlab, DejaVu Sans for the Vietnamese glyphs, page numbers) and
the council's minutes as DOCX in the layout of Nghị định 30/2020/NĐ-CP (Times New Roman,
A4, margins 20/20/30/15 mm, national motto block, signature block)."""

from __future__ import annotations

import functools
import io
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table
from reportlab.platypus import TableStyle as PdfTableStyle

from chuluc.core.documents import (
    FONT_DIR,
    blank,
    centered,
    document_bytes,
    grid,
    heading,
    letterhead,
    line,
    new_document,
    pdf_fonts,
    pdf_paragraph,
    signature_table,
)
from chuluc.core.formatting import group_digits

__all__ = ["FONT_DIR", "max_points", "points", "write_minutes_docx", "write_score_sheet_pdf"]


def points(value) -> str:
    """A score as printed: two decimals, Vietnamese comma ("7,25"); a dash when absent."""
    return "—" if value is None else group_digits(Decimal(value), 2)


def max_points(value) -> str:
    """A maximum or a mark without useless zeros ("15", "7,5")."""
    number = Decimal(value).normalize()
    return group_digits(number, max(0, -int(number.as_tuple().exponent)))


# PDF: the score sheet ------------------------------------------------------------


def _styles(regular: str, bold: str) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=regular, fontSize=10, leading=13)
    cell = ParagraphStyle("cell", base, fontSize=9, leading=11.5)
    return {
        "base": base,
        "center": ParagraphStyle("center", base, alignment=TA_CENTER),
        "center_bold": ParagraphStyle("center_bold", base, fontName=bold, alignment=TA_CENTER),
        "title": ParagraphStyle(
            "title", base, fontName=bold, fontSize=14, leading=18, alignment=TA_CENTER
        ),
        "cell": cell,
        "cell_bold": ParagraphStyle("cell_bold", cell, fontName=bold),
        "cell_right": ParagraphStyle("cell_right", cell, alignment=TA_RIGHT),
        "cell_right_bold": ParagraphStyle(
            "cell_right_bold", cell, fontName=bold, alignment=TA_RIGHT
        ),
        "cell_head": ParagraphStyle("cell_head", cell, fontName=bold, alignment=TA_CENTER),
        "small": ParagraphStyle("small", cell, fontSize=7.5, leading=9.5),
        "small_center": ParagraphStyle(
            "small_center", cell, fontSize=7.5, leading=9.5, alignment=TA_CENTER
        ),
        "head": ParagraphStyle("head", base, fontSize=9, leading=12, alignment=TA_CENTER),
        "head_bold": ParagraphStyle(
            "head_bold", base, fontName=bold, fontSize=9, leading=12, alignment=TA_CENTER
        ),
        "note": ParagraphStyle("note", cell, textColor=colors.HexColor("#444444")),
    }


_p = pdf_paragraph


class _NumberedCanvas(canvas.Canvas):
    """Draws the footer ("… · Trang x/y") once the number of pages is known."""

    def __init__(self, *args, footer: str = "", font: str = "Helvetica", **kwargs):
        super().__init__(*args, **kwargs)
        self._footer, self._font, self._saved = footer, font, []

    def showPage(self):
        self._saved.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._saved)
        for state in self._saved:
            self.__dict__.update(state)
            self.setFont(self._font, 8)
            self.setFillColor(colors.HexColor("#444444"))
            self.drawString(20 * mm, 10 * mm, self._footer)
            self.drawRightString(A4[0] - 15 * mm, 10 * mm, f"Trang {self._pageNumber}/{total}")
            super().showPage()
        super().save()


def _score_table(sheet: dict, st: dict, width: float) -> Table:
    """Dossiers down, the member's criteria across (each score with its comment below it),
    the member's own total per dossier at the right."""
    criteria = sheet["criteria"]
    ceiling = sum((c["max_points"] for c in criteria), Decimal(0))
    head = [
        _p("STT", st["cell_head"]),
        _p("Sản phẩm, doanh nghiệp", st["cell_head"]),
        *[
            [
                _p(f"{c['code']} (tối đa {max_points(c['max_points'])})", st["cell_head"]),
                _p(c["name"], st["small_center"]),
            ]
            for c in criteria
        ],
        _p(f"Tổng điểm (tối đa {max_points(ceiling)})", st["cell_head"]),
    ]
    data: list[list] = [head]
    for number, row in enumerate(sheet["rows"], start=1):
        cells = []
        for score in row["scores"]:
            cell = [_p(points(score["value"]), st["cell_right_bold"])]
            if score["comment"]:
                cell.append(_p(score["comment"], st["small"]))
            cells.append(cell)
        total = [_p(points(row["total"]), st["cell_right_bold"])]
        if row["missing"]:
            total.append(_p(f"thiếu {row['missing']} ô", st["small"]))
        data.append(
            [
                _p(str(number), st["cell"]),
                [_p(row["product"], st["cell_bold"]), _p(row["enterprise"], st["small"])],
                *cells,
                total,
            ]
        )
    fixed = [10 * mm, 44 * mm, 22 * mm]
    each = (width - sum(fixed)) / max(len(criteria), 1)
    table = Table(
        data, colWidths=[fixed[0], fixed[1], *[each] * len(criteria), fixed[2]], repeatRows=1
    )
    table.setStyle(
        PdfTableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#777777")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDDDDD")),
                ("BACKGROUND", (-1, 1), (-1, -1), colors.HexColor("#F0F0F0")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def write_score_sheet_pdf(sheet: dict) -> bytes:
    # DejaVu Sans has every Vietnamese glyph; looked up in this module's FONT_DIR
    regular, bold = pdf_fonts(FONT_DIR)
    st = _styles(regular, bold)
    member, head = sheet["member"], sheet["letterhead"]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=18 * mm,
        title=f"Phiếu chấm điểm — {member['name']} — {sheet['round']}",
        author=member["name"],
        subject=sheet["council"],
    )
    letterhead = Table(
        [
            [
                [_p(head["parent"], st["head"]), _p(head["issuer"], st["head_bold"])],
                [
                    _p(head["motto"][0], st["head_bold"]),
                    Paragraph(f"<u>{escape(head['motto'][1])}</u>", st["head_bold"]),
                ],
            ]
        ],
        colWidths=[doc.width * 0.47, doc.width * 0.53],
    )
    letterhead.setStyle(
        PdfTableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    info = [
        ("Hội đồng", sheet["council"]),
        ("Vòng chấm", f"{sheet['round']} ({'đã khóa' if sheet['round_closed'] else 'đang chấm'})"),
        ("Người chấm điểm", member["name"]),
        ("Chức danh", member["title"]),
        ("Cơ quan", member["agency"] or "—"),
        ("Nhiệm vụ trong Hội đồng", member["role"]),
    ]
    info_table = Table(
        [[_p(k + ":", st["cell"]), _p(v, st["cell_bold"])] for k, v in info],
        colWidths=[48 * mm, doc.width - 48 * mm],
    )
    info_table.setStyle(
        PdfTableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)])
    )
    if sheet["submitted_at"]:
        status = "Phiếu đã nộp lúc " + timezone.localtime(sheet["submitted_at"]).strftime(
            "%H:%M %d/%m/%Y"
        )
    else:
        status = "Phiếu chưa nộp: bản xem trước, chưa phải phiếu chính thức"
    story: list = [
        letterhead,
        Spacer(1, 8 * mm),
        _p("PHIẾU CHẤM ĐIỂM", st["title"]),
        _p(f"Xét chọn {sheet['program_title']} năm {sheet['year']}", st["center_bold"]),
        Spacer(1, 5 * mm),
        info_table,
        Spacer(1, 4 * mm),
    ]
    if sheet["rows"]:
        story.append(_score_table(sheet, st, doc.width))
    else:
        story.append(_p("Thành viên không được phân công chấm tiêu chí nào.", st["base"]))
    note = _p(
        f"Đã chấm {sheet['done']}/{sheet['expected']} ô điểm của {len(sheet['rows'])} hồ sơ. "
        f"{status}. Phiếu chỉ gồm điểm do chính người chấm cho.",
        st["note"],
    )
    signature = Table(
        [
            [
                "",
                [
                    _p(sheet["date_line"], st["center"]),
                    _p("Người chấm điểm", st["center_bold"]),
                    _p("(ký, ghi rõ họ tên)", st["center"]),
                    Spacer(1, 20 * mm),
                    _p(member["name"], st["center_bold"]),
                ],
            ]
        ],
        colWidths=[doc.width * 0.4, doc.width * 0.6],
    )
    story.append(KeepTogether([Spacer(1, 2 * mm), note, Spacer(1, 6 * mm), signature]))
    footer = f"Phiếu chấm điểm · {member['name']} · {sheet['round']} · năm {sheet['year']}"
    doc.build(story, canvasmaker=functools.partial(_NumberedCanvas, footer=footer, font=regular))
    return buffer.getvalue()


# DOCX: the minutes --------------------------------------------------------------


def _scoring_notes(doc, minutes: dict) -> None:
    """Under the results: who scored, who did not (conflicts), where members disagreed."""
    doc.add_paragraph(
        "Số người chấm: số thành viên có điểm được tính / số thành viên được phân công chấm."
    )
    for intro, items in (
        ("Thành viên không chấm hồ sơ do xung đột lợi ích:", minutes["recusals"]),
        (
            "Tiêu chí có chênh lệch lớn giữa điểm cao nhất và thấp nhất của các thành viên, "
            "được Hội đồng thảo luận:",
            minutes["disagreements"],
        ),
    ):
        doc.add_paragraph(intro)
        for text in items or ["Không có."]:
            doc.add_paragraph(f"- {text}")


def _corrections(doc, intro: str, rows: list[dict], none: str) -> None:
    if not rows:
        doc.add_paragraph(none)
        return
    doc.add_paragraph(intro)
    grid(
        doc,
        [
            "Sản phẩm",
            "Tiêu chí",
            "Thành viên",
            "Điểm cũ → mới",
            "Lý do đề nghị",
            "Chủ tịch, ngày",
            "Lý do quyết định",
        ],
        [
            [
                c["product"],
                c["criterion"],
                c["member"],
                c["change"],
                c["reason"],
                c["decided"],
                c["decision_reason"] or "—",
            ]
            for c in rows
        ],
        [2.8, 1.4, 2.6, 2.2, 2.8, 2.4, 2.6],
    )


def write_minutes_docx(minutes: dict) -> bytes:
    doc = new_document()
    head = minutes["letterhead"]
    letterhead(
        doc,
        parent=head["parent"],
        issuer=head["issuer"],
        number=minutes["number"],
        date_line=minutes["date_line"],
        motto=head["motto"],
    )
    for text in (minutes["title"], minutes["subject"]):
        centered(doc, text)
    blank(doc)
    for text in minutes["basis"]:
        line(doc.add_paragraph(), text, italic=True)
    for text in minutes["meeting"]:
        doc.add_paragraph(text)
    heading(doc, "I. THÀNH PHẦN THAM DỰ")
    doc.add_paragraph(f"Thành viên Hội đồng có mặt: {len(minutes['members'])} người, gồm:")
    grid(
        doc,
        ["STT", "Họ và tên", "Chức danh", "Cơ quan", "Nhiệm vụ"],
        [
            [str(i), m["name"], m["title"], m["agency"] or "—", m["role"]]
            for i, m in enumerate(minutes["members"], start=1)
        ],
        [1.2, 4.3, 4.0, 3.8, 3.2],
    )
    heading(doc, "II. PHƯƠNG PHÁP CHẤM ĐIỂM VÀ TỔNG HỢP KẾT QUẢ")
    for text in minutes["method"]:
        doc.add_paragraph(f"- {text}")
    heading(doc, "III. KẾT QUẢ ĐÁNH GIÁ, XÉT CHỌN")
    if minutes["results"]:
        grid(
            doc,
            [
                "Hạng",
                "Sản phẩm",
                "Doanh nghiệp",
                "Tổng điểm",
                "Số người chấm",
                "Kết quả",
                "Top",
                "Ghi chú",
            ],
            [
                [
                    str(r["rank"]),
                    r["product"],
                    r["enterprise"],
                    r["total"],
                    r["scorers"],
                    r["outcome"],
                    r["top"],
                    r["note"],
                ]
                for r in minutes["results"]
            ],
            [1.2, 3.4, 3.4, 1.8, 1.6, 1.8, 1.5, 1.8],
        )
    else:
        doc.add_paragraph("Chưa có kết quả.")
    _scoring_notes(doc, minutes)
    heading(doc, "IV. CÁC TRƯỜNG HỢP BẰNG ĐIỂM VÀ CÁCH XỬ LÝ")
    for text in minutes["ties"] or ["Không có hồ sơ bằng điểm."]:
        doc.add_paragraph(f"- {text}")
    for text in minutes["votes"]:
        doc.add_paragraph(f"- {text}")
    heading(doc, "V. ĐỀ NGHỊ ĐIỀU CHỈNH ĐIỂM VÀ QUYẾT ĐỊNH CỦA CHỦ TỊCH HỘI ĐỒNG")
    _corrections(
        doc,
        "Đề nghị điều chỉnh được duyệt (điểm mới được dùng để tính kết quả):",
        minutes["corrections"],
        "Không có đề nghị điều chỉnh điểm nào được duyệt.",
    )
    _corrections(
        doc,
        "Đề nghị điều chỉnh bị từ chối (giữ điểm cũ):",
        minutes["rejected_corrections"],
        "Không có đề nghị điều chỉnh điểm nào bị từ chối.",
    )
    heading(doc, "VI. KẾT LUẬN")
    for text in minutes["conclusion"]:
        doc.add_paragraph(text)
    blank(doc)
    signature_table(
        doc,
        [
            [
                (sign["title"], {"bold": True}),
                ("(Ký, ghi rõ họ tên)", {"italic": True}),
                *[("", {})] * 3,
                (sign["name"], {"bold": True}),
            ]
            for sign in minutes["signatures"]
        ],
    )
    return document_bytes(doc)
