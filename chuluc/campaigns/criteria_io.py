"""Criteria sets as files (YAML or XLSX): read, validate, write.

``parse_*`` turn a file into a ``SetSpec``; ``validate_spec`` lists every reason the spec
cannot be accepted (points that do not add up, overlapping bands, a judged criterion with
no scorer, ...), in Vietnamese. Nothing is stored here."""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml
from django.utils.translation import gettext as _

from chuluc.campaigns.enums import CriterionKind, Metric
from chuluc.core.errors import ApplicationError
from chuluc.core.spreadsheets import read_rows
from chuluc.core.text import search_key


@dataclass
class BandSpec:
    lower: Decimal | None
    upper: Decimal | None
    points: Decimal


@dataclass
class CriterionSpec:
    code: str
    name: str
    max_points: Decimal
    kind: str
    guidance: str = ""
    metric: str = ""
    scorer: str = ""
    bands: list[BandSpec] = field(default_factory=list)
    # English name and guidance, shown when a page is in English (optional).
    name_en: str = ""
    guidance_en: str = ""


@dataclass
class GroupSpec:
    code: str
    name: str
    criteria: list[CriterionSpec] = field(default_factory=list)
    name_en: str = ""


@dataclass
class SetSpec:
    name: str
    total_points: Decimal = Decimal(100)
    is_assumption: bool = False
    source: str = ""
    groups: list[GroupSpec] = field(default_factory=list)

    def criteria(self) -> list[CriterionSpec]:
        return [c for g in self.groups for c in g.criteria]


def _decimal(value: Any, where: str) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise ApplicationError(
            _("%(where)s: “%(v)s” không phải là số.") % {"where": where, "v": value}
        ) from None


_KINDS = (
    {search_key(k): k for k in CriterionKind.values}
    | {search_key(str(label)): value for value, label in CriterionKind.choices}
    | {
        "tinh": CriterionKind.COMPUTED,
        "tu dong": CriterionKind.COMPUTED,
        "cham": CriterionKind.JUDGED,
        "hoi dong": CriterionKind.JUDGED,
    }
)


def _kind(value: Any, where: str) -> str:
    kind = _KINDS.get(search_key(str(value or "")))
    if kind is None:
        raise ApplicationError(
            _(
                "%(where)s: loại tiêu chí “%(v)s” không hợp lệ (computed/judged, hoặc “tính”/“chấm”)."
            )
            % {"where": where, "v": value}
        )
    return kind


