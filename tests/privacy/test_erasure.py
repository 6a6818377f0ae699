"""Erasure of one household on request (AVG art. 17): four eyes, nothing personal left anywhere, and the
developments monitor's aggregates unchanged."""

import datetime as dt
import json

import pytest
from django.apps import apps
from django.db import connection, models
from django.urls import reverse

from nabij.actions import services as action_services
from nabij.casework import services as casework_services
from nabij.contacts import monitor
from nabij.contacts.models import Contact, Signal
from nabij.contacts.services import SignalInput, log_contact
from nabij.core.clock import frozen_clock
from nabij.ledger.models import PaymentArrangement
from nabij.privacy import erasure, registry
from nabij.privacy.models import AccessLogEntry, ErasureRequest
from nabij.tenants.models import ChannelPreference, Household, Person, Tenancy
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 25)


def rich_household(neighbourhood, user) -> tuple[Household, list[str]]:
    """A household with data in every class tenants, ledger and contacts hold, and the identifiers that
    must be gone after erasure."""
    household = factories.household(
        "Oosterbroekstra", first_name="Wilhelmina", id_extern="REL-ERASE-5512", name="Fam. Oosterbroekstra"
    )
    Person.objects.create(
        id_extern="PER-ERASE-5513",
        household=household,
        first_name="Bartholomeus",
        surname="Quakkelaar",
        date_of_birth=dt.date(1968, 2, 3),
    )
    unit = factories.unit(
        street="Kwartelhof", house_number=117, postcode="9724ZX", neighbourhood=neighbourhood
    )
    tenancy = factories.tenancy(household, unit, id_extern="HO-ERASE-7781", start_date=dt.date(2019, 4, 1))
    factories.monthly_rent(tenancy, dt.date(2026, 6, 1), months=5, paid_months=3)
    PaymentArrangement.objects.create(
        id_extern="BR-ERASE-0042",
        tenancy=tenancy,
        status="ACT",
        start_date=dt.date(2026, 10, 1),
        amount_cents=130000,
        instalment_count=4,
        end_reason="Afgesproken met mevrouw Oosterbroekstra",
    )
    factories.contact_point(household, "EMA", "wilhelmina.oosterbroekstra@example.nl", preferred=True)
    factories.contact_point(household, "MOB", "+31687654321")
    factories.contact_point(household, "TEL", "0505559876", id_extern="CG-ERASE-77")
    ChannelPreference.objects.create(
        household=household,
        purpose="service",
        channel="EMA",
        recorded_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
    )
    with frozen_clock(TODAY):
        log_contact(
            household,
            user,
            subject="Huur Kwartelhof 117",
            note="Mevrouw Oosterbroekstra belde vanaf 0505559876 over de huur; mail naar "
            "wilhelmina.oosterbroekstra@example.nl. Postcode 9724 ZX 117.",
            signals=[
                SignalInput(
                    "betaalzorgen", urgency="hoog", follow_up_wanted=True, consent=True, note="Wilhelmina"
                ),
                SignalInput("gezondheid", note="Bartholomeus Quakkelaar ligt in het ziekenhuis"),
            ],
        )
        # Casework: a case with notes, a callback, a dunning pause; actions: a one-tap link and what the
        # tenant registered with it. Each with the household's identifiers in its free text.
        case = casework_services.open_case(
            household=household,
            kind="betaalhulp",
            team="incasso",
            source="test",
            summary="Mevrouw Oosterbroekstra wil een regeling",
            tenancy=tenancy,
        )
        casework_services.add_note(case, "Gebeld met Wilhelmina op 0505559876")
        casework_services.book_callback(household=household, source="test", phone_note="Bel Bartholomeus")
        casework_services.start_dunning_pause(
            tenancy=tenancy, reason="Oosterbroekstra ligt in het ziekenhuis"
        )
        link, _token = action_services.create_link(
            household=household,
            kind="terugbellen",
            payload={"email": "wilhelmina.oosterbroekstra@example.nl"},
        )
        response, _created = action_services.respond(link)
        action_services.add_details(response, other_phone="0611122233", note="Vraag naar Wilhelmina")
    identifiers = [
        "+31611122233",
        *household.persons.values_list("id_extern", flat=True),
        "Oosterbroekstra",
        "Wilhelmina",
        "Bartholomeus",
        "Quakkelaar",
        "wilhelmina.oosterbroekstra@example.nl",
        "+31687654321",
        "0687654321",
        "0505559876",
        "REL-ERASE-5512",
        "PER-ERASE-5513",
        "HO-ERASE-7781",
        "BR-ERASE-0042",
        "CG-ERASE-77",
        "Kwartelhof 117",
        "9724ZX 117",
        "9724 ZX 117",
        str(household.key),
        household.key.hex,
    ]
    return household, identifiers


