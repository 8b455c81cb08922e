"""Reading and writing spreadsheets (XLSX and CSV) safely.

Reading refuses what would hurt the server (zip bombs, huge sheets, non-UTF-8 CSV);
writing neutralises cells that a spreadsheet program would run as formulas."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.utils.translation import gettext as _

from chuluc.core.errors import ApplicationError

MAX_COLUMNS = 60
MAX_UNCOMPRESSED = 300 * 1024 * 1024
MAX_EMPTY_ROWS = 10_000  # empty rows tolerated past the row limit (formatting left below the data)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def read_rows(fileobj, *, kind: str, max_rows: int, sheet: str | None = None) -> list[list[str]]:
    """All rows of a sheet (the first by default) as text, header first. Empty trailing
    rows dropped."""
    rows: list[list[str]] = []
    # Stop at the first row that is over the limit rather than read a sheet whose last row
    # is number 1,048,576 (a 2 KB file that would hold a worker for minutes).
    for row in _read_xlsx(fileobj, sheet) if kind == "xlsx" else _read_csv(fileobj):
        rows.append(row)
        if len(rows) - 1 > max_rows and (any(row) or len(rows) > max_rows + MAX_EMPTY_ROWS):
            raise ApplicationError(
                _("Tệp vượt quá giới hạn %(max)s dòng dữ liệu mỗi lần nhập.") % {"max": max_rows}
            )
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows:
        raise ApplicationError(_("Tệp không có dữ liệu."))
    return rows


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_xlsx(fileobj, sheet_name: str | None = None) -> Iterator[list[str]]:
    import openpyxl  # noqa: PLC0415 - openpyxl loads only when an XLSX is read or written

    fileobj.seek(0)
    try:
        with zipfile.ZipFile(fileobj) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise ApplicationError(_("Tệp XLSX bị hỏng hoặc không phải là bảng tính.")) from None
    if total > MAX_UNCOMPRESSED:
        raise ApplicationError(
            _("Tệp XLSX giải nén ra quá lớn; hệ thống từ chối để bảo vệ máy chủ.")
        )
    fileobj.seek(0)
    try:
        workbook = openpyxl.load_workbook(fileobj, read_only=True, data_only=True)
    except Exception:
        raise ApplicationError(
            _("Không đọc được tệp XLSX: tệp bị hỏng hoặc sai định dạng.")
        ) from None
    try:
        sheet = workbook[sheet_name] if sheet_name else workbook.worksheets[0]
        # the sheet's declared size (<dimension ref="A1:XFD1048576">) is the client's word:
        # openpyxl would pad every row to it
        sheet.reset_dimensions()
        for row in sheet.iter_rows(values_only=True):
            if len(row) > MAX_COLUMNS and any(row[MAX_COLUMNS:]):
                raise ApplicationError(_("Bảng tính có quá nhiều cột (tối đa %s).") % MAX_COLUMNS)
            yield [_cell_text(v) for v in row[:MAX_COLUMNS]]
    finally:
        workbook.close()


def _read_csv(fileobj) -> Iterator[list[str]]:
    fileobj.seek(0)
    raw = fileobj.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ApplicationError(
            _("Tệp CSV không ở mã hóa UTF-8. Hãy lưu lại bằng “CSV UTF-8” rồi tải lên lại.")
        ) from None
    if "\x00" in text:
        raise ApplicationError(_("Tệp CSV chứa ký tự không hợp lệ."))
    first_line = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            if len(row) > MAX_COLUMNS:
                raise ApplicationError(_("Bảng tính có quá nhiều cột (tối đa %s).") % MAX_COLUMNS)
            yield [cell.strip() for cell in row]
    except csv.Error as exc:
        raise ApplicationError(_("Tệp CSV sai định dạng: %s") % exc) from None


def safe_cell(value: Any) -> Any:
    """A value that a spreadsheet program shows as text and never evaluates."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else safe_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx(header: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str) -> bytes:
    return write_workbook([(title, header, rows)])


def write_workbook(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]) -> bytes:
    """An XLSX with one sheet per (title, header, rows): header bold and frozen, every cell
    formula-safe, text kept as text."""
    import openpyxl  # noqa: PLC0415 - openpyxl loads only when an XLSX is read or written
    from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415 - openpyxl, as above
    from openpyxl.styles import Font  # noqa: PLC0415 - openpyxl, as above

    workbook = openpyxl.Workbook(write_only=True)
    bold = Font(bold=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        sheet.freeze_panes = "A2"
        cells = []
        for name in header:
            cell = WriteOnlyCell(sheet, value=name)
            cell.font = bold
            cells.append(cell)
        sheet.append(cells)
        for row in rows:
            out = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=safe_cell(value))
                if isinstance(value, str):
                    cell.data_type = "s"
                out.append(cell)
            sheet.append(out)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
