"""Bringing data into the production index: a draft's basket and node weights from a
workbook, monthly quantities from a workbook or from the firms' reports
(``chuluc.monitoring.selectors.monthly_quantities``). A workbook is validated whole before
anything is written (a file with any problem raises
:class:`~chuluc.production.sheets.ImportRejected` and stores nothing); the file itself is
kept (``SheetImport``) with the rows it gave."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuluc.core.audit import audit_record, audit_record_many, snapshot
from chuluc.core.errors import ApplicationError
from chuluc.core.uploads import display_name
from chuluc.monitoring import selectors as monitoring_selectors
from chuluc.production import sheets
from chuluc.production.enums import BaseYearStatus, ImportKind, QuantitySource
from chuluc.production.models import (
    BaseYear,
    BasketProduct,
    MonthlyQuantity,
    NodeWeight,
    SheetImport,
)
from chuluc.registry.models import Product

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


def _locked(base_year: BaseYear) -> BaseYear:
    return BaseYear.objects.select_for_update().get(pk=base_year.pk)


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