class NoAliasLoader(yaml.SafeLoader):
    """A criteria file needs no anchors, and an alias of an alias of an alias... (the
    YAML "billion laughs") expands into billions of items as soon as it is read."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise yaml.YAMLError(_("tệp dùng tham chiếu (*alias), không được chấp nhận."))
        return super().compose_node(parent, index)


def parse_yaml(content: bytes) -> SetSpec:
    try:
        data = yaml.load(content.decode("utf-8"), Loader=NoAliasLoader)  # noqa: S506 - a SafeLoader
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ApplicationError(
            _("Tệp YAML không đọc được: %s") % str(exc).splitlines()[0]
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("groups"), list):
        raise ApplicationError(_("Tệp YAML phải có “name” và danh sách “groups”."))
    spec = SetSpec(
        name=str(data.get("name") or "").strip(),
        total_points=_decimal(data.get("total_points", 100), "total_points") or Decimal(0),
        is_assumption=bool(data.get("is_assumption", False)),
        source=str(data.get("source") or ""),
    )
    for gi, group in enumerate(data["groups"], start=1):
        if not isinstance(group, dict):
            raise ApplicationError(_("Nhóm thứ %s không đúng cấu trúc.") % gi)
        gspec = GroupSpec(
            code=str(group.get("code") or "").strip(),
            name=str(group.get("name") or "").strip(),
            name_en=str(group.get("name_en") or "").strip(),
        )
        for ci, crit in enumerate(group.get("criteria") or [], start=1):
            where = f"{gspec.code or gi}.{ci}"
            if not isinstance(crit, dict):
                raise ApplicationError(_("Tiêu chí %s không đúng cấu trúc.") % where)
            bands = []
            for band in crit.get("bands") or []:
                if not isinstance(band, dict):
                    raise ApplicationError(
                        _("Mức điểm của tiêu chí %s không đúng cấu trúc.") % where
                    )
                bands.append(
                    BandSpec(
                        lower=_decimal(band.get("lower"), where),
                        upper=_decimal(band.get("upper"), where),
                        points=_decimal(band.get("points"), where) or Decimal(0),
                    )
                )
            gspec.criteria.append(
                CriterionSpec(
                    code=str(crit.get("code") or "").strip(),
                    name=str(crit.get("name") or "").strip(),
                    max_points=_decimal(crit.get("max_points"), where) or Decimal(0),
                    kind=_kind(crit.get("kind"), where),
                    guidance=str(crit.get("guidance") or ""),
                    metric=str(crit.get("metric") or "").strip(),
                    scorer=str(crit.get("scorer") or "").strip(),
                    bands=bands,
                    name_en=str(crit.get("name_en") or "").strip(),
                    guidance_en=str(crit.get("guidance_en") or ""),
                )
            )
        spec.groups.append(gspec)
    return spec


CRITERIA_SHEET = "Tiêu chí"
BANDS_SHEET = "Mức điểm"
CRITERIA_HEADER = [
    "Mã nhóm",
    "Tên nhóm",
    "Mã tiêu chí",
    "Tên tiêu chí",
    "Điểm tối đa",
    "Loại",
    "Chỉ số",
    "Người chấm",
    "Hướng dẫn",
]
BANDS_HEADER = ["Mã tiêu chí", "Từ (≥)", "Đến (<)", "Điểm"]


def parse_xlsx(content: bytes, *, name: str, total_points: Decimal = Decimal(100)) -> SetSpec:
    import openpyxl  # noqa: PLC0415 - openpyxl loads only when an XLSX criteria set is read

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheets = {search_key(ws.title): ws.title for ws in workbook.worksheets}
        workbook.close()
    except Exception:
        raise ApplicationError(_("Không đọc được tệp XLSX.")) from None
    if search_key(CRITERIA_SHEET) not in sheets:
        raise ApplicationError(_("Tệp XLSX cần trang “%s”.") % CRITERIA_SHEET)
    criteria_rows = read_rows(
        io.BytesIO(content), kind="xlsx", max_rows=500, sheet=sheets[search_key(CRITERIA_SHEET)]
    )
    band_rows = []
    if search_key(BANDS_SHEET) in sheets:
        band_rows = read_rows(
            io.BytesIO(content), kind="xlsx", max_rows=5000, sheet=sheets[search_key(BANDS_SHEET)]
        )
    spec = SetSpec(name=name, total_points=total_points)
    groups: dict[str, GroupSpec] = {}
    by_code: dict[str, CriterionSpec] = {}
    for number, raw in enumerate(criteria_rows[1:], start=2):
        row = [*raw, *[""] * (len(CRITERIA_HEADER) - len(raw))]
        if not any(row):
            continue
        where = _("dòng %s") % number
        gcode, gname, code, cname, max_points, kind, metric, scorer, guidance = row[
            : len(CRITERIA_HEADER)
        ]
        group = groups.get(gcode)
        if group is None:
            group = groups[gcode] = GroupSpec(code=gcode, name=gname)
            spec.groups.append(group)
        crit = CriterionSpec(
            code=code,
            name=cname,
            max_points=_decimal(max_points, where) or Decimal(0),
            kind=_kind(kind, where),
            metric=metric,
            scorer=scorer,
            guidance=guidance,
        )
        group.criteria.append(crit)
        by_code[code] = crit
    for number, raw in enumerate(band_rows[1:], start=2):
        row = [*raw, *[""] * (len(BANDS_HEADER) - len(raw))]
        if not any(row):
            continue
        where = _("trang %(s)s, dòng %(n)s") % {"s": BANDS_SHEET, "n": number}
        crit = by_code.get(row[0])
        if crit is None:
            raise ApplicationError(
                _("%(where)s: không có tiêu chí mã “%(c)s”.") % {"where": where, "c": row[0]}
            )
        crit.bands.append(
            BandSpec(
                lower=_decimal(row[1], where),
                upper=_decimal(row[2], where),
                points=_decimal(row[3], where) or Decimal(0),
            )
        )
    return spec


def validate_spec(spec: SetSpec, *, scorers: set[str]) -> list[str]:
    """Every reason the set cannot be accepted; empty when it can."""
    errors: list[str] = []
    if not spec.name:
        errors.append(_("Bộ tiêu chí cần có tên."))
    if not spec.groups:
        errors.append(_("Bộ tiêu chí chưa có nhóm tiêu chí nào."))
    seen_groups: set[str] = set()
    seen: set[str] = set()
    for group in spec.groups:
        if not group.code or not group.name:
            errors.append(_("Mỗi nhóm cần có mã và tên."))
        if group.code in seen_groups:
            errors.append(_("Mã nhóm “%s” bị trùng.") % group.code)
        seen_groups.add(group.code)
        if not group.criteria:
            errors.append(_("Nhóm “%s” chưa có tiêu chí nào.") % group.code)
        for crit in group.criteria:
            errors.extend(_criterion_errors(crit, seen, scorers))
    total = sum((c.max_points for c in spec.criteria()), Decimal(0))
    if total != spec.total_points:
        errors.append(
            _(
                "Tổng điểm tối đa của các tiêu chí là %(sum)s, không bằng tổng điểm của bộ tiêu chí (%(total)s)."
            )
            % {"sum": _fmt(total), "total": _fmt(spec.total_points)}
        )
    return errors


def _fmt(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _criterion_errors(crit: CriterionSpec, seen: set[str], scorers: set[str]) -> list[str]:
    errors: list[str] = []
    label = crit.code or crit.name or "?"
    if not crit.code or not crit.name:
        errors.append(_("Tiêu chí “%s” cần có mã và tên.") % label)
    if crit.code in seen:
        errors.append(_("Mã tiêu chí “%s” bị trùng.") % crit.code)
    seen.add(crit.code)
    if crit.max_points <= 0:
        errors.append(_("Tiêu chí %s: điểm tối đa phải lớn hơn 0.") % label)
    if crit.kind == CriterionKind.JUDGED:
        if not crit.scorer:
            errors.append(
                _("Tiêu chí %s do Hội đồng chấm nhưng chưa phân công người/cơ quan chấm.") % label
            )
        elif crit.scorer not in scorers:
            errors.append(
                _("Tiêu chí %(c)s: người/cơ quan chấm “%(s)s” không có trong danh mục.")
                % {"c": label, "s": crit.scorer}
            )
        if crit.bands:
            errors.append(_("Tiêu chí %s do Hội đồng chấm không dùng mức điểm.") % label)
        return errors
    if crit.metric not in Metric.values:
        errors.append(
            _("Tiêu chí %(c)s: chỉ số “%(m)s” không hợp lệ; dùng một trong: %(ok)s.")
            % {"c": label, "m": crit.metric, "ok": ", ".join(Metric.values)}
        )
    if not crit.bands:
        errors.append(_("Tiêu chí %s tính từ số liệu nhưng chưa có mức điểm.") % label)
    errors.extend(band_errors(label, crit.max_points, crit.bands))
    return errors


def band_errors(label: str, max_points: Decimal, bands: list[BandSpec]) -> list[str]:
    errors: list[str] = []
    for band in bands:
        if band.lower is not None and band.upper is not None and band.lower >= band.upper:
            errors.append(
                _("Tiêu chí %(c)s: mức [%(a)s, %(b)s) có cận dưới không nhỏ hơn cận trên.")
                % {"c": label, "a": band.lower, "b": band.upper}
            )
        if band.points < 0 or band.points > max_points:
            errors.append(
                _("Tiêu chí %(c)s: mức điểm %(p)s nằm ngoài 0..%(m)s.")
                % {"c": label, "p": _fmt(band.points), "m": _fmt(max_points)}
            )
    ordered = sorted(
        bands, key=lambda b: (b.lower is not None, b.lower if b.lower is not None else 0)
    )
    for before, after in itertools.pairwise(ordered):
        upper = before.upper
        lower = after.lower
        if upper is None or lower is None or lower < upper:
            errors.append(
                _("Tiêu chí %(c)s: các mức điểm chồng lên nhau (%(a)s và %(b)s).")
                % {"c": label, "a": _band_label(before), "b": _band_label(after)}
            )
    return errors


def _band_label(band: BandSpec) -> str:
    lower = "−∞" if band.lower is None else _fmt(band.lower)
    upper = "+∞" if band.upper is None else _fmt(band.upper)
    return f"[{lower}, {upper})"


def spec_to_yaml(spec: SetSpec) -> str:
    def num(value: Decimal | None):
        if value is None:
            return None
        return int(value) if value == value.to_integral_value() else float(value)

    data = {
        "name": spec.name,
        "total_points": num(spec.total_points),
        "is_assumption": spec.is_assumption,
        "source": spec.source,
        "groups": [
            {
                "code": g.code,
                "name": g.name,
                **({"name_en": g.name_en} if g.name_en else {}),
                "criteria": [
                    {
                        "code": c.code,
                        "name": c.name,
                        **({"name_en": c.name_en} if c.name_en else {}),
                        "kind": c.kind,
                        "max_points": num(c.max_points),
                        **({"metric": c.metric} if c.metric else {}),
                        **({"scorer": c.scorer} if c.scorer else {}),
                        **({"guidance": c.guidance} if c.guidance else {}),
                        **({"guidance_en": c.guidance_en} if c.guidance_en else {}),
                        **(
                            {
                                "bands": [
                                    {
                                        "lower": num(b.lower),
                                        "upper": num(b.upper),
                                        "points": num(b.points),
                                    }
                                    for b in c.bands
                                ]
                            }
                            if c.bands
                            else {}
                        ),
                    }
                    for c in g.criteria
                ],
            }
            for g in spec.groups
        ],
    }
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
