"""Reading the production index workbooks, validated whole.

Two kinds of workbook come in (templates from :mod:`chuluc.production.exports`):

- base-year data: sheet “Sản phẩm” (the basket: code, name, unit, VSIC level 4, base-year
  output value, base-year monthly average quantity, optional key-product link, optional
  month of discontinuation) and sheet “Trọng số ngành” (level, code, name, base-year value
  added of each VSIC node at levels 4, 2 and 1);
- monthly quantities: one row per product and month (code, name, month, quantity, unit);
  “thiếu” (or “x”, “-”) records a value the firm did not report (missing, never a zero);
  a row with a blank quantity is skipped, so a template filled in part changes only what
  it gives.

Every row is checked and every problem collected with its sheet, line and column; a file
with any problem raises :class:`ImportRejected` carrying the whole report, and the caller
stores nothing. Files go through the safe readers of ``chuluc.core`` (type from content,
size, zip-bomb and row limits).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from chuluc.core.errors import ApplicationError
from chuluc.core.spreadsheets import read_rows
from chuluc.core.uploads import XLSX, check_upload
from chuluc.statistics.vsic import SECTIONS

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 60_000
MAX_NUMBER = Decimal(10) ** 19
PRODUCTS_SHEET = "Sản phẩm"
NODES_SHEET = "Trọng số ngành"
QUANTITIES_SHEET = "Sản lượng"
PRODUCT_COLUMNS = [
    "Mã sản phẩm",
    "Tên sản phẩm",
    "Đơn vị tính",
    "Mã VSIC cấp 4",
    "Giá trị sản xuất năm gốc",
    "Sản lượng bình quân tháng năm gốc",
    "Mã sản phẩm chủ lực trong hệ thống",
    "Ngừng sản xuất từ tháng",
]
NODE_COLUMNS = ["Cấp", "Mã ngành", "Tên ngành", "Giá trị tăng thêm năm gốc"]
QUANTITY_COLUMNS = ["Mã sản phẩm", "Tên sản phẩm", "Tháng", "Sản lượng", "Đơn vị tính"]
MAX_ERRORS = 500
#: What marks a quantity the firm did not report (stored as missing, never as zero); a
#: blank cell changes nothing.
MISSING_MARKERS = frozenset({"thiếu", "x", "-"})

_PLAIN_NUMBER = re.compile(r"[0-9]+(\.[0-9]+)?")
_SPREADSHEET_DECIMAL = re.compile(r"[0-9]+\.[0-9]+")
_MONTH_PATTERNS = (
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})"),
    re.compile(r"(?P<m>\d{1,2})/(?P<y>\d{4})"),
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})-01( 00:00:00)?"),  # a date cell
)
_LEVEL_CODE = {4: re.compile(r"\d{4}"), 2: re.compile(r"\d{2}"), 1: re.compile(r"[BCDE]")}


class ImportRejected(ApplicationError):
    """The file has problems; ``errors`` lists each (sheet, line, column, message)."""

    def __init__(self, errors: list[dict]) -> None:
        super().__init__(
            _("Tệp có %(n)s lỗi; chưa lưu dữ liệu nào. Sửa các dòng dưới đây rồi tải lên lại.")
            % {"n": len(errors)},
            extra={"errors": errors},
        )
        self.errors = errors


@dataclass
class Report:
    """Problems found so far, in file order."""

    errors: list[dict] = field(default_factory=list)

    def add(self, sheet: str, line: int, column: str, message: str) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append({"sheet": sheet, "line": line, "column": column, "message": message})

    def raise_if_any(self) -> None:
        if self.errors:
            raise ImportRejected(self.errors)


def unit_key(text: str) -> str:
    """Units compare without case, spaces or composed/decomposed differences."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def parse_number(text: str) -> Decimal:
    """A quantity or a weight. A numeric cell arrives as ``1500.5`` or ``44.775`` (one dot:
    the decimal point, whatever the number of decimals, since physical quantities have
    decimals); text typed Vietnamese style is read when it cannot be mistaken: a decimal
    comma (``1.500,5``, ``12,5``) or several grouping dots (``1.500.000``). Raises
    ``ValueError`` with a Vietnamese message."""
    # a leading apostrophe marks text (our exports add it before a sign, formula-safe)
    raw = text.strip().removeprefix("'").replace(" ", "").replace("\u00a0", "")
    if raw.startswith("-"):
        raise ValueError(_("Số âm không hợp lệ."))
    plain = _SPREADSHEET_DECIMAL.fullmatch(raw)
    cleaned = raw if plain else raw.replace(".", "").replace(",", ".")
    if not _PLAIN_NUMBER.fullmatch(cleaned):
        raise ValueError(_("“%(value)s” không phải là số.") % {"value": text[:40]})
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(_("“%(value)s” không phải là số.") % {"value": text[:40]}) from None
    if value >= MAX_NUMBER:
        raise ValueError(_("Số quá lớn."))
    return value