def text_values_via_orm() -> list[tuple[str, str]]:
    """(model.field, value) of every text, char, e-mail, JSON and UUID column of every model."""
    kinds = (models.CharField, models.TextField, models.JSONField, models.UUIDField)
    found = []
    for model in apps.get_models(include_auto_created=True):
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, kinds)]
        if not names:
            continue
        for row in model._base_manager.values_list(*names):
            for name, value in zip(names, row, strict=True):
                if value is not None:
                    text = json.dumps(value) if isinstance(value, dict | list) else str(value)
                    found.append((f"{model._meta.label}.{name}", text))
    return found


def raw_rows() -> list[tuple[str, tuple]]:
    """Every row of every table in the database, read with plain SQL."""
    rows = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - names from the DB
            rows.extend((table, row) for row in cursor.fetchall())
    return rows


def leaks(identifiers: list[str]) -> set[tuple[str, str]]:
    """(table or model field, identifier) wherever an identifier occurs, via the ORM and via raw SQL."""
    lowered = [i.lower() for i in identifiers]
    found = {
        (where, ident) for where, text in text_values_via_orm() for ident in lowered if ident in text.lower()
    }
    for table, row in raw_rows():
        texts = [str(v).lower() for v in row if v is not None]
        found |= {(table, ident) for ident in lowered for text in texts if ident in text}
        # The postcode + house number pair: only the dwelling itself may hold it (it is the corporation's,
        # and the next tenant lives there), and nothing of the household may point at it any more.
        if "9724zx" in texts and "117" in texts and table != "tenants_unit":
            found.add((table, "postcode + house number"))
    return found


def assert_nothing_left(household: Household, identifiers: list[str], unit) -> None:
    assert leaks(identifiers) == set()
    assert not Tenancy.objects.filter(household=household).exists()
    assert not Tenancy.objects.filter(unit=unit, household__persons__isnull=True).exists()


def monitor_figures() -> tuple:
    filters = monitor.Filters(start=monitor.monday(TODAY) - dt.timedelta(weeks=11), end=monitor.monday(TODAY))
    built = monitor.build(filters)
    areas = monitor.build_areas(filters)
    exact = list(
        Signal.objects.values("week_start", "category", "neighbourhood", "process")
        .annotate(n=models.Count("household", distinct=True))
        .order_by("week_start", "category", "neighbourhood", "process")
    )
    return monitor.csv_rows(built, areas), exact


def test_erasure_needs_a_second_privacy_officer():
    household = factories.household("Oosterbroekstra")
    first = factories.staff_user("privacy_officer")
    second = factories.staff_user("privacy_officer")
    request = erasure.request_erasure(first, household.pk, "verzoek", "AVG-2026-014")

    with pytest.raises(erasure.ErasureRefused, match="zelf ingediend"):
        erasure.confirm_erasure(request, first)
    household.refresh_from_db()
    assert household.name == "Fam. Oosterbroekstra"  # nothing happened
    with pytest.raises(erasure.ErasureRefused, match="al een verwijderverzoek"):
        erasure.request_erasure(second, household.pk, "verzoek")

    done = erasure.confirm_erasure(request, second)
    assert done.status == ErasureRequest.Status.DONE and done.decided_by == second
    assert done.counts["tenants.persons"] == 1
    with pytest.raises(erasure.ErasureRefused, match="al besloten"):
        erasure.confirm_erasure(request, second)
    with pytest.raises(erasure.ErasureRefused, match="al verwijderd"):
        erasure.request_erasure(first, household.pk, "verzoek")


def test_request_refuses_personal_data_in_the_reference_and_unknown_reasons():
    household = factories.household("Jansen")
    officer = factories.staff_user("privacy_officer")
    with pytest.raises(erasure.ErasureRefused):
        erasure.request_erasure(officer, household.pk, "zomaar")
    with pytest.raises(erasure.ErasureRefused):
        erasure.request_erasure(officer, household.pk, "verzoek", "piet@example.nl")
    withdrawn = erasure.withdraw_erasure(erasure.request_erasure(officer, household.pk, "bezwaar"), officer)
    assert withdrawn.status == ErasureRequest.Status.WITHDRAWN
    assert Household.objects.get(pk=household.pk).name == "Fam. Jansen"


