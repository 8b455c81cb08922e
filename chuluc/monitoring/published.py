"""The published yearly results (data/published_results.yaml), read for the data migration."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import yaml

DATA_FILE = Path(__file__).resolve().parent / "data" / "published_results.yaml"


def read_published_rows(path: Path = DATA_FILE) -> list[dict]:
    """Rows ready for ``PublishedAggregate(**row)``."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        {
            "year": int(row["year"]),
            "indicator": row.get("indicator", ""),
            "label": row["label"],
            "value": Decimal(str(row["value"])),
            "unit": row["unit"],
            "qualifier": row.get("qualifier", ""),
            "source": row["source"],
            "source_url": row.get("url", ""),
        }
        for row in data["rows"]
    ]
