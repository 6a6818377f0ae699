"""Reads of the casework app that other apps and the pages share."""

import datetime as dt

from nabij.casework.models import DunningPause
from nabij.core import clock
from nabij.tenants.models import MonitoringState


def active_dunning_pause(tenancy, today: dt.date | None = None) -> DunningPause | None:
    """The tenancy's pause that is running today, if any (a pause past its date has ended by itself)."""
    today = today or clock.today()
    return (
        DunningPause.objects.filter(
            tenancy=tenancy, ended_on__isnull=True, starts__lte=today, until__gte=today
        )
        .order_by("-until")
        .first()
    )


def monitoring_state(tenancy, today: dt.date | None = None) -> str:
    """VERA BEWAKINGSSTATUS as Nabij sees it: ONH while a dunning pause runs, else what the ERP said."""
    if active_dunning_pause(tenancy, today) is not None:
        return MonitoringState.ON_HOLD
    return tenancy.monitoring_state
