"""Load the real public records (shared/data/recognized_products.csv): names and sources
only. No figure is ever attached to these firms."""

from __future__ import annotations

import csv
from pathlib import Path

from django.db import transaction

from chuluc.core.text import nfc, search_key
from chuluc.registry.enums import Top10Mention
from chuluc.registry.models import Enterprise, Product, PublicRecordMention
from chuluc.registry.services.enterprises import enterprise_create
from chuluc.registry.services.products import product_create

DEFAULT_PATH = Path(__file__).resolve().parents[1] / "data" / "recognized_products.csv"
UNNAMED_PRODUCT = "(product not named in source)"


def read_public_records(path: Path = DEFAULT_PATH) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [{k: nfc(v) for k, v in row.items()} for row in csv.DictReader(handle)]


@transaction.atomic
def public_records_load(*, actor, rows: list[dict[str, str]]) -> dict[str, int]:
    """Create the enterprises, products and mentions that are not there yet (idempotent)."""
    counts = {"enterprises": 0, "products": 0, "mentions": 0}
    for row in rows:
        name = row["enterprise"]
        enterprise = Enterprise.objects.filter(
            is_public_record=True, search_key=search_key(name)
        ).first()
        if enterprise is None:
            enterprise = enterprise_create(
                actor=actor, name=name, is_public_record=True, source_url=row["source_url"]
            )
            counts["enterprises"] += 1
        product = None
        if row["product"] and row["product"] != UNNAMED_PRODUCT:
            product = Product.objects.filter(
                enterprise=enterprise, name_key=search_key(row["product"])
            ).first()
            if product is None:
                product = product_create(
                    actor=actor,
                    enterprise=enterprise,
                    name=row["product"],
                    is_public_record=True,
                    source_url=row["source_url"],
                )
                counts["products"] += 1
        top10 = row["top10"] if row["top10"] in Top10Mention.values else Top10Mention.UNKNOWN
        _mention, created = PublicRecordMention.objects.get_or_create(
            enterprise=enterprise,
            product=product,
            year_label=row["year"],
            source_url=row["source_url"],
            defaults={"top10": top10},
        )
        counts["mentions"] += int(created)
    return counts
