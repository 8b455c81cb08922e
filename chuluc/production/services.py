"""Writes of the production index part. Each service runs in one transaction and writes its
audit rows; a workbook is validated whole before anything is written (a file with any
problem raises :class:`~chuluc.production.sheets.ImportRejected` and stores nothing).

- ``base_year_create``, ``base_year_load`` (a draft's basket and node weights from a
  workbook: one audit row per product and node written), ``base_year_activate`` (one
  active version per year; products and weights are frozen from then on);
- ``basket_product_discontinue`` (iip.md §2: imputed from that month on);
- ``quantities_import`` (monthly quantities from a workbook: one audit row for the import,
  with its counts), ``quantities_pull_from_reports`` (the firms' monthly quantities of the
  key products, through ``chuluc.monitoring.selectors.monthly_quantities``);
- ``published_growth_create`` / ``published_growth_delete`` (figures published elsewhere,
  shown beside the index, never in it).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from chuluc.core.audit import audit_record, audit_record_many, snapshot
from chuluc.core.errors import ApplicationError
from chuluc.core.uploads import display_name
from chuluc.production import sheets
from chuluc.production.enums import (
    BaseYearStatus,
    GrowthKind,
    GrowthPeriod,
    ImportKind,
    QuantitySource,
)
from chuluc.production.models import (
    BaseYear,
    BasketProduct,
    MonthlyQuantity,
    NodeWeight,
    PublishedGrowth,
    SheetImport,
)
from chuluc.registry.models import Product
from chuluc.statistics import Basket

PRODUCT_FIELDS = (
    "code",
    "name",
    "unit",
    "vsic4",
    "weight",
    "base_quantity",
    "registry_product_id",
    "discontinued_from",
)
GROWTH_FIELDS = ("kind", "period", "year", "month", "scope", "value_pct", "source", "source_url")
QUARTER_END_MONTHS = (3, 6, 9, 12)


def _locked(base_year: BaseYear) -> BaseYear:
    return BaseYear.objects.select_for_update().get(pk=base_year.pk)


def base_year_create(*, actor, year: int, source_note: str = "", is_demo: bool = False) -> BaseYear:
    if not 2000 <= year <= 2100:  # noqa: PLR2004 - plausible base years
        raise ApplicationError(_("Năm gốc không hợp lệ."))
    with transaction.atomic():
        last = BaseYear.objects.filter(year=year).aggregate(v=Max("version"))["v"] or 0
        base_year = BaseYear.objects.create(
            year=year, version=last + 1, source_note=source_note.strip(), is_demo=is_demo
        )
        audit_record(
            actor=actor,
            action="production.base_year_create",
            obj=base_year,
            changes=snapshot(base_year, ("year", "version", "status", "source_note", "is_demo")),
        )
    return base_year


def _store_file(*, actor, base_year: BaseYear, kind: str, upload, rows: int) -> SheetImport:
    record = SheetImport(
        base_year=base_year,
        kind=kind,
        original_name=display_name(getattr(upload, "name", "") or "tep.xlsx"),
        rows=rows,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    upload.seek(0)
    record.file.save(upload.safe_name, upload, save=False)
    record.save()
    return record


def _known_registry_ids(ids: set[int]) -> set[int]:
    return set(Product.objects.filter(pk__in=ids).values_list("pk", flat=True))


def base_year_load(*, actor, base_year: BaseYear, upload) -> dict[str, int]:
    """Replace a draft's basket and node weights with a validated workbook's. Products are
    matched by code (their quantities stay); products not in the file are removed."""
    if base_year.is_frozen:
        raise ApplicationError(
            _("Năm gốc %(base)s đã dùng để tính chỉ số: không sửa được rổ sản phẩm và trọng số.")
            % {"base": base_year}
        )
    data = sheets.read_basket(
        upload, base_year=base_year.year, known_registry_ids=_known_registry_ids
    )
    with transaction.atomic():
        base_year = _locked(base_year)
        if base_year.is_frozen:
            raise ApplicationError(_("Năm gốc đã chuyển sang dùng chính thức."))
        existing = {p.code: p for p in base_year.products.all()}
        keep, create, update = set(), [], []
        for row in data["products"]:
            values = {f: row[f] for f in PRODUCT_FIELDS}
            product = existing.get(row["code"])
            if product is None:
                create.append(BasketProduct(base_year=base_year, **values))
                continue
            keep.add(product.code)
            if any(getattr(product, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(product, name, value)
                update.append(product)
        removed = [p for code, p in existing.items() if code not in keep]
        BasketProduct.objects.filter(pk__in=[p.pk for p in removed]).delete()
        BasketProduct.objects.bulk_create(create, batch_size=500)
        BasketProduct.objects.bulk_update(update, PRODUCT_FIELDS[1:], batch_size=500)
        base_year.node_weights.all().delete()
        nodes = NodeWeight.objects.bulk_create(
            [NodeWeight(base_year=base_year, **row) for row in data["nodes"]], batch_size=500
        )
        record = _store_file(
            actor=actor,
            base_year=base_year,
            kind=ImportKind.BASKET,
            upload=upload,
            rows=len(data["products"]) + len(data["nodes"]),
        )
        audit_record(
            actor=actor,
            action="production.base_year_load",
            obj=base_year,
            changes={
                "sheet_import": record.pk,
                "created": len(create),
                "updated": len(update),
                "removed": sorted(p.code for p in removed),
                "node_weights": len(nodes),
            },
        )
        items = [(p, {**snapshot(p, PRODUCT_FIELDS), "action": "create"}) for p in create]
        items += [(p, {**snapshot(p, PRODUCT_FIELDS), "action": "update"}) for p in update]
        items += [(n, snapshot(n, ("level", "code", "name", "value_added"))) for n in nodes]
        audit_record_many(actor=actor, action="production.basket_write", items=items)
    return {
        "created": len(create),
        "updated": len(update),
        "removed": len(removed),
        "node_weights": len(nodes),
    }


def _check_basket(base_year: BaseYear) -> None:
    """The engine accepts the basket (every node weight present, numbers in range)."""
    products = list(base_year.products.values_list("id", "vsic4", "weight", "base_quantity"))
    if not products:
        raise ApplicationError(_("Năm gốc chưa có sản phẩm nào trong rổ."))
    if not any(w > 0 and q > 0 for _i, _c, w, q in products):
        raise ApplicationError(_("Rổ chưa có sản phẩm nào có trọng số và sản lượng năm gốc."))
    weights: dict[int, dict[str, float]] = {4: {}, 2: {}, 1: {}}
    for level, code, value in base_year.node_weights.values_list("level", "code", "value_added"):
        weights[level][code] = float(value)
    try:
        Basket.build(
            base_year=base_year.year,
            product_ids=np.array([p[0] for p in products]),
            level4=np.array([p[1] for p in products]),
            product_weights=np.array([float(p[2]) for p in products]),
            base_quantities=np.array([float(p[3]) for p in products]),
            level4_weights=weights[4],
            level2_weights=weights[2],
            level1_weights=weights[1],
        )
    except ValueError as exc:
        raise ApplicationError(_("Dữ liệu năm gốc không hợp lệ: %s") % exc) from None


def base_year_activate(*, actor, base_year: BaseYear) -> BaseYear:
    """Put a draft into use; the year's previous active version is retired. From then on
    its products and weights are frozen."""
    with transaction.atomic():
        base_year = _locked(base_year)
        if base_year.status != BaseYearStatus.DRAFT:
            raise ApplicationError(_("Chỉ bản nháp mới chuyển sang dùng chính thức được."))
        _check_basket(base_year)
        for old in BaseYear.objects.select_for_update().filter(
            year=base_year.year, status=BaseYearStatus.ACTIVE
        ):
            old.status = BaseYearStatus.RETIRED
            old.save(update_fields=["status"])
            audit_record(
                actor=actor,
                action="production.base_year_retire",
                obj=old,
                changes={"status": [BaseYearStatus.ACTIVE, BaseYearStatus.RETIRED]},
            )
        base_year.status = BaseYearStatus.ACTIVE
        base_year.activated_at = timezone.now()
        base_year.save(update_fields=["status", "activated_at"])
        audit_record(
            actor=actor,
            action="production.base_year_activate",
            obj=base_year,
            changes={"status": [BaseYearStatus.DRAFT, BaseYearStatus.ACTIVE]},
        )
    return base_year


def basket_product_discontinue(
    *, actor, product: BasketProduct, month: dt.date | None
) -> BasketProduct:
    """Mark a product discontinued from ``month`` (None: active again). Not a weight, so
    allowed on an active base year: its relatives are imputed from that month on."""
    if month is not None:
        month = month.replace(day=1)
        if month.year <= product.base_year.year:
            raise ApplicationError(
                _("Tháng ngừng sản xuất phải sau năm gốc %(year)s.")
                % {"year": product.base_year.year}
            )
    with transaction.atomic():
        product = BasketProduct.objects.select_for_update().get(pk=product.pk)
        before = product.discontinued_from
        product.discontinued_from = month
        product.save(update_fields=["discontinued_from"])
        audit_record(
            actor=actor,
            action="production.basket_product_discontinue",
            obj=product,
            changes={"discontinued_from": [before, month]},
        )
    return product


def _last_allowed_month() -> dt.date:
    return timezone.localdate().replace(day=1)


def quantities_import(*, actor, base_year: BaseYear, upload) -> dict[str, int]:
    """Monthly quantities from a validated workbook; a (product, month) already present is
    replaced (whatever its source: the officer's file is the reference)."""
    if base_year.status == BaseYearStatus.RETIRED:
        raise ApplicationError(_("Năm gốc này đã được thay thế; hãy nhập vào phiên bản đang dùng."))
    products = {
        code: (pk, unit) for pk, code, unit in base_year.products.values_list("pk", "code", "unit")
    }
    if not products:
        raise ApplicationError(_("Năm gốc chưa có sản phẩm nào trong rổ."))
    rows = sheets.read_quantities(
        upload,
        products=products,
        first_month=dt.date(base_year.year, 1, 1),
        last_month=_last_allowed_month(),
    )
    with transaction.atomic():
        base_year = _locked(base_year)
        record = _store_file(
            actor=actor,
            base_year=base_year,
            kind=ImportKind.QUANTITIES,
            upload=upload,
            rows=len(rows),
        )
        keys = {(r["product_id"], r["month"]) for r in rows}
        existing = MonthlyQuantity.objects.filter(
            product__base_year=base_year, month__in={m for _p, m in keys}
        ).values_list("product_id", "month")
        replaced = sum(1 for key in existing if key in keys)
        MonthlyQuantity.objects.bulk_create(
            [
                MonthlyQuantity(
                    product_id=r["product_id"],
                    month=r["month"],
                    quantity=r["quantity"],
                    source=QuantitySource.IMPORT,
                    sheet_import=record,
                )
                for r in rows
            ],
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["product", "month"],
            update_fields=["quantity", "source", "sheet_import"],
        )
        months = sorted({r["month"] for r in rows})
        counts = {
            "rows": len(rows),
            "created": len(rows) - replaced,
            "replaced": replaced,
            "missing": sum(1 for r in rows if r["quantity"] is None),
        }
        audit_record(
            actor=actor,
            action="production.quantities_import",
            obj=record,
            changes={**counts, "months": [f"{months[0]:%Y-%m}", f"{months[-1]:%Y-%m}"]},
        )
    return counts


def _firm_quantities(year: int) -> list[tuple[int, str, Decimal]]:
    from chuluc.monitoring import selectors as monitoring_selectors

    return list(monitoring_selectors.monthly_quantities(year))


def quantities_pull_from_reports(*, actor, base_year: BaseYear, year: int) -> dict[str, int]:
    """The firms' monthly quantities of ``year`` for the basket products linked to their
    recognised products (source: firm report). Values pulled earlier for that year are
    replaced; a month that an imported file already gives is left as imported."""
    if base_year.status == BaseYearStatus.RETIRED:
        raise ApplicationError(_("Năm gốc này đã được thay thế; hãy nhập vào phiên bản đang dùng."))
    if not base_year.year < year <= timezone.localdate().year:
        raise ApplicationError(_("Năm lấy số liệu phải sau năm gốc và không quá năm hiện tại."))
    reported = _firm_quantities(year)
    linked = dict(
        base_year.products.filter(registry_product__isnull=False).values_list(
            "registry_product_id", "pk"
        )
    )
    with transaction.atomic():
        base_year = _locked(base_year)
        deleted, _detail = MonthlyQuantity.objects.filter(
            product__base_year=base_year,
            source=QuantitySource.FIRM_REPORT,
            month__year=year,
        ).delete()
        imported = set(
            MonthlyQuantity.objects.filter(
                product__base_year=base_year, month__year=year
            ).values_list("product_id", "month")
        )
        rows, skipped = [], {"not_in_basket": 0, "kept_import": 0, "invalid": 0}
        for registry_id, month_text, quantity in reported:
            product_id = linked.get(registry_id)
            if product_id is None:
                skipped["not_in_basket"] += 1
                continue
            try:
                month = sheets.parse_month(month_text)
            except ValueError:
                month = None
            if month is None or month.year != year or quantity is None or quantity < 0:
                skipped["invalid"] += 1
                continue
            if (product_id, month) in imported:
                skipped["kept_import"] += 1
                continue
            rows.append(
                MonthlyQuantity(
                    product_id=product_id,
                    month=month,
                    quantity=Decimal(quantity),
                    source=QuantitySource.FIRM_REPORT,
                )
            )
        MonthlyQuantity.objects.bulk_create(rows, batch_size=1000)
        counts = {"stored": len(rows), "replaced": deleted, **skipped}
        audit_record(
            actor=actor,
            action="production.quantities_pull_from_reports",
            obj=base_year,
            changes={"year": year, **counts},
        )
    return counts


def published_growth_create(
    *,
    actor,
    kind: str,
    period: str,
    year: int,
    month: int,
    value_pct: Decimal,
    source: str,
    source_url: str = "",
    scope: str = "Toàn ngành công nghiệp",
) -> PublishedGrowth:
    if kind not in GrowthKind.values or period not in GrowthPeriod.values:
        raise ApplicationError(_("Loại số liệu hoặc kỳ không hợp lệ."))
    if not 1 <= month <= 12:  # noqa: PLR2004
        raise ApplicationError(_("Tháng phải từ 1 đến 12."))
    if period == GrowthPeriod.QUARTER and month not in QUARTER_END_MONTHS:
        raise ApplicationError(_("Số liệu quý ghi tháng cuối quý (3, 6, 9 hoặc 12)."))
    if not source.strip():
        raise ApplicationError(_("Cần ghi nguồn của số liệu đã công bố."))
    if not -100 < value_pct < 1000:  # noqa: PLR2004 - a growth in %
        raise ApplicationError(_("Tỷ lệ tăng/giảm không hợp lệ."))
    scope = scope.strip() or "Toàn ngành công nghiệp"
    with transaction.atomic():
        if PublishedGrowth.objects.filter(
            kind=kind, period=period, year=year, month=month, scope=scope
        ).exists():
            raise ApplicationError(_("Số liệu này (cùng loại, kỳ và phạm vi) đã có."))
        item = PublishedGrowth.objects.create(
            kind=kind,
            period=period,
            year=year,
            month=month,
            scope=scope,
            value_pct=value_pct,
            source=source.strip(),
            source_url=source_url.strip(),
            entered_by=actor if getattr(actor, "pk", None) else None,
        )
        audit_record(
            actor=actor,
            action="production.published_growth_create",
            obj=item,
            changes=snapshot(item, GROWTH_FIELDS),
        )
    return item


def published_growth_delete(*, actor, item: PublishedGrowth) -> None:
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="production.published_growth_delete",
            obj=item,
            changes=snapshot(item, GROWTH_FIELDS),
        )
        item.delete()
