"""Writes of the monitoring part, one module per aggregate: reporting periods (``periods``),
firm reports and the officer's check (``firm_reports``), the reminders of reports not yet
submitted (``reminders``) and the totals each period keeps of its reports (``totals``).
Callers use ``from chuluc.monitoring import services``."""

from chuluc.monitoring.services.firm_reports import firm_report_check, firm_report_submit
from chuluc.monitoring.services.periods import period_create
from chuluc.monitoring.services.reminders import report_reminders_send
from chuluc.monitoring.services.totals import period_totals_refresh

__all__ = [
    "firm_report_check",
    "firm_report_submit",
    "period_create",
    "period_totals_refresh",
    "report_reminders_send",
]
