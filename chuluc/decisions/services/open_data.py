"""The decision's open data, published as a new numbered version after the decision is
entered and after every revocation (earlier versions are never changed or deleted), and what
else follows a change of the public list."""

from __future__ import annotations

import datetime as dt
import json

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from chuluc.core.audit import audit_record
from chuluc.core.formatting import vn_date
from chuluc.core.text import nfc
from chuluc.decisions.models import Decision, OpenDataSnapshot
from chuluc.decisions.opendata import FILES, build_metadata, render_files, snapshot_rows
from chuluc.decisions.public_cache import public_pages_changed
from chuluc.decisions.tasks import build_decision_products


def public_list_changed(*, decision: Decision, reason: str) -> None:
    """After a decision or a revocation, inside its transaction: the cached public pages go
    stale when it commits, and the certificates' missing files and a new open-data snapshot
    are then built in the background (a failure there never undoes the change). Writes no
    row of its own: the calling service's audit rows cover it."""
    pk = decision.pk
    public_pages_changed()
    transaction.on_commit(lambda: build_decision_products.enqueue(pk, reason))


def snapshot_publish(
    *, decision: Decision, reason: str, actor=None, on: dt.date | None = None
) -> OpenDataSnapshot:
    """Publish the next version of the decision's open data (previous highest + 1), by the
    background task after a decision or a revocation (``actor`` None: the system). The
    files are written to private storage, then the record and its audit row in one
    transaction; if that fails, the new files are removed again (earlier versions are never
    touched). Concurrent runs are serialised on the decision row, and the unique
    (decision, version) constraint refuses a duplicate version. The rows tell each
    recognition's state on ``on`` (today unless given)."""
    stored: list = []
    try:
        with transaction.atomic():
            return _publish(decision, nfc(reason)[:300], stored, actor, on)
    except BaseException:
        for field_file in stored:
            field_file.storage.delete(field_file.name)
        raise


def _states(rows) -> dict[str, str]:
    return {row["so_chung_nhan"]: row["tinh_trang"] for row in rows}


def snapshots_refresh(*, today: dt.date | None = None) -> int:
    """The daily ``refresh_open_data`` command: a decision whose latest open data no longer
    tells each recognition's state on ``today`` (one has become expiring or expired, or was
    superseded by a later decision) gets a new version, so the files say what every page
    says (``decisions.selectors.validity``). Returns the number of versions published."""
    today = today or timezone.localdate()
    published = 0
    decisions = Decision.objects.filter(snapshots__isnull=False).distinct().order_by("pk")
    for decision in decisions:
        latest = decision.snapshots.order_by("-version").first()
        with latest.json_file.open("rb") as handle:
            shown = _states(json.loads(handle.read().decode("utf-8")))
        if shown == _states(snapshot_rows(decision, on=today)):
            continue
        snapshot_publish(
            decision=decision,
            reason=_("Cập nhật tình trạng hiệu lực ngày %s") % vn_date(today),
            on=today,
        )
        published += 1
    return published


def _publish(decision: Decision, reason: str, stored: list, actor, on) -> OpenDataSnapshot:
    decision = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("campaign__program")
        .get(pk=decision.pk)
    )
    previous = decision.snapshots.aggregate(version=Max("version"))["version"] or 0
    version = previous + 1
    now = timezone.now()
    first = decision.snapshots.order_by("version").values_list("created_at", flat=True).first()
    on = on or timezone.localdate(now)
    rows = snapshot_rows(decision, on=on)
    files = render_files(rows, year=decision.campaign.year)
    snapshot = OpenDataSnapshot(
        decision=decision, version=version, created_at=now, reason=reason, rows=len(rows)
    )
    for fmt, field in (
        ("csv", snapshot.csv_file),
        ("json", snapshot.json_file),
        ("xlsx", snapshot.xlsx_file),
    ):
        field.save(FILES[fmt][0], ContentFile(files[fmt]), save=False)
        stored.append(field)
    snapshot.metadata = build_metadata(
        decision=decision,
        version=version,
        reason=reason,
        created_at=now,
        issued=first or now,
        rows=rows,
        files=files,
        on=on,
    )
    snapshot.save()
    audit_record(
        actor=actor,
        action="decisions.snapshot_publish",
        obj=snapshot,
        changes={"version": [previous or None, version], "rows": [None, len(rows)]},
    )
    return snapshot