def parse_month(text: str) -> dt.date:
    """``2024-03``, ``03/2024`` or a date cell on the first of the month → ``2024-03-01``."""
    for pattern in _MONTH_PATTERNS:
        match = pattern.fullmatch(text.strip())
        if match:
            year, month = int(match["y"]), int(match["m"])
            if 1 <= month <= 12 and 1900 < year < 2200:  # noqa: PLR2004
                return dt.date(year, month, 1)
    raise ValueError(
        _("Tháng “%(value)s” không hợp lệ: ghi dạng 2024-03 hoặc 03/2024.") % {"value": text[:20]}
    )


def _rows(upload, sheet: str, columns: list[str]) -> list[list[str]]:
    try:
        rows = read_rows(upload, kind="xlsx", max_rows=MAX_ROWS, sheet=sheet)
    except KeyError:
        raise ApplicationError(
            _("Bảng tính không có trang “%(sheet)s”. Hãy dùng tệp mẫu.") % {"sheet": sheet}
        ) from None
    header = [unit_key(c) for c in rows[0][: len(columns)]]
    if header != [unit_key(c) for c in columns]:
        raise ApplicationError(
            _("Trang “%(sheet)s”, dòng 1: tiêu đề cột không đúng mẫu (cần: %(columns)s).")
            % {"sheet": sheet, "columns": ", ".join(columns)}
        )
    return [[*row, *[""] * len(columns)][: len(columns)] for row in rows[1:]]


def _check_file(upload) -> None:
    check_upload(upload, allowed=(XLSX,), max_bytes=MAX_BYTES)


# ---------------------------------------------------------------------- base-year data


def _product_optional(
    report: Report, line: int, row: dict, *, key: str, stopped: str, base_year: int
) -> bool:
    """The optional columns: the key-product link and the month of discontinuation."""
    ok = True
    row["registry_product_id"] = None
    if key:
        if key.isdigit() and len(key) < 12:  # noqa: PLR2004
            row["registry_product_id"] = int(key)
        else:
            report.add(
                PRODUCTS_SHEET, line, PRODUCT_COLUMNS[6], _("Mã sản phẩm chủ lực phải là số.")
            )
            ok = False
    row["discontinued_from"] = None
    if stopped:
        try:
            row["discontinued_from"] = parse_month(stopped)
        except ValueError as exc:
            report.add(PRODUCTS_SHEET, line, PRODUCT_COLUMNS[7], str(exc))
            ok = False
        else:
            if row["discontinued_from"].year <= base_year:
                report.add(
                    PRODUCTS_SHEET,
                    line,
                    PRODUCT_COLUMNS[7],
                    _("Tháng ngừng sản xuất phải sau năm gốc %(year)s.") % {"year": base_year},
                )
                ok = False
    return ok