def test_after_erasure_no_table_holds_the_households_identifiers_and_the_monitor_is_unchanged(client):
    neighbourhood = factories.neighbourhood(name="Oosterpoort")
    adviser = factories.staff_user("klantadviseur")
    household, identifiers = rich_household(neighbourhood, adviser)
    unit = Tenancy.objects.get(household=household).unit
    # The next tenant of the same dwelling, and ten other households with signals in the same cells, so the
    # monitor shows real numbers (not "<10").
    successor = factories.household("Vermeulen")
    factories.tenancy(successor, unit, start_date=dt.date(2027, 1, 1))
    with frozen_clock(TODAY):
        for n in range(10):
            other = factories.household(f"Buur{n}")
            factories.tenancy(other, factories.unit(neighbourhood=neighbourhood))
            log_contact(other, adviser, signals=[SignalInput("betaalzorgen"), SignalInput("gezondheid")])

    # Staff looked at the record and the officer exported it: the access log has entries about them.
    client.force_login(adviser)
    assert client.get(reverse("tenants:household", args=[household.key])).status_code == 200
    officer, second = factories.staff_user("privacy_officer"), factories.staff_user("privacy_officer")
    client.force_login(officer)
    export = client.post(reverse("privacy:subject_access_export", args=[household.key]))
    assert export.status_code == 200
    logged = AccessLogEntry.objects.filter(household_id=household.pk).count()
    assert logged >= 2

    # The scan finds every stored identifier before erasure (so finding none afterwards means something).
    # Some are searched in two spellings, of which the database holds one (a UUID is 32 hex digits on SQLite
    # and the dashed form on PostgreSQL).
    found_before = {ident for _where, ident in leaks(identifiers)}
    either = [
        {"+31687654321", "0687654321"},
        {"9724 zx 117", "9724zx 117"},
        {str(household.key), household.key.hex},
    ]
    assert all(group & found_before for group in either)
    assert found_before >= {i.lower() for i in identifiers} - set().union(*either)

    before = monitor_figures()
    assert any("10" in row or "11" in row for row in before[0])  # real figures, not suppressed
    signals_before = Signal.objects.count()
    contacts_before = Contact.objects.count()

    with frozen_clock(TODAY):
        request = erasure.request_erasure(officer, household.pk, "verzoek", "AVG-2026-015")
        erasure.confirm_erasure(request, second)

    # The import's tombstones (household, persons, tenancy) are in the database the scan reads: they hold
    # keyed hashes, none of the identifiers.
    assert request.tombstones.count() == 4
    assert_nothing_left(household, identifiers, unit)
    assert monitor_figures() == before
    assert Signal.objects.count() == signals_before and Contact.objects.count() == contacts_before
    # The access log keeps its entries, and they hold nothing personal (checked by the scan above).
    assert AccessLogEntry.objects.filter(household_id=household.pk).count() == logged
    shell = Household.objects.get(pk=household.pk)
    assert shell.name == "Verwijderd huishouden" and not shell.persons.exists()
    assert registry.directory().search("Oosterbroekstra") == []
    assert Tenancy.objects.filter(unit=unit, household=successor).exists()  # the next tenant is untouched


def test_a_failing_data_class_erases_nothing_and_the_request_keeps_waiting(monkeypatch):
    household = factories.household("Oosterbroekstra")
    first, second = factories.staff_user("privacy_officer"), factories.staff_user("privacy_officer")
    request = erasure.request_erasure(first, household.pk, "verzoek")

    def broken(household_id):
        raise RuntimeError("disk full")

    # A data class that runs after tenants' own (order 5000) and fails: tenants' work must be rolled back.
    failing = registry.HouseholdData(
        key="test.broken", label="kapot", export=lambda h: [], erase=broken, order=5000
    )
    monkeypatch.setitem(registry._providers, failing.key, failing)
    with pytest.raises(erasure.ErasureRefused, match="er is niets verwijderd"):
        erasure.confirm_erasure(request, second)
    request.refresh_from_db()
    assert request.status == "aangevraagd" and request.decided_by is None
    household.refresh_from_db()
    assert household.name == "Fam. Oosterbroekstra" and household.persons.exists()
