"""One call of each monitoring service, for tests/core/test_audit.py (exactly one audit row).
The services that write no row, or one row per enterprise reminded, are listed in
``NOT_SINGLE_WRITES``."""

import datetime as dt
import inspect

from chuluc.monitoring import services
from chuluc.monitoring.enums import Quarter
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.monitoring import GOOD_REPORT
from tests.factories.registry import EnterpriseFactory

NOT_SINGLE_WRITES = {
    "report_reminders_send",  # one row per enterprise reminded (tests/monitoring/test_months_and_reminders.py)
    # derived data, recomputable from the reports: no row (see chuluc/monitoring/services/totals.py)
    "period_totals_add",  # runs inside firm_report_submit, whose audit row covers it
    "period_totals_refresh",  # recomputes every period's totals after a bulk load
}


def _period(officer):
    return services.period_create(
        actor=officer, year=2024, quarter=Quarter.YEAR, due_on=dt.date(2025, 3, 31)
    )


def _rep():
    rep = UserFactory(roles=["enterprise_rep"])
    enterprise = EnterpriseFactory()
    MembershipFactory(user=rep, enterprise=enterprise)
    return rep, enterprise


def period_create(officer):
    return lambda: _period(officer)


def firm_report_submit(officer):
    rep, enterprise = _rep()
    period = _period(officer)
    return lambda: services.firm_report_submit(
        actor=rep, enterprise=enterprise, period=period, **GOOD_REPORT
    )


def firm_report_check(officer):
    rep, enterprise = _rep()
    report = services.firm_report_submit(
        actor=rep, enterprise=enterprise, period=_period(officer), **GOOD_REPORT
    )
    return lambda: services.firm_report_check(actor=officer, report=report, note="Đã xem.")


CASES = {
    name: fn
    for name, fn in dict(globals()).items()
    if inspect.isfunction(fn) and fn.__module__ == __name__ and not name.startswith("_")
}