def _product_row(
    report: Report, line: int, cells: list[str], seen: dict[str, int], base_year: int
) -> dict | None:
    sheet = PRODUCT_COLUMNS
    code, name, unit, vsic4, weight, base, key, stopped = cells
    row: dict = {"code": code, "name": name, "unit": unit, "vsic4": vsic4, "line": line}
    ok = True
    for value, column in ((code, 0), (name, 1), (unit, 2)):
        if not value:
            report.add(PRODUCTS_SHEET, line, sheet[column], _("Không được để trống."))
            ok = False
    if len(code) > 40 or len(name) > 300 or len(unit) > 30:  # noqa: PLR2004 - field sizes
        report.add(PRODUCTS_SHEET, line, sheet[0], _("Mã, tên hoặc đơn vị tính quá dài."))
        ok = False
    if code and code in seen:
        report.add(
            PRODUCTS_SHEET,
            line,
            sheet[0],
            _("Mã “%(code)s” trùng với dòng %(other)s.") % {"code": code, "other": seen[code]},
        )
        ok = False
    seen.setdefault(code, line)
    if not (len(vsic4) == 4 and vsic4.isdigit() and vsic4[:2] in SECTIONS):  # noqa: PLR2004
        report.add(
            PRODUCTS_SHEET,
            line,
            sheet[3],
            _("“%(code)s” không phải mã VSIC cấp 4 của ngành công nghiệp (05–39).")
            % {"code": vsic4[:10]},
        )
        ok = False
    for key_name, text, column in (("weight", weight, 4), ("base_quantity", base or "0", 5)):
        try:
            row[key_name] = parse_number(text)
        except ValueError as exc:
            report.add(PRODUCTS_SHEET, line, sheet[column], str(exc))
            ok = False
    ok = _product_optional(report, line, row, key=key, stopped=stopped, base_year=base_year) and ok
    return row if ok else None


def _node_row(report: Report, line: int, cells: list[str], seen: dict) -> dict | None:
    level_text, code, name, value = cells
    ok = True
    level = int(level_text) if level_text in ("1", "2", "4") else None
    if level is None:
        report.add(NODES_SHEET, line, NODE_COLUMNS[0], _("Cấp phải là 4, 2 hoặc 1."))
        return None
    if not _LEVEL_CODE[level].fullmatch(code) or (level == 2 and code not in SECTIONS):  # noqa: PLR2004
        report.add(
            NODES_SHEET,
            line,
            NODE_COLUMNS[1],
            _("“%(code)s” không phải mã ngành công nghiệp cấp %(level)s.")
            % {"code": code[:10], "level": level},
        )
        ok = False
    if (level, code) in seen:
        report.add(
            NODES_SHEET,
            line,
            NODE_COLUMNS[1],
            _("Ngành %(code)s cấp %(level)s trùng với dòng %(other)s.")
            % {"code": code, "level": level, "other": seen[(level, code)]},
        )
        ok = False
    seen.setdefault((level, code), line)
    try:
        amount = parse_number(value)
    except ValueError as exc:
        report.add(NODES_SHEET, line, NODE_COLUMNS[3], str(exc))
        ok = False
    if not ok:
        return None
    return {"level": level, "code": code, "name": name[:300], "value_added": amount}


def read_basket(upload, *, base_year: int, known_registry_ids) -> dict:
    """``{"products": [...], "nodes": [...]}`` from a base-year workbook, or
    :class:`ImportRejected`. ``known_registry_ids(ids) -> set`` looks the links up at once."""
    _check_file(upload)
    products_rows = _rows(upload, PRODUCTS_SHEET, PRODUCT_COLUMNS)
    node_rows = _rows(upload, NODES_SHEET, NODE_COLUMNS)
    report = Report()
    products, nodes, seen_codes, seen_nodes = [], [], {}, {}
    for line, cells in enumerate(products_rows, start=2):
        if not any(cells):
            continue
        row = _product_row(report, line, cells, seen_codes, base_year)
        if row is not None:
            products.append(row)
    for line, cells in enumerate(node_rows, start=2):
        if not any(cells):
            continue
        row = _node_row(report, line, cells, seen_nodes)
        if row is not None:
            nodes.append(row)
    if not seen_codes:
        report.add(PRODUCTS_SHEET, 2, PRODUCT_COLUMNS[0], _("Rổ sản phẩm trống."))
    _check_links(report, products, known_registry_ids)
    _check_node_coverage(report, products, seen_nodes)
    report.raise_if_any()
    return {"products": products, "nodes": nodes}


def _check_links(report: Report, products: list[dict], known_registry_ids) -> None:
    wanted = {p["registry_product_id"] for p in products if p["registry_product_id"]}
    known = known_registry_ids(wanted) if wanted else set()
    used: dict[int, int] = {}
    for p in products:
        pk = p["registry_product_id"]
        if pk is None:
            continue
        if pk not in known:
            report.add(
                PRODUCTS_SHEET,
                p["line"],
                PRODUCT_COLUMNS[6],
                _("Không có sản phẩm số %(pk)s trong sổ đăng ký.") % {"pk": pk},
            )
        elif pk in used:
            report.add(
                PRODUCTS_SHEET,
                p["line"],
                PRODUCT_COLUMNS[6],
                _("Sản phẩm số %(pk)s đã gắn với dòng %(other)s.") % {"pk": pk, "other": used[pk]},
            )
        used.setdefault(pk, p["line"])


