"""Writers of the council's documents (``documents`` builds what they say): the member's
score sheet as an A4 PDF (reportlab, DejaVu Sans for the Vietnamese glyphs, page numbers) and
the council's minutes as DOCX in the layout of Nghị định 30/2020/NĐ-CP (Times New Roman,
A4, margins 20/20/30/15 mm, national motto block, signature block)."""

from __future__ import annotations

import functools
import io
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

from django.utils import timezone
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table
from reportlab.platypus import TableStyle as PdfTableStyle

from chuluc.core.formatting import group_digits

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_PACKAGE = "fonts-dejavu-core"
MINUTES_FONT = "Times New Roman"


def points(value) -> str:
    """A score as printed: two decimals, Vietnamese comma ("7,25"); a dash when absent."""
    return "—" if value is None else group_digits(Decimal(value), 2)


def max_points(value) -> str:
    """A maximum or a mark without useless zeros ("15", "7,5")."""
    number = Decimal(value).normalize()
    return group_digits(number, max(0, -int(number.as_tuple().exponent)))


# PDF: the score sheet ------------------------------------------------------------


@functools.cache
def _pdf_fonts() -> tuple[str, str]:
    """Register DejaVu Sans (it has every Vietnamese glyph) once per process."""
    files = {
        "DejaVuSans": FONT_DIR / "DejaVuSans.ttf",
        "DejaVuSans-Bold": FONT_DIR / "DejaVuSans-Bold.ttf",
    }
    for path in files.values():
        if not path.is_file():
            raise RuntimeError(
                f"Font {path} is missing: PDF documents need it for Vietnamese text. "
                f"Install the Debian package {FONT_PACKAGE} (apt-get install {FONT_PACKAGE})."
            )
    for name, path in files.items():
        pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFontFamily(
        "DejaVuSans",
        normal="DejaVuSans",
        bold="DejaVuSans-Bold",
        italic="DejaVuSans",
        boldItalic="DejaVuSans-Bold",
    )
    return "DejaVuSans", "DejaVuSans-Bold"


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


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


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
    regular, bold = _pdf_fonts()
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


_TBLPR_AFTER_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption")


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    successor = next(
        (el for tag in _TBLPR_AFTER_BORDERS if (el := tbl_pr.find(qn(tag))) is not None), None
    )
    if successor is not None:
        successor.addprevious(borders)
    else:
        tbl_pr.append(borders)


def _line(paragraph, text: str, *, bold=False, italic=False, underline=False, size=None):
    """Runs of one format; a newline in the text is a line break."""
    for i, part in enumerate(text.split("\n")):
        run = paragraph.add_run()
        if i:
            run.add_break()
        run.add_text(part)
        run.bold, run.italic, run.underline = bold or None, italic or None, underline or None
        if size:
            run.font.size = Pt(size)
    return paragraph


def _two_lines(text: str) -> str:
    """A name too long for the letterhead's left column, broken as official documents do:
    after its comma, or else between its middle words ("ỦY BAN NHÂN DÂN / THÀNH PHỐ HÀ NỘI")."""
    words = text.split()
    if len(words) <= 3:  # noqa: PLR2004
        return text
    if "," in text:
        head, tail = text.split(",", 1)
        return f"{head},\n{tail.strip()}"
    half = len(words) // 2
    return " ".join(words[:half]) + "\n" + " ".join(words[half:])


def _cell(cell, lines: list[tuple[str, dict]], align=WD_ALIGN_PARAGRAPH.CENTER) -> None:
    for i, (text, fmt) in enumerate(lines):
        paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        paragraph.alignment = align
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.first_line_indent = Cm(0)
        _line(paragraph, text, **fmt)


def _widths(table, widths_cm: list[float]) -> None:
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)  # the grid: what Word uses for a fixed layout
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)


def _grid(doc, header: list[str], rows: list[list[str]], widths_cm: list[float]):
    table = doc.add_table(rows=1, cols=len(header))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        _cell(cell, [(text, {"bold": True, "size": 12})])
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(repeat)
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            _cell(cell, [(text, {"size": 12})], align=WD_ALIGN_PARAGRAPH.LEFT)
    _widths(table, widths_cm)
    return table


def _docx_setup(doc) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(14)
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    default_fonts = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    for fonts in (normal.element.get_or_add_rPr().get_or_add_rFonts(), default_fonts):
        if fonts is None:
            continue
        for theme in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            fonts.attrib.pop(qn(f"w:{theme}"), None)  # a theme font would win over the name
        for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
            fonts.set(qn(f"w:{attr}"), MINUTES_FONT)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    normal.paragraph_format.first_line_indent = Cm(1)


