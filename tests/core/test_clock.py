"""The movable clock of the whole-year browser test (``chuluc.core.clock``)."""

import datetime as dt

from django.core import checks
from django.utils import timezone

from chuluc.core import clock
from chuluc.core.apps import no_test_clock


def test_a_missing_file_means_real_time(tmp_path):
    assert clock.offset(str(tmp_path / "none")) == dt.timedelta(0)


def test_travel_moves_now_and_the_local_date(tmp_path, monkeypatch):
    path = tmp_path / "clock"
    monkeypatch.setattr(timezone, "now", timezone.now)  # restored after the test
    clock.install(str(path))
    target = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)
    clock.travel(path, target)
    assert abs(timezone.now() - target) < dt.timedelta(minutes=1)
    assert timezone.localdate() == dt.date(2027, 3, 1)
    clock.travel(path, target + dt.timedelta(days=400))
    assert timezone.localdate() == dt.date(2028, 4, 4)


def test_deploy_check_refuses_a_moved_clock(settings, tmp_path):
    settings.TEST_CLOCK_FILE = ""
    assert no_test_clock(None) == []
    settings.TEST_CLOCK_FILE = str(tmp_path / "clock")
    [error] = no_test_clock(None)
    assert error.level == checks.ERROR and error.id == "chuluc.E001"
