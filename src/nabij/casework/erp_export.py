"""The daily file for the ERP: dunning pauses (VERA BEWAKINGSSTATUS on the Overeenkomst) and the payment
arrangements recorded in Nabij (VERA Betalingsregeling). One service function, `make_erp_export`, makes
the file; the scheduled task, `manage.py export_erp` and (later) the REST API all call it.

Each line is one record, `regelsoort` says which: `Incassostop` or `Betalingsregeling`. Field names are
VERA's (Overeenkomst.bewakingsstatus, Betalingsregeling.begindatum, ...); `termijnbedrag` is the amount of
one term (VERA's BetalingsregelingTermijn.bedrag), as the ERP needs it to plan the terms.
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Q

from nabij.casework.early_signals import log_system_export
from nabij.casework.models import Arrangement, DunningPause, ErpExport
from nabij.core import clock
from nabij.core.csvfiles import csv_text
from nabij.privacy.access import ensure
from nabij.privacy.roles import EXPORT_ERP
from nabij.tenants.models import MonitoringState

HEADER = [
    "regelsoort",
    "id",
    "overeenkomst",
    "bewakingsstatus",
    "begindatum",
    "einddatum",
    "status",
    "afspraakdatum",
    "bedrag",
    "termijnenAantal",
    "termijnbedrag",
    "prolongatieInterval",
]


def _amount(cents: int) -> str:
    return f"{Decimal(cents) / 100:.2f}"


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def erp_rows(since: dt.datetime | None, today: dt.date) -> list[list]:
    """Pauses running today or changed since the previous file, and arrangements requested or active, or
    changed since then. A pause that ended (early or by its date) gives back the ERP's own state."""
    rows = []
    pauses = DunningPause.objects.select_related("tenancy").order_by("id")
    changed = Q(updated_at__gte=since) if since else Q()
    running = Q(ended_on__isnull=True, starts__lte=today, until__gte=today)
    ended_since = Q(until__gte=since.date() - dt.timedelta(days=1)) if since else Q()
    for pause in pauses.filter(running | changed | ended_since).distinct():
        active = pause.is_active_on(today)
        rows.append(
            [
                "Incassostop",
                f"NABIJ-IS-{pause.pk}",
                pause.tenancy.id_extern,
                MonitoringState.ON_HOLD if active else pause.tenancy.monitoring_state,
                _date(pause.starts),
                _date(pause.ended_on or pause.until),
                "",
                "",
                "",
                "",
                "",
                "",
            ]
        )
    arrangements = Arrangement.objects.select_related("tenancy").order_by("id")
    live = Q(status__in=["AAN", "ACT"])
    for arrangement in arrangements.filter(live | changed).distinct():
        rows.append(
            [
                "Betalingsregeling",
                f"NABIJ-BR-{arrangement.pk}",
                arrangement.tenancy.id_extern,
                "",
                _date(arrangement.start_date),
                _date(arrangement.end_date),
                arrangement.status,
                _date(arrangement.agreed_on),
                _amount(arrangement.total_cents),
                arrangement.instalment_count,
                _amount(arrangement.instalment_cents),
                "P1M",
            ]
        )
    return rows


@transaction.atomic
def make_erp_export(*, actor=None) -> ErpExport:
    """Make (and keep) today's file. `actor` None is the scheduled task. Logged in the access log."""
    ensure(actor, EXPORT_ERP)
    previous = ErpExport.objects.order_by("-created_at", "-id").first()
    now = clock.now()
    rows = erp_rows(previous.created_at if previous else None, clock.today())
    export = ErpExport.objects.create(
        created_at=now, created_by=actor, rows=len(rows), content=csv_text(HEADER, rows)
    )
    log_system_export("erp export", rows=len(rows), user=actor)
    return export
