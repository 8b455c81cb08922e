"""Building blocks of Vietnamese administrative documents in the state format (Nghị định
30/2020/NĐ-CP): the national motto, the place and date line, and for DOCX (python-docx) the
A4 page in Times New Roman 14 pt with margins 20/20/30/15 mm, the two-column letterhead,
centred titles, bordered grids and borderless signature blocks; for PDF (reportlab) the
DejaVu fonts, which carry every Vietnamese glyph.

Generic on purpose: each app builds what its documents say and lays them out with these.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from pathlib import Path
from xml.sax.saxutils import escape

import segno
from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_PACKAGE = "fonts-dejavu-core"
DOCX_FONT = "Times New Roman"
BLANK_DATE = "ngày … tháng … năm …"

#: A line of a table cell: its text and its format (``bold``, ``italic``, ``underline``,
#: ``size`` in points).
Line = tuple[str, dict]


def place_date_line(place: str, day: dt.date | None) -> str:
    """Nghị định 30: a day below 10 and the months 1 and 2 take a leading zero; without a
    day, the blanks a draft leaves to fill in by hand."""
    if day is None:
        return f"{place}, {BLANK_DATE}"
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)  # noqa: PLR2004
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def lower_first(text: str) -> str:
    """A title used inside a sentence ("Sản phẩm …" → "sản phẩm …")."""
    return text[:1].lower() + text[1:]


# PDF ------------------------------------------------------------------------------------


@functools.cache
def pdf_fonts(font_dir: Path = FONT_DIR, family: str = "DejaVuSans") -> tuple[str, str]:
    """Register a DejaVu family (``DejaVuSans`` or ``DejaVuSerif``), regular and bold, once
    per process; returns the two font names."""
    files = {family: font_dir / f"{family}.ttf", f"{family}-Bold": font_dir / f"{family}-Bold.ttf"}
    for path in files.values():
        if not path.is_file():
            raise RuntimeError(
                f"Font {path} is missing: PDF documents need it for Vietnamese text. "
                f"Install the Debian package {FONT_PACKAGE} (apt-get install {FONT_PACKAGE})."
            )
    for name, path in files.items():
        pdfmetrics.registerFont(TTFont(name, str(path)))
    bold = f"{family}-Bold"
    pdfmetrics.registerFontFamily(family, normal=family, bold=bold, italic=family, boldItalic=bold)
    return family, bold


def pdf_paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (user text is escaped, never read as markup)."""
    return Paragraph(escape(text), style)


#: Side of a QR symbol without its quiet zone: scannable from a printed page.
QR_SYMBOL = 34 * mm
QR_BORDER = 4  # modules of quiet zone, as the QR standard asks


def draw_qr(pdf, data: str, *, x: float, y: float, symbol: float = QR_SYMBOL) -> float:
    """A QR code (segno) drawn as vector squares on a reportlab canvas, with its quiet zone,
    bottom-left corner at (x, y); returns its side."""
    code = segno.make(data, error="m", micro=False)
    rows = [list(row) for row in code.matrix_iter(scale=1, border=QR_BORDER)]
    module = symbol / (len(rows) - 2 * QR_BORDER)
    side = module * len(rows)
    pdf.saveState()
    pdf.setFillColor(colors.white)
    pdf.rect(x, y, side, side, stroke=0, fill=1)
    pdf.setFillColor(colors.black)
    for r, row in enumerate(rows):
        top = y + side - (r + 1) * module
        c = 0
        while c < len(row):
            if not row[c]:
                c += 1
                continue
            start = c
            while c < len(row) and row[c]:
                c += 1
            # A hair of overlap so that no light seam shows between adjacent modules.
            pdf.rect(x + start * module, top, (c - start) * module, module + 0.05, stroke=0, fill=1)
    pdf.restoreState()
    return side


# DOCX -----------------------------------------------------------------------------------


_TBLPR_AFTER_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption")


def new_document():
    """An empty A4 document in the state format: Times New Roman 14 pt, justified, first
    line indented 1 cm, margins top/bottom 20 mm, left 30 mm, right 15 mm."""
    doc = Document()
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
            fonts.set(qn(f"w:{attr}"), DOCX_FONT)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    normal.paragraph_format.first_line_indent = Cm(1)
    return doc


