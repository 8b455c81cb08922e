"""What the register tells the parts that keep copies of its records.

``keys_changed`` is sent inside the writing transaction after enterprises or products got
new search keys (a new name, short name or tax code), with ``enterprise_ids`` and
``product_ids``: the dossiers keep those keys to sort a campaign's lists without joining
the register (``campaigns.sort_keys``). The register knows nothing of the campaigns."""

from django.dispatch import Signal

keys_changed = Signal()


def send_keys_changed(*, enterprise_ids=(), product_ids=()) -> None:
    enterprise_ids, product_ids = list(enterprise_ids), list(product_ids)
    if enterprise_ids or product_ids:
        keys_changed.send(sender="registry", enterprise_ids=enterprise_ids, product_ids=product_ids)
