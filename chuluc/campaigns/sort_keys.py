"""The dossier's copies of its enterprise's and product's search keys (``enterprise_key``,
``product_key``): a campaign's dossier list and a member's scoring sheet are sorted by them
with the campaign's index alone. Sorting through the two joined tables instead would read
and sort every dossier of the campaign with its enterprise and product for each page shown
(docs/performance.md).

They are set when the dossier is created and refreshed here whenever the register changes a
key (``registry.signals.keys_changed``), in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import OuterRef, Q, Subquery

from chuluc.campaigns.models import Dossier
from chuluc.registry.models import Enterprise, Product

#: Ids per UPDATE: a spreadsheet import may rename many enterprises at once.
BATCH = 500


def dossier_keys_refresh(
    *, enterprise_ids: Iterable[int] = (), product_ids: Iterable[int] = ()
) -> int:
    """Copy the current keys onto the dossiers of these enterprises and products; the number
    of dossiers updated."""
    updated = 0
    for field, ids in (("enterprise_id", list(enterprise_ids)), ("product_id", list(product_ids))):
        for start in range(0, len(ids), BATCH):
            updated += _refresh(Q(**{f"{field}__in": ids[start : start + BATCH]}))
    return updated


def dossier_keys_refresh_all() -> int:
    """Every dossier: for loaders that insert dossiers in bulk (bench/generate.py)."""
    return _refresh(Q())


def _refresh(which: Q) -> int:
    return Dossier.objects.filter(which).update(
        enterprise_key=Subquery(
            Enterprise.objects.filter(pk=OuterRef("enterprise_id")).values("search_key")[:1]
        ),
        product_key=Subquery(
            Product.objects.filter(pk=OuterRef("product_id")).values("search_key")[:1]
        ),
    )


def on_keys_changed(sender, *, enterprise_ids, product_ids, **kwargs) -> None:
    dossier_keys_refresh(enterprise_ids=enterprise_ids, product_ids=product_ids)
