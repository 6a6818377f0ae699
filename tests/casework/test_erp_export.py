"""The daily ERP file of dunning pauses and arrangements: VERA field names, `;`, UTF-8, formula cells
neutralised, made by the scheduled task and the command, downloadable by incasso, every export logged."""

import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from nabij.casework import tasks
from nabij.casework.erp_export import HEADER, make_erp_export
from nabij.casework.models import ErpExport
from nabij.casework.services import (
    change_status,
    end_dunning_pause,
    open_case,
    record_arrangement,
    start_dunning_pause,
)
from nabij.core.clock import frozen_clock
from nabij.privacy.models import AccessLogEntry
from tests import factories
from tests.casework.conftest import amsterdam

pytestmark = pytest.mark.django_db


def parse(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


@pytest.fixture
def world(household):
    # A tenancy number as the ERP delivered it, starting with "=": a spreadsheet would run it.
    tenancy = factories.tenancy(household, factories.unit(), id_extern='=HYPERLINK("http://x","klik")')
    with frozen_clock(amsterdam(2026, 3, 2, 10)):
        case = open_case(household=household, kind="betaalhulp", team="incasso", source="x", tenancy=tenancy)
        change_status(case, "in_behandeling")
        start_dunning_pause(tenancy=tenancy, reason="Betaalhulp", case=case, days=30)
        record_arrangement(
            case, status="ACT", instalment_count=6, instalment_cents=12550, start_date=dt.date(2026, 4, 1)
        )
    return tenancy, case


def test_the_file_has_vera_fields_and_parses_back_with_the_formula_cell_neutralised(world):
    tenancy, _case = world
    with frozen_clock(amsterdam(2026, 3, 3, 6)):
        export = tasks.export_erp.call()
    export = ErpExport.objects.get()
    rows = parse(export.content)
    assert list(rows[0].keys()) == HEADER
    pause, arrangement = rows
    assert pause["regelsoort"] == "Incassostop"
    assert pause["overeenkomst"] == "'" + tenancy.id_extern  # neutralised: plain text in a spreadsheet
    assert (pause["bewakingsstatus"], pause["begindatum"], pause["einddatum"]) == (
        "ONH",
        "2026-03-02",
        "2026-04-01",
    )
    assert arrangement["regelsoort"] == "Betalingsregeling"
    assert (arrangement["status"], arrangement["termijnenAantal"], arrangement["termijnbedrag"]) == (
        "ACT",
        "6",
        "125.50",
    )
    assert (arrangement["bedrag"], arrangement["begindatum"], arrangement["einddatum"]) == (
        "753.00",
        "2026-04-01",
        "2026-09-01",
    )
    assert arrangement["afspraakdatum"] == "2026-03-02" and arrangement["prolongatieInterval"] == "P1M"
    assert export.rows == 2
    entry = AccessLogEntry.objects.get(what="erp export")
    assert (entry.action, entry.result_count, entry.user) == ("export", 2, None)  # the scheduled task


def test_an_ended_pause_goes_back_to_the_erps_state_in_the_next_file(world):
    tenancy, _case = world
    with frozen_clock(amsterdam(2026, 3, 3, 6)):
        make_erp_export()
    with frozen_clock(amsterdam(2026, 3, 5, 11)):
        end_dunning_pause(tenancy.dunning_pauses.get())
    with frozen_clock(amsterdam(2026, 3, 6, 6)):
        export = make_erp_export()
    pause = next(r for r in parse(export.content) if r["regelsoort"] == "Incassostop")
    assert (pause["bewakingsstatus"], pause["einddatum"]) == ("NOR", "2026-03-05")


def test_command_makes_a_file(world, capsys):
    with frozen_clock(amsterdam(2026, 3, 3, 6)):
        call_command("export_erp")
    assert ErpExport.objects.count() == 1
    assert "2 lines" in capsys.readouterr().err


def test_incasso_lists_and_downloads_and_each_download_is_logged(client, world):
    user = factories.staff_user("incasso")
    with frozen_clock(amsterdam(2026, 3, 3, 6)):
        export = make_erp_export()
    client.force_login(user)
    page = client.get(reverse("casework:erp_exports"))
    assert page.status_code == 200 and export.filename in page.content.decode()
    assert "dagelijkse taak" in page.content.decode()
    response = client.get(reverse("casework:erp_export_download", args=[export.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = parse(response.content.decode("utf-8-sig"))
    assert len(rows) == 2
    entry = AccessLogEntry.objects.get(what="erp export download")
    assert (entry.user, entry.result_count) == (user, 2)
    client.force_login(factories.staff_user("klantadviseur"))
    assert client.get(reverse("casework:erp_export_download", args=[export.pk])).status_code == 403