def _heading(doc, text: str) -> None:
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.first_line_indent = Cm(0)
    paragraph.paragraph_format.keep_with_next = True
    _line(paragraph, text, bold=True)


def write_minutes_docx(minutes: dict) -> bytes:
    doc = Document()
    _docx_setup(doc)
    head = minutes["letterhead"]
    header = doc.add_table(rows=1, cols=2)
    _no_borders(header)
    left, right = header.rows[0].cells
    _cell(
        left,
        [
            (_two_lines(head["parent"]), {"size": 13}),
            (_two_lines(head["issuer"]), {"bold": True, "size": 13}),
            ("", {}),
            (minutes["number"], {"size": 13}),
        ],
    )
    _cell(
        right,
        [
            (head["motto"][0], {"bold": True, "size": 13}),
            (head["motto"][1], {"bold": True, "underline": True}),
            ("", {}),
            (minutes["date_line"], {"italic": True}),
        ],
    )
    _widths(header, [6.5, 10.0])
    for text in (minutes["title"], minutes["subject"]):
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.first_line_indent = Cm(0)
        paragraph.paragraph_format.space_after = Pt(0)
        _line(paragraph, text, bold=True)
    doc.add_paragraph().paragraph_format.space_after = Pt(0)
    for text in minutes["basis"]:
        _line(doc.add_paragraph(), text, italic=True)
    for text in minutes["meeting"]:
        doc.add_paragraph(text)
    _heading(doc, "I. THÀNH PHẦN THAM DỰ")
    doc.add_paragraph(f"Thành viên Hội đồng có mặt: {len(minutes['members'])} người, gồm:")
    _grid(
        doc,
        ["STT", "Họ và tên", "Chức danh", "Cơ quan", "Nhiệm vụ"],
        [
            [str(i), m["name"], m["title"], m["agency"] or "—", m["role"]]
            for i, m in enumerate(minutes["members"], start=1)
        ],
        [1.2, 4.3, 4.0, 3.8, 3.2],
    )
    _heading(doc, "II. PHƯƠNG PHÁP CHẤM ĐIỂM VÀ TỔNG HỢP KẾT QUẢ")
    for text in minutes["method"]:
        doc.add_paragraph(f"- {text}")
    _heading(doc, "III. KẾT QUẢ ĐÁNH GIÁ, XÉT CHỌN")
    if minutes["results"]:
        _grid(
            doc,
            ["Hạng", "Sản phẩm", "Doanh nghiệp", "Tổng điểm", "Kết quả", "Top", "Ghi chú"],
            [
                [
                    str(r["rank"]),
                    r["product"],
                    r["enterprise"],
                    r["total"],
                    r["outcome"],
                    r["top"],
                    r["note"],
                ]
                for r in minutes["results"]
            ],
            [1.3, 3.8, 3.8, 1.9, 1.9, 1.6, 2.2],
        )
    else:
        doc.add_paragraph("Chưa có kết quả.")
    _heading(doc, "IV. CÁC TRƯỜNG HỢP BẰNG ĐIỂM VÀ CÁCH XỬ LÝ")
    for text in minutes["ties"] or ["Không có hồ sơ bằng điểm."]:
        doc.add_paragraph(f"- {text}")
    for text in minutes["votes"]:
        doc.add_paragraph(f"- {text}")
    _heading(doc, "V. ĐIỀU CHỈNH ĐIỂM ĐÃ ĐƯỢC CHỦ TỊCH HỘI ĐỒNG DUYỆT")
    if minutes["corrections"]:
        _grid(
            doc,
            ["Sản phẩm", "Tiêu chí", "Thành viên", "Điểm cũ → mới", "Lý do", "Người duyệt, ngày"],
            [
                [c["product"], c["criterion"], c["member"], c["change"], c["reason"], c["decided"]]
                for c in minutes["corrections"]
            ],
            [3.2, 1.6, 3.0, 2.6, 3.2, 2.9],
        )
    else:
        doc.add_paragraph("Không có đề nghị điều chỉnh điểm nào được duyệt.")
    _heading(doc, "VI. KẾT LUẬN")
    for text in minutes["conclusion"]:
        doc.add_paragraph(text)
    doc.add_paragraph().paragraph_format.space_after = Pt(0)
    signatures = doc.add_table(rows=1, cols=len(minutes["signatures"]))
    _no_borders(signatures)
    for cell, sign in zip(signatures.rows[0].cells, minutes["signatures"], strict=True):
        _cell(
            cell,
            [
                (sign["title"], {"bold": True}),
                ("(Ký, ghi rõ họ tên)", {"italic": True}),
                ("", {}),
                ("", {}),
                ("", {}),
                (sign["name"], {"bold": True}),
            ],
        )
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
