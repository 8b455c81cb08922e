"""Writers of the annual report (``annual_report.build_annual_report`` says what it holds):
XLSX with an openpyxl bar chart, PDF with reportlab (DejaVu fonts, a reportlab graphics bar
chart), DOCX in the state format's page and font (tables; no chart)."""

from __future__ import annotations

import io

import openpyxl
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

from chuluc.core.documents import (
    centered,
    document_bytes,
    grid,
    heading,
    new_document,
    pdf_fonts,
    pdf_paragraph,
)
from chuluc.core.spreadsheets import safe_cell

SHEET_TITLE = "Báo cáo"
CHART_SHEET = "Biểu đồ"
CHARS_PER_LINE = 60  # of the 70-wide first column, with room for wide letters
LINE_HEIGHT = 15  # points


def write_xlsx(report) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = SHEET_TITLE
    bold = Font(bold=True)
    sheet.column_dimensions["A"].width = 70
    # Printed (or exported to PDF) as one page wide, landscape: a row never splits across pages.
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    for col in "BCD":
        sheet.column_dimensions[col].width = 24
    sheet.append([report.title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    for text in report.statements:
        sheet.append([safe_cell(text)])
        sheet.cell(row=sheet.max_row, column=1).alignment = Alignment(
            wrap_text=True, vertical="top"
        )
        # Spreadsheet programs differ in sizing wrapped rows: give every line its height.
        sheet.row_dimensions[sheet.max_row].height = LINE_HEIGHT * (1 + len(text) // CHARS_PER_LINE)
    for table in report.tables:
        sheet.append([])
        sheet.append([safe_cell(table.title)])
        sheet.cell(row=sheet.max_row, column=1).font = bold
        sheet.append([safe_cell(h) for h in table.header])
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        for row in table.rows:
            sheet.append([safe_cell(v) for v in row])
    data = book.create_sheet(CHART_SHEET)
    data.append(["Năm", *[name for name, _values in report.chart_series]])
    for i, label in enumerate(report.chart_labels):
        data.append([label, *[values[i] for _name, values in report.chart_series]])
    if report.chart_labels:
        chart = BarChart()
        chart.title = report.chart_title
        rows = len(report.chart_labels) + 1
        refs = Reference(
            data, min_col=2, max_col=1 + len(report.chart_series), min_row=1, max_row=rows
        )
        chart.add_data(refs, titles_from_data=True)
        chart.set_categories(Reference(data, min_col=1, min_row=2, max_row=rows))
        data.add_chart(chart, "E2")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _pdf_chart(report, font: str):
    drawing = Drawing(440, 230)
    drawing.add(
        String(220, 215, report.chart_title, fontName=font, fontSize=10, textAnchor="middle")
    )
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 40, 300, 160
    chart.data = [tuple(values) for _name, values in report.chart_series]
    chart.categoryAxis.categoryNames = report.chart_labels
    chart.categoryAxis.labels.fontName = chart.valueAxis.labels.fontName = font
    chart.valueAxis.valueMin = 0
    palette = (colors.HexColor("#1f6feb"), colors.HexColor("#d97706"))
    for i, color in enumerate(palette[: len(chart.data)]):
        chart.bars[i].fillColor = color
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y, legend.fontName = 350, 180, font
    legend.colorNamePairs = [
        (palette[i], name) for i, (name, _values) in enumerate(report.chart_series)
    ]
    drawing.add(legend)
    return drawing


def write_pdf(report) -> bytes:
    font, bold = pdf_fonts()
    body = ParagraphStyle("body", fontName=font, fontSize=10, leading=14, spaceAfter=4)
    title = ParagraphStyle("title", parent=body, fontName=bold, fontSize=12, alignment=1)
    head = ParagraphStyle("head", parent=body, fontName=bold, spaceBefore=8)
    cell = ParagraphStyle("cell", parent=body, fontSize=9, leading=11, spaceAfter=0)
    story = [pdf_paragraph(report.title, title), Spacer(1, 8)]
    story += [pdf_paragraph(text, body) for text in report.statements]
    if report.chart_labels:
        story += [Spacer(1, 6), _pdf_chart(report, font)]
    for table in report.tables:
        story.append(pdf_paragraph(table.title, head))
        rows = [[pdf_paragraph(v, cell) for v in row] for row in [table.header, *table.rows]]
        pdf_table = Table(rows, colWidths=[w * cm for w in table.widths], repeatRows=1)
        pdf_table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story.append(pdf_table)
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=2 * cm, rightMargin=1.5 * cm, title=report.title
    ).build(story)
    return buffer.getvalue()


def write_docx(report) -> bytes:
    doc = new_document()
    centered(doc, report.title, space_after=12)
    for text in report.statements:
        doc.add_paragraph(text)
    for table in report.tables:
        heading(doc, table.title)
        if table.rows:
            grid(doc, table.header, table.rows, table.widths, size=11)
        else:
            doc.add_paragraph("Không có số liệu.")
    return document_bytes(doc)