def document_bytes(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def no_borders(table) -> None:
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


def line(paragraph, text: str, *, bold=False, italic=False, underline=False, size=None):
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


def two_lines(text: str) -> str:
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


def cell_lines(cell, lines: list[Line], align=WD_ALIGN_PARAGRAPH.CENTER) -> None:
    for i, (text, fmt) in enumerate(lines):
        paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        paragraph.alignment = align
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.first_line_indent = Cm(0)
        line(paragraph, text, **fmt)


def column_widths(table, widths_cm: list[float]) -> None:
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)  # the grid: what Word uses for a fixed layout
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)


def grid(doc, header: list[str], rows: list[list[str]], widths_cm: list[float], *, size=12):
    """A bordered table whose header row repeats on every page."""
    table = doc.add_table(rows=1, cols=len(header))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell_lines(cell, [(text, {"bold": True, "size": size})])
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(repeat)
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell_lines(cell, [(text, {"size": size})], align=WD_ALIGN_PARAGRAPH.LEFT)
    column_widths(table, widths_cm)
    return table


def letterhead(
    doc,
    *,
    issuer: str,
    number: str,
    date_line: str,
    parent: str = "",
    motto: tuple[str, str] = MOTTO,
    widths_cm: tuple[float, float] = (6.5, 10.0),
):
    """The head of the first page: issuing body (under its parent body, if any) and the
    number/symbol on the left; the national motto and the place and date line on the right."""
    table = doc.add_table(rows=1, cols=2)
    no_borders(table)
    left, right = table.rows[0].cells
    lines: list[Line] = [(two_lines(parent), {"size": 13})] if parent else []
    cell_lines(
        left,
        [
            *lines,
            (two_lines(issuer), {"bold": True, "size": 13}),
            ("", {}),
            (number, {"size": 13}),
        ],
    )
    cell_lines(
        right,
        [
            (motto[0], {"bold": True, "size": 13}),
            (motto[1], {"bold": True, "underline": True}),
            ("", {}),
            (date_line, {"italic": True}),
        ],
    )
    column_widths(table, list(widths_cm))
    return table


def centered(doc, text: str, *, bold=True, italic=False, size=None, space_after=0):
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = Cm(0)
    paragraph.paragraph_format.space_after = Pt(space_after)
    paragraph.paragraph_format.keep_with_next = True
    return line(paragraph, text, bold=bold, italic=italic, size=size)


def heading(doc, text: str) -> None:
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.first_line_indent = Cm(0)
    paragraph.paragraph_format.keep_with_next = True
    line(paragraph, text, bold=True)


def blank(doc) -> None:
    doc.add_paragraph().paragraph_format.space_after = Pt(0)


def signature_table(doc, blocks: list[list[Line]], *, widths_cm=None, aligns=None):
    """Borderless signature blocks side by side (a "Nơi nhận" list may take the first)."""
    table = doc.add_table(rows=1, cols=len(blocks))
    no_borders(table)
    aligns = aligns or [WD_ALIGN_PARAGRAPH.CENTER] * len(blocks)
    for cell, lines, align in zip(table.rows[0].cells, blocks, aligns, strict=True):
        cell_lines(cell, lines, align=align)
    if widths_cm:
        column_widths(table, widths_cm)
    return table


def recipients_block(recipients: list[str]) -> list[Line]:
    """The "Nơi nhận:" block (bold italic, 12 pt) and its list (11 pt), per Nghị định 30."""
    return [
        ("Nơi nhận:", {"bold": True, "italic": True, "size": 12}),
        *[(f"- {r}", {"size": 11}) for r in recipients],
    ]


def signer_block(authority: list[str], name: str, *, gap: int = 4) -> list[Line]:
    """The signer's authority lines ("TM. …", "KT. …", the title), room to sign, the name."""
    return [
        *[(text, {"bold": True}) for text in authority],
        *[("", {})] * gap,
        (name, {"bold": True}),
    ]


def new_page_section(doc):
    """A section starting on a new page (an annex), with the first section's A4 page."""
    first = doc.sections[0]
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.page_width, section.page_height = first.page_width, first.page_height
    section.top_margin, section.bottom_margin = first.top_margin, first.bottom_margin
    section.left_margin, section.right_margin = first.left_margin, first.right_margin
    return section
