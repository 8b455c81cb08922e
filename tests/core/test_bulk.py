"""Set-based writes (chuluc.core.bulk): values prepared as the ORM prepares them."""

import pytest
from django.utils import timezone

from chuluc.core.bulk import bulk_insert, bulk_update_by_pk
from chuluc.core.models import AuditEntry


def test_insert_and_update_round_trip_json_text_and_dates(officer):
    now = timezone.now()
    fields = ("actor_id", "actor_label", "action", "object_id", "object_repr", "diff", "at")
    rows = [
        (officer.pk, "Cán bộ", "thử.nghiệm", str(i), f"Bản ghi {i}", {"giá trị": [None, 1.5]}, now)
        for i in range(3)
    ]
    assert bulk_insert(AuditEntry, fields, rows) == 3
    entries = list(AuditEntry.objects.filter(action="thử.nghiệm").order_by("object_id"))
    assert [e.object_repr for e in entries] == ["Bản ghi 0", "Bản ghi 1", "Bản ghi 2"]
    assert entries[0].diff == {"giá trị": [None, 1.5]}
    assert entries[0].at == now
    assert bulk_update_by_pk(AuditEntry, ("object_repr",), [(entries[1].pk, "Đã sửa")]) == 1
    assert AuditEntry.objects.get(pk=entries[1].pk).object_repr == "Đã sửa"
    assert AuditEntry.objects.get(pk=entries[0].pk).object_repr == "Bản ghi 0"


def test_a_row_of_the_wrong_length_is_refused_before_anything_is_written(officer):
    with pytest.raises(ValueError):
        bulk_insert(AuditEntry, ("action", "actor_label"), [("a", "b"), ("only one",)])
    assert not AuditEntry.objects.filter(action="a").exists()
