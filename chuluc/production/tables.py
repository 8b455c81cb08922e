"""What the index page and the export show, derived from one computed result (pure reads,
no query): the node table (total, sections, divisions, level-4 industries) for a month,
the key-products-against-the-rest contributions with their additivity check, the flagged
products, and the series of the charts. Numbers stay floats (NaN → None); rounding is for
display only (GSO: 2 decimals for index levels, 1 for %)."""

from __future__ import annotations

import math

import numpy as np
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from chuluc.production.selectors import IIPData
from chuluc.statistics import NodeFlag, ProductFlag, ProductStatus

#: Contributions of a partition add up to the total growth within this (pp), docs/iip.md.
ADDITIVITY_TOLERANCE_PP = 1e-9
# The labels are marked here for extraction and translated where shown (``_(label)``).
LEVEL_LABELS = {
    "total": gettext_noop("Toàn ngành"),
    "level1": gettext_noop("Cấp 1"),
    "level2": gettext_noop("Cấp 2"),
    "level4": gettext_noop("Cấp 4"),
}
PRODUCT_FLAG_LABELS = (
    (ProductFlag.IMPUTED, gettext_noop("ước theo ngành cấp 4 (thiếu số liệu)")),
    (ProductFlag.ZERO, gettext_noop("sản lượng bằng 0")),
    (ProductFlag.DISCONTINUED, gettext_noop("đã ngừng sản xuất")),
    (ProductFlag.NEW, gettext_noop("sản phẩm mới (không có trong năm gốc)")),
    (ProductFlag.LINKED, gettext_noop("sản phẩm mới đã nối vào chỉ số")),
    (ProductFlag.EXCLUDED, gettext_noop("chưa tính vào chỉ số đến kỳ gốc sau")),
    (ProductFlag.NO_WEIGHT, gettext_noop("trọng số 0")),
)
NODE_FLAG_LABELS = (
    (NodeFlag.IMPUTED, gettext_noop("ước theo ngành cấp trên")),
    (NodeFlag.PARTIAL, gettext_noop("có sản phẩm phải ước")),
    (NodeFlag.EMPTY, gettext_noop("không có sản phẩm có trọng số")),
)
STATUS_LABELS = {
    ProductStatus.BASKET: gettext_noop("trong rổ"),
    ProductStatus.NO_WEIGHT: gettext_noop("trọng số 0"),
    ProductStatus.NEW_EXCLUDED: gettext_noop("mới, chưa tính"),
    ProductStatus.NEW_LINKED: gettext_noop("mới, đã nối"),
    ProductStatus.NEW_NEVER_OBSERVED: gettext_noop("mới, chưa có sản lượng"),
}


def number(value) -> float | None:
    value = float(value)
    return None if math.isnan(value) or math.isinf(value) else value


def flag_labels(bits: int, labels) -> list[str]:
    return [_(text) for flag, text in labels if bits & int(flag)]


def month_position(data: IIPData, requested: str | None) -> int | None:
    """The position of ``requested`` (``YYYY-MM``) in the data, else the last month."""
    months = data.months
    if not months:
        return None
    if requested in months:
        return months.index(requested)
    return len(months) - 1


def _cumulative(data: IIPData, name: str, method: str) -> np.ndarray:
    return data.result.ytd(name, method=method)


def node_rows(data: IIPData, t: int, method: str) -> list[dict]:
    """The total, then each section, its divisions and their level-4 industries."""
    result = data.result
    series = {}
    for name in ("total", "level1", "level2", "level4"):
        level = result.level(name)
        series[name] = {
            "level": level,
            "mom": result.mom(name)[:, t],
            "yoy": result.yoy(name)[:, t],
            "ytd": _cumulative(data, name, method)[:, t],
        }

    def row(name: str, i: int, depth: int) -> dict:
        s = series[name]
        level = s["level"]
        code = str(level.codes[i])
        return {
            "level": name,
            "level_label": _(LEVEL_LABELS[name]),
            "code": "" if name == "total" else code,
            "name": _("Toàn ngành công nghiệp")
            if name == "total"
            else data.node_names.get((name, code), ""),
            "depth": depth,
            "weight": number(level.weight[i] * 100),
            "index": number(level.index[i, t]),
            "mom": number(s["mom"][i]),
            "yoy": number(s["yoy"][i]),
            "ytd": number(s["ytd"][i]),
            "flags": flag_labels(int(level.flags[i, t]), NODE_FLAG_LABELS),
        }

    rows = [row("total", 0, 0)]
    children = {name: _children(series[name]["level"].parent) for name in ("level2", "level4")}
    for s in range(len(series["level1"]["level"].codes)):
        rows.append(row("level1", s, 1))
        for d in children["level2"].get(s, []):
            rows.append(row("level2", d, 2))
            rows.extend(row("level4", k, 3) for k in children["level4"].get(d, []))
    return rows