def _check_node_coverage(report: Report, products: list[dict], nodes: dict) -> None:
    """Every product's level-4 industry, division and section needs a value added."""
    for p in products:
        code = p["vsic4"]
        needed = ((4, code), (2, code[:2]), (1, SECTIONS[code[:2]]))
        for level, node in needed:
            if (level, node) not in nodes:
                report.add(
                    PRODUCTS_SHEET,
                    p["line"],
                    PRODUCT_COLUMNS[3],
                    _(
                        "Thiếu giá trị tăng thêm của ngành %(code)s (cấp %(level)s) ở trang “%(sheet)s”."
                    )
                    % {"code": node, "level": level, "sheet": NODES_SHEET},
                )


# ---------------------------------------------------------------------- monthly quantities


def _month_in(
    report: Report, line: int, text: str, first_month: dt.date, last_month: dt.date
) -> dt.date | None:
    """The row's month, if it is one and within the allowed range (else reported)."""
    try:
        month = parse_month(text)
    except ValueError as exc:
        report.add(QUANTITIES_SHEET, line, QUANTITY_COLUMNS[2], str(exc))
        return None
    if not first_month <= month <= last_month:
        report.add(
            QUANTITIES_SHEET,
            line,
            QUANTITY_COLUMNS[2],
            _("Tháng %(month)s nằm ngoài khoảng %(first)s – %(last)s.")
            % {
                "month": f"{month:%m/%Y}",
                "first": f"{first_month:%m/%Y}",
                "last": f"{last_month:%m/%Y}",
            },
        )
        return None
    return month


def read_quantities(
    upload, *, products: dict[str, tuple[int, str]], first_month: dt.date, last_month: dt.date
) -> list[dict]:
    """``[{"product_id", "month", "quantity" (None: missing), "line"}]`` or
    :class:`ImportRejected`. ``products``: basket code → (id, unit)."""
    _check_file(upload)
    rows = _rows(upload, QUANTITIES_SHEET, QUANTITY_COLUMNS)
    report = Report()
    out: list[dict] = []
    seen: dict[tuple[str, dt.date], int] = {}
    columns = QUANTITY_COLUMNS
    for line, cells in enumerate(rows, start=2):
        if not any(cells):
            continue
        code, _name, month_text, value, unit = cells
        if not value.strip():
            continue  # a blank quantity changes nothing (a template partly filled)
        ok = True
        product = products.get(code)
        if product is None:
            report.add(
                QUANTITIES_SHEET,
                line,
                columns[0],
                _("Mã sản phẩm “%(code)s” không có trong rổ của năm gốc.") % {"code": code[:40]},
            )
            ok = False
        month = _month_in(report, line, month_text, first_month, last_month)
        ok = ok and month is not None
        quantity = None
        if unit_key(value.removeprefix("'")) not in MISSING_MARKERS:
            try:
                quantity = parse_number(value)
            except ValueError as exc:
                report.add(QUANTITIES_SHEET, line, columns[3], str(exc))
                ok = False
        if product is not None and unit and unit_key(unit) != unit_key(product[1]):
            report.add(
                QUANTITIES_SHEET,
                line,
                columns[4],
                _("Đơn vị “%(unit)s” khác đơn vị của sản phẩm trong rổ (“%(expected)s”).")
                % {"unit": unit[:30], "expected": product[1]},
            )
            ok = False
        if product is not None and month is not None:
            if (code, month) in seen:
                report.add(
                    QUANTITIES_SHEET,
                    line,
                    columns[0],
                    _("Sản phẩm “%(code)s”, tháng %(month)s trùng với dòng %(other)s.")
                    % {"code": code, "month": f"{month:%m/%Y}", "other": seen[(code, month)]},
                )
                ok = False
            seen.setdefault((code, month), line)
        if ok:
            out.append({"product_id": product[0], "month": month, "quantity": quantity})
    if not seen and not report.errors:
        report.add(
            QUANTITIES_SHEET,
            2,
            columns[3],
            _("Tệp không có giá trị sản lượng nào (mọi ô “Sản lượng” đều trống)."),
        )
    report.raise_if_any()
    return out
