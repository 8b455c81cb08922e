"""Spreadsheet import of the register: column mapping and row validation.

Pure reads: ``plan_import`` turns the rows of a file into a plan (rows to create, to update,
unchanged, rejected with reasons). ``services.import_job_commit`` writes a plan."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from chuluc.core.text import nfc, search_key
from chuluc.registry.enums import ImportKind, Ownership, ProductTrack
from chuluc.registry.models import District, Enterprise, IndustryGroup, Product
from chuluc.registry.validators import (
    normalize_tax_code,
    validate_hs_code,
    validate_tax_code,
    validate_vsic,
)


@dataclass(frozen=True)
class Column:
    field: str
    header: str  # Vietnamese header of the template
    aliases: tuple[str, ...] = ()
    required: bool = False
    max_length: int = 300
    example: str = ""


ENTERPRISE_COLUMNS = (
    Column("tax_code", "Mã số thuế", ("tax_code", "mst"), True, 14, "9900000016"),
    Column("name", "Tên doanh nghiệp", ("name", "ten doanh nghiep"), True, 300, "Công ty CP Ví dụ"),
    Column("short_name", "Tên viết tắt", ("short_name", "brand"), False, 120, "VIDU"),
    Column("ownership", "Loại hình sở hữu", ("ownership",), False, 40, "Tư nhân"),
    Column("vsic", "Mã ngành VSIC", ("vsic", "vsic 2018", "ma nganh"), False, 6, "2740"),
    Column("district", "Quận/huyện", ("district", "quan huyen thi xa"), False, 100, "Cầu Giấy"),
    Column("address", "Địa chỉ", ("address",), False, 300, "Số 1 Đường Ví Dụ"),
    Column("hq_in_hanoi", "Trụ sở tại Hà Nội", ("hq_in_hanoi",), False, 10, "có"),
    Column("factory_in_hanoi", "Nhà máy tại Hà Nội", ("factory_in_hanoi",), False, 10, "có"),
    Column("website", "Trang web", ("website",), False, 200, "https://vidu.vn"),
)
PRODUCT_COLUMNS = (
    Column(
        "tax_code", "Mã số thuế doanh nghiệp", ("tax_code", "ma so thue"), True, 14, "9900000016"
    ),
    Column("name", "Tên sản phẩm", ("name", "product_name", "product"), True, 300, "Bóng đèn LED"),
    Column(
        "industry_group", "Nhóm ngành", ("industry_group", "group"), False, 150, "Điện, điện tử"
    ),
    Column("vsic", "Mã ngành VSIC", ("vsic", "vsic 2018"), False, 6, "2740"),
    Column("hs_code", "Mã HS", ("hs_code", "hs"), False, 13, "8539"),
    Column("track", "Diện xét chọn", ("track",), False, 40, "Sản phẩm khác"),
    Column("description", "Mô tả", ("description",), False, 5000, ""),
)
COLUMNS = {ImportKind.ENTERPRISES: ENTERPRISE_COLUMNS, ImportKind.PRODUCTS: PRODUCT_COLUMNS}

_TRUE = {"co", "x", "yes", "y", "true", "1", "dung"}
_FALSE = {"khong", "no", "n", "false", "0", "sai", ""}
MAX_REPORTED_ERRORS = 1000


def _choice_lookup(choices) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for value, label in choices:
        lookup[search_key(value)] = value
        lookup[search_key(str(label))] = value
    return lookup


def _ownership_lookup() -> dict[str, str]:
    lookup = _choice_lookup(Ownership.choices)
    lookup.update(
        {
            "co von dau tu nuoc ngoai": Ownership.FDI,
            "nuoc ngoai": Ownership.FDI,
            "nha nuoc": Ownership.STATE,
            "dn nha nuoc": Ownership.STATE,
            "ngoai nha nuoc": Ownership.PRIVATE,
            "hop tac xa": Ownership.COLLECTIVE,
        }
    )
    return lookup


@dataclass
class RowIssue:
    row: int
    key: str
    messages: list[str]


@dataclass
class ImportPlan:
    kind: str
    columns: dict[str, str]  # field -> header as written in the file
    unknown_columns: list[str]
    total: int = 0
    creates: list[dict[str, Any]] = field(default_factory=list)
    updates: list[tuple[Any, dict[str, Any]]] = field(default_factory=list)  # (object, changes)
    unchanged: int = 0
    issues: list[RowIssue] = field(default_factory=list)

    @property
    def valid(self) -> int:
        return len(self.creates) + len(self.updates) + self.unchanged

    def report(self) -> dict[str, Any]:
        return {
            "columns": self.columns,
            "unknown_columns": self.unknown_columns,
            "total": self.total,
            "valid": self.valid,
            "create": len(self.creates),
            "update": len(self.updates),
            "unchanged": self.unchanged,
            "error_count": len(self.issues),
            "errors": [
                {"row": i.row, "key": i.key, "messages": i.messages}
                for i in self.issues[:MAX_REPORTED_ERRORS]
            ],
        }


def map_header(kind: str, header: list[str]) -> tuple[dict[int, Column], dict[str, str], list[str]]:
    """Which column of the file holds which field; unknown and missing columns."""
    columns = COLUMNS[kind]
    by_key: dict[str, Column] = {}
    for col in columns:
        by_key[search_key(col.header)] = col
        for alias in col.aliases:
            by_key[search_key(alias)] = col
    mapping: dict[int, Column] = {}
    found: dict[str, str] = {}
    unknown: list[str] = []
    for index, title in enumerate(header):
        if not title:
            continue
        col = by_key.get(search_key(title))
        if col is None:
            unknown.append(title)
        elif col.field in found:
            raise ValidationError(
                _("Cột “%(a)s” và cột “%(b)s” cùng chỉ một trường; hãy bỏ một cột.")
                % {"a": found[col.field], "b": title}
            )
        else:
            mapping[index] = col
            found[col.field] = title
    missing = [c.header for c in columns if c.required and c.field not in found]
    if missing:
        raise ValidationError(
            _(
                "Tệp thiếu cột bắt buộc: %(cols)s. Hãy dùng tệp mẫu hoặc các tên cột tiếng Anh (%(en)s)."
            )
            % {
                "cols": ", ".join(missing),
                "en": ", ".join(c.aliases[0] for c in columns if c.aliases),
            }
        )
    return mapping, found, unknown


class _Parsers:
    """Turn one cell into a field value, or raise ValidationError with the reason."""

    def __init__(self) -> None:
        self.ownership = _ownership_lookup()
        self.tracks = _choice_lookup(ProductTrack.choices)
        self.districts: dict[str, int] = {}
        for pk, code, name, kind in District.objects.values_list("id", "code", "name", "kind"):
            self.districts[search_key(code)] = pk
            self.districts[search_key(name)] = pk
            self.districts[search_key(f"{kind} {name}")] = pk
        self.groups: dict[str, int] = {}
        for pk, code, name in IndustryGroup.objects.values_list("id", "code", "name"):
            self.groups[search_key(code)] = pk
            self.groups[search_key(name)] = pk
        self.url = URLValidator(schemes=["http", "https"])

    def parse(self, name: str, raw: str) -> Any:
        method: Callable[[str], Any] | None = getattr(self, f"p_{name}", None)
        return method(raw) if method else nfc(raw)

    def p_tax_code(self, raw: str) -> str:
        value = normalize_tax_code(raw)
        if not value:
            raise ValidationError(_("Thiếu mã số thuế."))
        validate_tax_code(value)
        return value

    def p_name(self, raw: str) -> str:
        value = nfc(raw)
        if not value:
            raise ValidationError(_("Thiếu tên."))
        return value

    def p_ownership(self, raw: str) -> str:
        if not raw:
            return ""
        value = self.ownership.get(search_key(raw))
        if value is None:
            raise ValidationError(
                _("Loại hình sở hữu “%(v)s” không hợp lệ; chọn một trong: %(ok)s.")
                % {"v": raw, "ok": ", ".join(str(label) for _v, label in Ownership.choices)}
            )
        return value

    def p_track(self, raw: str) -> str:
        if not raw:
            return ProductTrack.OTHER
        value = self.tracks.get(search_key(raw))
        if value is None:
            raise ValidationError(
                _("Diện xét chọn “%(v)s” không hợp lệ; chọn một trong: %(ok)s.")
                % {"v": raw, "ok": ", ".join(str(label) for _v, label in ProductTrack.choices)}
            )
        return value

    def p_district(self, raw: str) -> int | None:
        if not raw:
            return None
        value = self.districts.get(search_key(raw))
        if value is None:
            raise ValidationError(_("Không có quận/huyện/thị xã “%s” trong danh mục.") % raw)
        return value

    def p_industry_group(self, raw: str) -> int | None:
        if not raw:
            return None
        value = self.groups.get(search_key(raw))
        if value is None:
            raise ValidationError(_("Không có nhóm ngành “%s” trong danh mục.") % raw)
        return value

    def p_vsic(self, raw: str) -> str:
        value = raw.strip().upper()
        validate_vsic(value)
        return value

    def p_hs_code(self, raw: str) -> str:
        value = raw.strip()
        validate_hs_code(value)
        return value

    def _bool(self, raw: str) -> bool:
        key = search_key(raw)
        if key in _TRUE:
            return True
        if key in _FALSE:
            return False
        raise ValidationError(_("Giá trị “%s” phải là “có” hoặc “không”.") % raw)

    p_hq_in_hanoi = _bool
    p_factory_in_hanoi = _bool

    def p_website(self, raw: str) -> str:
        value = raw.strip()
        if value and "://" not in value:
            value = "https://" + value
        if value:
            self.url(value)
        return value


_FK_FIELDS = {"district": "district_id", "industry_group": "industry_group_id"}


def _parse_rows(kind, rows, mapping, progress) -> tuple[list[tuple[int, dict]], list[RowIssue]]:
    parsers = _Parsers()
    parsed: list[tuple[int, dict]] = []
    issues: list[RowIssue] = []
    for offset, row in enumerate(rows[1:]):
        line = offset + 2  # spreadsheet row number: header is row 1
        if not any(row):
            continue
        values: dict[str, Any] = {}
        messages: list[str] = []
        for index, col in mapping.items():
            raw = row[index] if index < len(row) else ""
            if len(raw) > col.max_length:
                messages.append(
                    _("%(col)s dài quá %(n)s ký tự.") % {"col": col.header, "n": col.max_length}
                )
                continue
            try:
                values[col.field] = parsers.parse(col.field, raw)
            except ValidationError as exc:
                messages.extend(f"{col.header}: {m}" for m in exc.messages)
        tax_index = _index_of(mapping, "tax_code")
        key = normalize_tax_code(row[tax_index]) if tax_index < len(row) else ""
        if messages:
            issues.append(RowIssue(line, key, messages))
        else:
            parsed.append((line, values))
        if progress and offset % 500 == 0:
            progress(offset)
    return parsed, issues


def _index_of(mapping: dict[int, Column], name: str) -> int:
    return next(i for i, c in mapping.items() if c.field == name)


def _chunks(items: list, size: int = 900):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _existing_enterprises(tax_codes: list[str]) -> dict[str, Enterprise]:
    found: dict[str, Enterprise] = {}
    for chunk in _chunks(tax_codes):
        for enterprise in Enterprise.objects.filter(tax_code__in=chunk):
            found[enterprise.tax_code] = enterprise
    return found


def _changes(obj, values: dict[str, Any]) -> dict[str, Any]:
    changes = {}
    for name, value in values.items():
        attr = _FK_FIELDS.get(name, name)
        if getattr(obj, attr) != value:
            changes[attr] = value
    return changes


def plan_import(kind: str, rows: list[list[str]], progress=None) -> ImportPlan:
    mapping, found, unknown = map_header(kind, rows[0])
    plan = ImportPlan(kind=kind, columns=found, unknown_columns=unknown)
    parsed, plan.issues = _parse_rows(kind, rows, mapping, progress)
    plan.total = len(parsed) + len(plan.issues)
    seen: dict[Any, int] = {}
    enterprises = _existing_enterprises(sorted({v["tax_code"] for _l, v in parsed}))
    products = _existing_products(enterprises) if kind == ImportKind.PRODUCTS else {}
    for line, values in parsed:
        tax_code = values["tax_code"]
        dedupe_key = (
            tax_code if kind == ImportKind.ENTERPRISES else (tax_code, search_key(values["name"]))
        )
        if dedupe_key in seen:
            what = _("Mã số thuế") if kind == ImportKind.ENTERPRISES else _("Sản phẩm")
            plan.issues.append(
                RowIssue(
                    line,
                    tax_code,
                    [
                        _("%(what)s trùng với dòng %(row)s của tệp.")
                        % {"what": what, "row": seen[dedupe_key]}
                    ],
                )
            )
            continue
        seen[dedupe_key] = line
        if kind == ImportKind.ENTERPRISES:
            _plan_enterprise(plan, values, enterprises.get(tax_code))
        else:
            _plan_product(plan, line, values, enterprises.get(tax_code), products)
    plan.issues.sort(key=lambda issue: issue.row)
    return plan


def _plan_enterprise(plan: ImportPlan, values: dict, existing: Enterprise | None) -> None:
    values = {_FK_FIELDS.get(k, k): v for k, v in values.items()}
    if existing is None:
        plan.creates.append(values)
        return
    changes = _changes(existing, {k: v for k, v in values.items() if k != "tax_code"})
    if changes:
        plan.updates.append((existing, changes))
    else:
        plan.unchanged += 1


def _existing_products(enterprises: dict[str, Enterprise]) -> dict[tuple[int, str], Product]:
    ids = [e.pk for e in enterprises.values()]
    found: dict[tuple[int, str], Product] = {}
    for chunk in _chunks(ids):
        for product in Product.objects.filter(enterprise_id__in=chunk):
            found[(product.enterprise_id, product.name_key)] = product
    return found


def _plan_product(plan, line, values, enterprise, products) -> None:
    if enterprise is None:
        plan.issues.append(
            RowIssue(
                line,
                values["tax_code"],
                [
                    _(
                        "Chưa có doanh nghiệp mã số thuế %s trong sổ đăng ký; hãy nhập doanh nghiệp trước."
                    )
                    % values["tax_code"]
                ],
            )
        )
        return
    values = {_FK_FIELDS.get(k, k): v for k, v in values.items() if k != "tax_code"}
    values["enterprise_id"] = enterprise.pk
    existing = products.get((enterprise.pk, search_key(values["name"])))
    if existing is None:
        plan.creates.append(values)
        return
    changes = _changes(existing, values)
    if changes:
        plan.updates.append((existing, changes))
    else:
        plan.unchanged += 1