def _children(parent: np.ndarray) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for i, p in enumerate(parent.tolist()):
        out.setdefault(int(p), []).append(i)
    return out


def _method_for(comparison: str, method: str) -> str | None:
    return method if comparison == "ytd" else None


def contributions(data: IIPData, t: int, comparison: str, method: str) -> dict:
    """Key products (linked to a recognised product) against the rest, and the sections,
    in percentage points of the total growth; ``check`` says whether they add up."""
    result = data.result
    groups = result.contributions(
        data.key_mask,
        comparison=comparison,
        method=_method_for(comparison, method),
        names=["key", "rest"],
    )
    sections = result.node_contributions(
        "level1", comparison=comparison, method=_method_for(comparison, method)
    )
    total = number(groups.total_growth[t])
    parts = [number(groups.contribution[g, t]) for g in range(2)]
    difference = None if total is None or None in parts else sum(parts) - total
    return {
        "total_growth": total,
        "groups": [
            {
                "label": label,
                "contribution": parts[g],
                "share": number(groups.share[g, t] * 100),
                "growth": number(groups.growth[g, t]),
                "share_of_growth": number(groups.share_of_growth[g, t]),
                "products": int(data.key_mask.sum() if g == 0 else (~data.key_mask).sum()),
            }
            for g, label in enumerate([_("Sản phẩm chủ lực"), _("Các sản phẩm còn lại")])
        ],
        "sections": [
            {
                "code": code,
                "name": data.node_names.get(("level1", code), ""),
                "contribution": number(sections.contribution[i, t]),
                "growth": number(sections.growth[i, t]),
            }
            for i, code in enumerate(sections.labels)
        ],
        "sum": None if None in parts else sum(parts),
        "difference": difference,
        "adds_up": difference is not None and abs(difference) <= ADDITIVITY_TOLERANCE_PP,
    }


def flagged_products(data: IIPData, t: int) -> list[dict]:
    """The products whose value this month is not a plain observation, with why."""
    result = data.result
    level = result.level("product")
    status = result.product_status
    rows = []
    for i, product in enumerate(data.products):
        bits = int(level.flags[i, t])
        if not bits and status[i] == ProductStatus.BASKET:
            continue
        rows.append(
            {
                "code": product["code"],
                "name": product["name"],
                "vsic4": product["vsic4"],
                "is_key": bool(data.key_mask[i]),
                "index": number(level.index[i, t]),
                "status": _(STATUS_LABELS[ProductStatus(int(status[i]))]),
                "flags": flag_labels(bits, PRODUCT_FLAG_LABELS),
            }
        )
    return rows


def chart(data: IIPData, comparison: str, method: str) -> dict:
    """Series for Chart.js: the total's fixed-base index and yoy, the key/rest contributions."""
    result = data.result
    groups = result.contributions(
        data.key_mask,
        comparison=comparison,
        method=_method_for(comparison, method),
        names=["key", "rest"],
    )
    return {
        "months": data.months,
        "index": [number(v) for v in result.index("total")[0]],
        "yoy": [number(v - 100) for v in result.yoy("total")[0]],
        "key": [number(v) for v in groups.contribution[0]],
        "rest": [number(v) for v in groups.contribution[1]],
        "labels": {
            "index": _("Chỉ số gốc cố định (năm gốc = 100)"),
            "yoy": _("Tăng/giảm so với cùng kỳ (%)"),
            "key": _("Đóng góp của sản phẩm chủ lực (điểm %)"),
            "rest": _("Đóng góp của các sản phẩm còn lại (điểm %)"),
        },
    }


def chart_rows(chart_data: dict) -> list[dict]:
    """The charts' series month by month: the table beside each chart."""
    series = ("index", "yoy", "key", "rest")
    return [
        {"month": month, **{name: chart_data[name][i] for name in series}}
        for i, month in enumerate(chart_data["months"])
    ]


def growth(value: float | None) -> float | None:
    """An index relative to its comparison base (100) as a growth in %."""
    return None if value is None else value - 100
