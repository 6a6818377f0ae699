"""The VERA import (manage.py import_vera) as a functional administrator uses it."""

import datetime as dt

import pytest
from django.urls import reverse

from nabij.core.clock import frozen_clock
from nabij.ledger.models import Booking, PaymentArrangement
from nabij.tenants.importer.values import Invalid, parse_amount_cents
from nabij.tenants.models import ContactPoint, Household, ImportRun, Person, Tenancy, Unit
from tests.vera import EXAMPLE_DIR, copy_example, counts, import_dir, last_run, replace_in, write_csv

pytestmark = pytest.mark.django_db

EXAMPLE_COUNTS = {
    "Household": 7,
    "Person": 11,
    "Neighbourhood": 4,
    "Unit": 9,
    "Tenancy": 9,
    "ContactPoint": 12,
    "Booking": 97,
    "PaymentArrangement": 3,
}


def test_the_example_set_imports_and_the_tenant_360_shows_the_household_and_its_arrears(client_for, client):
    ok, out, err = import_dir(EXAMPLE_DIR)
    assert ok, err
    assert "Import gelukt" in out
    assert counts() == EXAMPLE_COUNTS
    run = last_run()
    assert run.status == ImportRun.Status.SUCCEEDED
    assert run.row_counts == {
        "relaties": 18,
        "eenheden": 9,
        "huurovereenkomsten": 9,
        "contactgegevens": 12,
        "boekingen": 97,
        "betalingsregelingen": 3,
    }
    assert run.errors == [] and run.finished_at is not None

    jansen = Household.objects.get(id_extern="REL-1020")
    client_for("klantadviseur")
    with frozen_clock(dt.date(2026, 2, 20)):
        html = client.get(reverse("tenants:household", args=[jansen.key])).content.decode()
    assert "Mevr. S. Jansen" in html
    assert "Rozenstraat 3-bis, 9901 CD Voorbeeldstad" in html
    assert "buurt Bloemenbuurt" in html
    # Rent of December, January and February unpaid; the two reminders are charges of € 0.
    assert "Achterstand: 3 maanden huur" in html
    assert "1 december 2025" in html
    assert "81 dagen" in html
    assert "€ 1.769,25" in html
    assert "Aanmaningen (12 mnd)</dt><dd>2" in html
    assert "Aangevraagd: € 1.769,25 in 6 termijnen" in html
    assert "Sanne Jansen" in html and "hoofdhuurder" in html
    assert "sanne.jansen@example.nl" in html

    # Imported people are findable: the search key was set although bulk writes bypass save().
    html = client.post(reverse("tenants:search"), {"q": "de vries"}).content.decode()
    assert "Kees de Vries" in html and "Lindelaan 12" in html
    html = client.post(reverse("tenants:search"), {"q": "celik"}).content.decode()
    assert "Elif Çelik" in html


def test_the_example_set_maps_vera_fields_onto_nabij(client_for, client):
    assert import_dir(EXAMPLE_DIR)[0]
    # The household row leaves voorkeurstaal empty: the main tenant's language is used.
    assert Household.objects.get(id_extern="REL-1010").preferred_language == "TUR"
    assert Household.objects.get(id_extern="REL-1040").preferred_language == "ENG"
    kees = Person.objects.get(id_extern="REL-1002")
    assert (kees.name_prefix, kees.surname, kees.search_name, kees.is_main_tenant) == (
        "de",
        "Vries",
        "vries",
        True,
    )
    assert kees.date_of_birth == dt.date(1968, 4, 12)
    assert not Person.objects.get(id_extern="REL-1003").is_main_tenant
    unit = Unit.objects.select_related("neighbourhood").get(id_extern="EH-2001")
    assert (unit.postcode, unit.house_number, unit.neighbourhood.code) == ("9901AB", 12, "BU99010101")
    assert (unit.neighbourhood.district, unit.neighbourhood.municipality) == ("Noord", "Voorbeeldstad")
    assert Unit.objects.get(id_extern="EH-2009").kind == "PAR"
    ended = Tenancy.objects.get(id_extern="HO-3007")
    assert ended.end_date == dt.date(2024, 6, 30) and ended.gross_rent_cents == 70100
    assert Tenancy.objects.get(id_extern="HO-3001").payment_method == "INC"
    email = ContactPoint.objects.get(id_extern="CG-4001")
    assert (email.kind, email.preferred, email.status, email.person.id_extern) == (
        "EMA",
        True,
        "GEV",
        "REL-1002",
    )
    postal = ContactPoint.objects.get(id_extern="CG-4007")
    assert postal.person is None and postal.household.id_extern == "REL-1030"
    ended_arrangement = PaymentArrangement.objects.get(id_extern="BR-6002")
    assert (ended_arrangement.amount_cents, ended_arrangement.instalment_count) == (149020, 6)
    assert ended_arrangement.end_reason == "Afbetaald"
    reminder = Booking.objects.filter(tenancy__id_extern="HO-3003", detail_kind="AAN").order_by(
        "booking_date"
    )[0]
    assert (reminder.kind, reminder.amount_cents, reminder.booking_date) == ("VOR", 0, dt.date(2026, 1, 15))


def test_re_importing_changed_files_updates_rows_instead_of_adding_them(tmp_path):
    assert import_dir(EXAMPLE_DIR)[0]
    before = counts()
    jansen_key = Household.objects.get(id_extern="REL-1020").key
    checked = dt.datetime(2025, 6, 1, 12, 0, tzinfo=dt.UTC)
    ContactPoint.objects.filter(id_extern__in=["CG-4001", "CG-4002"]).update(verified_at=checked)

    directory = copy_example(tmp_path)
    replace_in(
        directory / "huurovereenkomsten.csv",
        "HO-3003;REL-1020;EH-2003;2021-03-01;;589,75",
        "HO-3003;REL-1020;EH-2003;2021-03-01;;612,00",
    )
    replace_in(directory / "relaties.csv", ";Sanne;S.;;Jansen;", ";Sanne;S.;;Jansen-Bos;")
    replace_in(
        directory / "boekingen.csv",
        "BK-5025;HO-3003;VOR;PRO;2025-09-01;2025-09-01;589,75",
        "BK-5025;HO-3003;VOR;PRO;2025-09-01;2025-09-01;600,00",
    )
    replace_in(directory / "contactgegevens.csv", "kees.devries@example.nl", "kees@devries.example")
    ok, _out, err = import_dir(directory)
    assert ok, err

    assert counts() == before
    assert Tenancy.objects.get(id_extern="HO-3003").gross_rent_cents == 61200
    sanne = Person.objects.get(id_extern="REL-1021")
    assert (sanne.surname, sanne.search_name) == ("Jansen-Bos", "jansen-bos")
    assert Booking.objects.get(id_extern="BK-5025").amount_cents == 60000
    # Staff keep their links: the household's opaque key does not change on re-import.
    assert Household.objects.get(id_extern="REL-1020").key == jansen_key
    # A changed e-mail address is not verified any more; the unchanged mobile number still is.
    assert ContactPoint.objects.get(id_extern="CG-4001").value == "kees@devries.example"
    assert ContactPoint.objects.get(id_extern="CG-4001").verified_at is None
    assert ContactPoint.objects.get(id_extern="CG-4002").verified_at == checked
    assert list(ImportRun.objects.values_list("status", flat=True)) == ["succeeded", "succeeded"]


def test_a_column_left_out_of_the_file_keeps_the_value_nabij_has(tmp_path):
    assert import_dir(EXAMPLE_DIR)[0]
    Tenancy.objects.filter(id_extern="HO-3003").update(monitoring_state="ONH")  # a dunning pause in Nabij
    directory = tmp_path / "update"
    write_csv(
        directory,
        "huurovereenkomsten.csv",
        [
            "idExtern;relatie;eenheid;begindatum;brutohuur",
            "HO-3003;REL-1020;EH-2003;2021-03-01;600,00",
        ],
    )
    assert import_dir(directory)[0]
    tenancy = Tenancy.objects.get(id_extern="HO-3003")
    assert (tenancy.monitoring_state, tenancy.payment_method, tenancy.gross_rent_cents) == (
        "ONH",
        "OVB",
        60000,
    )


def test_broken_files_report_every_problem_with_file_line_and_column_and_change_nothing(
    tmp_path, client_for, client
):
    """The issue's key test: wrong delimiter, bad date on line 7, unknown VERA code, duplicate key."""
    assert import_dir(EXAMPLE_DIR)[0]
    before = counts()
    directory = copy_example(tmp_path)
    # A valid change that must not be applied because other rows are wrong.
    replace_in(directory / "huurovereenkomsten.csv", ";589,75;OVB", ";612,00;OVB")
    # Wrong delimiter: eenheden.csv saved with tabs.
    units = directory / "eenheden.csv"
    units.write_text(units.read_text(encoding="utf-8").replace(";", "\t"), encoding="utf-8", newline="")
    # Duplicate key: line 6 of relaties.csv repeats the idExtern of line 3.
    replace_in(directory / "relaties.csv", "REL-1011;NAT;", "REL-1002;NAT;")
    bookings = directory / "boekingen.csv"
    replace_in(bookings, "BK-5057;HO-3006;VOR;PRO;2025-09-01", "BK-5057;HO-3006;VOR;PRO;31-02-2026")  # line 7
    replace_in(bookings, "BK-5081;HO-3009;VOR;PRO", "BK-5081;HO-3009;XYZ;PRO")  # line 9: not a VERA code
    replace_in(bookings, "BK-5002;HO-3001;ONT;BAN", "BK-5002;HO-3001;ONT;BOR")  # line 10: VERA, not Nabij
    replace_in(bookings, "BK-5058;HO-3006;", "BK-5058;HO-9999;")  # line 12: unknown tenancy

    ok, _out, err = import_dir(directory)

    assert not ok
    run = last_run()
    assert run.status == ImportRun.Status.FAILED and run.finished_at is not None
    places = [(e["file"], e["line"], e["column"]) for e in run.errors]
    assert places == [
        ("relaties.csv", 6, "idExtern"),
        ("eenheden.csv", 1, ""),
        ("boekingen.csv", 7, "boekdatum"),
        ("boekingen.csv", 9, "soort"),
        ("boekingen.csv", 10, "detailSoort"),
        ("boekingen.csv", 12, "overeenkomst"),
    ]
    messages = [e["message"] for e in run.errors]
    assert messages[0] == "idExtern 'REL-1002' komt meer dan eens voor in dit bestand: regel 3 en regel 6"
    assert messages[1].startswith(
        "het scheidingsteken is een tab; Nabij leest alleen bestanden met een puntkomma"
    )
    assert messages[2] == "'31-02-2026' is geen geldige datum (gebruik 2026-02-01 of 01-02-2026)"
    assert (
        messages[3]
        == "'XYZ' is geen code uit VERA-lijst BOEKINGSOORT; toegestaan: ONT (Ontvangst), VOR (Vordering)"
    )
    assert messages[4].startswith(
        "'BOR' (Borg) is een VERA-code uit BOEKINGDETAILSOORT die Nabij niet ondersteunt; "
        "Nabij kent: AAN (Aanmaning)"
    )
    assert (
        messages[5]
        == "overeenkomst 'HO-9999' staat niet in huurovereenkomsten.csv en is ook niet bekend in Nabij"
    )
    # The command prints every problem and exits with an error.
    assert (
        "boekingen.csv, regel 7, kolom boekdatum: '31-02-2026' is geen geldige datum "
        "(gebruik 2026-02-01 of 01-02-2026)" in err
    )
    assert "eenheden.csv, regel 1: het scheidingsteken is een tab" in err
    assert "Import afgewezen: 6 fouten. Er is niets veranderd" in err

    # Nothing changed: every table has the same rows, and a valid change in the same run was not applied.
    assert counts() == before
    assert Tenancy.objects.get(id_extern="HO-3003").gross_rent_cents == 58975
    assert Person.objects.get(id_extern="REL-1011").surname == "Yılmaz"
    assert Booking.objects.get(id_extern="BK-5057").booking_date == dt.date(2025, 9, 1)

    # The refused run and its reasons are on the "Gegevens" page.
    client_for("functioneel_beheer")
    html = client.get(reverse("tenants:data_status")).content.decode()
    assert "Afgewezen" in html and "6 fouten" in html
    assert "boekingen.csv, regel 7, kolom boekdatum: &#x27;31-02-2026&#x27; is geen geldige datum" in html


@pytest.mark.parametrize(
    ("encoding", "delimiter", "amount", "date"),
    [
        ("utf-8", ";", "1.234,56", "2026-02-01"),
        ("utf-8-sig", ";", "1234,56", "01-02-2026"),
        ("cp1252", ";", "1234.56", "1-2-2026"),
        ("utf-8", ",", '"1.234,56"', "2026-02-01"),
        ("utf-8-sig", ",", "1234.56", "01-02-2026"),
        ("cp1252", ",", '"€ 1.234,56"', "2026-2-1"),
        ("utf-8", ";", "1,234.56", "2026-02-01"),
    ],
)
def test_files_as_dutch_erps_and_excel_write_them_are_read(tmp_path, encoding, delimiter, amount, date):
    d = delimiter

    def row(*cells):
        return d.join(cells)

    directory = tmp_path / "set"
    write_csv(
        directory,
        "relaties.csv",
        [
            row(
                "idExtern", "soort", "naam", "relatiegroep", "rol", "voornaam", "achternaam", "geboortedatum"
            ),
            row("H1", "GRO", "Mevr. Hélène Çelik", "", "", "", "", ""),
            row("P1", "NAT", "", "H1", "HUU", "Hélène", "Çelik", date),
        ],
        encoding,
    )
    write_csv(
        directory,
        "eenheden.csv",
        [
            row("idExtern", "straatnaam", "huisnummer", "postcode", "plaats"),
            row("E1", "Lindelaan", "4", "3521 AB", "Utrecht"),
        ],
        encoding,
    )
    write_csv(
        directory,
        "huurovereenkomsten.csv",
        [
            row("idExtern", "relatie", "eenheid", "begindatum", "brutohuur"),
            row("T1", "H1", "E1", date, amount),
        ],
        encoding,
    )
    write_csv(
        directory,
        "boekingen.csv",
        [
            row("idExtern", "overeenkomst", "soort", "boekdatum", "bedrag"),
            row("B1", "T1", "VOR", date, amount),
            row("B2", "T1", "ONT", date, "650"),
        ],
        encoding,
    )
    ok, _out, err = import_dir(directory)
    assert ok, err
    person = Person.objects.get()
    assert (person.first_name, person.surname, person.search_name) == ("Hélène", "Çelik", "celik")
    assert person.date_of_birth == dt.date(2026, 2, 1)
    assert Household.objects.get().name == "Mevr. Hélène Çelik"
    tenancy = Tenancy.objects.get()
    assert (tenancy.start_date, tenancy.gross_rent_cents) == (dt.date(2026, 2, 1), 123456)
    assert Unit.objects.get().postcode == "3521AB"
    charge, payment = Booking.objects.order_by("id_extern")
    assert (charge.amount_cents, charge.booking_date, charge.due_date) == (123456, dt.date(2026, 2, 1), None)
    assert payment.amount_cents == 65000


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("0", 0),
        ("650", 65000),
        ("650,5", 65050),
        ("650,50", 65050),
        ("650.50", 65050),
        ("1.234,56", 123456),
        ("1,234.56", 123456),
        ("1.234.567,89", 123456789),
        ("€ 1.234,56", 123456),
        ("-12,00", -1200),
    ],
)
def test_amounts_are_read_exactly_in_dutch_and_english_notation(text, cents):
    assert parse_amount_cents(text) == cents


@pytest.mark.parametrize("text", ["1.234", "1,234", "12,345", "1.2.3", "12a", "0,125", "", "€"])
def test_ambiguous_or_malformed_amounts_are_refused_rather_than_guessed(text):
    with pytest.raises(Invalid):
        parse_amount_cents(text)


def _minimal_set(directory, **replace):
    files = {
        "relaties.csv": [
            "idExtern;soort;naam;relatiegroep;rol;voornaam;achternaam;geboortedatum",
            "H1;GRO;Fam. Smit;;;;;",
            "P1;NAT;;H1;HUU;Jan;Smit;1980-01-01",
        ],
        "eenheden.csv": ["idExtern;straatnaam;huisnummer;postcode;plaats", "E1;Lindelaan;4;3521AB;Utrecht"],
        "huurovereenkomsten.csv": [
            "idExtern;relatie;eenheid;begindatum;einddatum;brutohuur",
            "T1;P1;E1;2020-01-01;;650,00",
        ],
        "contactgegevens.csv": ["idExtern;relatie;soort;waarde", "C1;P1;EMA;jan@example.nl"],
        "betalingsregelingen.csv": [
            "idExtern;overeenkomst;status;begindatum;bedrag;termijnenAantal",
            "R1;T1;ACT;2026-01-01;600,00;6",
        ],
    }
    for name, (old, new) in replace.items():
        name = name.replace("_", ".")
        files[name] = [line.replace(old, new) for line in files[name]]
    for name, lines in files.items():
        write_csv(directory, name, lines)
    return directory


@pytest.mark.parametrize(
    ("replace", "error"),
    [
        (
            {"relaties_csv": ("P1;NAT;;H1", "P1;NAT;;H9")},
            (
                "relaties.csv",
                3,
                "relatiegroep",
                "huishouden 'H9' staat niet in dit bestand en ook niet in Nabij",
            ),
        ),
        (
            {"relaties_csv": ("H1;GRO", "H1;REC")},
            (
                "relaties.csv",
                2,
                "soort",
                "'REC' (Rechtspersoon) is een VERA-code uit RELATIESOORT die Nabij niet",
            ),
        ),
        (
            {"relaties_csv": ("Fam. Smit", "")},
            ("relaties.csv", 2, "naam", "is verplicht voor een huishouden (soort GRO)"),
        ),
        (
            {"eenheden_csv": ("3521AB", "35211AB")},
            ("eenheden.csv", 2, "postcode", "'35211AB' is geen geldige postcode (gebruik 1234AB of 1234 AB)"),
        ),
        (
            {"huurovereenkomsten_csv": ("2020-01-01;;", "2020-01-01;2019-12-31;")},
            (
                "huurovereenkomsten.csv",
                2,
                "einddatum",
                "einddatum 31-12-2019 ligt vóór begindatum 01-01-2020",
            ),
        ),
        (
            {"huurovereenkomsten_csv": ("650,00", "-650,00")},
            (
                "huurovereenkomsten.csv",
                2,
                "brutohuur",
                "'-650,00' is negatief; een bedrag moet 0 of hoger zijn",
            ),
        ),
        (
            {"huurovereenkomsten_csv": ("T1;P1;E1", "T1;P1;E7")},
            (
                "huurovereenkomsten.csv",
                2,
                "eenheid",
                "eenheid 'E7' staat niet in eenheden.csv en is ook niet bekend",
            ),
        ),
        (
            {"contactgegevens_csv": ("jan@example.nl", "jan@example")},
            ("contactgegevens.csv", 2, "waarde", "is geen geldig e-mailadres"),
        ),
        (
            {"contactgegevens_csv": ("C1;P1;EMA;jan@example.nl", "C1;P1;MOB;06-123")},
            ("contactgegevens.csv", 2, "waarde", "is geen geldig telefoonnummer"),
        ),
        (
            {"relaties_csv": ("1980-01-01", "1980-02-31")},
            ("relaties.csv", 3, "geboortedatum", "is geen geldige datum"),
        ),
        (
            {"contactgegevens_csv": ("C1;P1;EMA", "C1;P1;FAX")},
            (
                "contactgegevens.csv",
                2,
                "soort",
                "'FAX' (Fax) is een VERA-code uit CONTACTGEGEVENSOORT die Nabij niet",
            ),
        ),
        (
            {"betalingsregelingen_csv": ("R1;T1;ACT", "R1;T2;ACT")},
            (
                "betalingsregelingen.csv",
                2,
                "overeenkomst",
                "overeenkomst 'T2' staat niet in huurovereenkomsten.csv",
            ),
        ),
        (
            {"betalingsregelingen_csv": (";6", ";0")},
            ("betalingsregelingen.csv", 2, "termijnenAantal", "'0' moet tussen 1 en 32767 liggen"),
        ),
        (
            {"relaties_csv": ("soort;naam", "soort;naam;bsn")},
            ("relaties.csv", 1, "bsn", "deze kolom is niet toegestaan: Nabij slaat geen BSN op."),
        ),
        (
            {"relaties_csv": ("geboortedatum", "geboortedatum;nationaliteit")},
            (
                "relaties.csv",
                1,
                "nationaliteit",
                "deze kolom is niet toegestaan: Nabij slaat geen nationaliteit op",
            ),
        ),
        (
            {"eenheden_csv": ("straatnaam;", "")},
            ("eenheden.csv", 1, "straatnaam", "verplichte kolom ontbreekt in de kopregel"),
        ),
        (
            {"eenheden_csv": (";", "|")},
            ("eenheden.csv", 1, "", "het scheidingsteken is een verticale streep (|); Nabij leest alleen"),
        ),
        (
            {
                "eenheden_csv": (
                    "idExtern;straatnaam;huisnummer;postcode;plaats",
                    "Nr;Straat;Huisnr;Pc;Woonplaats",
                )
            },
            ("eenheden.csv", 1, "", "de kopregel bevat geen van de verwachte kolommen"),
        ),
        (
            {"contactgegevens_csv": ("C1;P1;EMA;jan@example.nl", "C1;P1;EMA;jan@example.nl;extra")},
            ("contactgegevens.csv", 2, "", "de regel heeft 5 kolommen en de kopregel 4"),
        ),
    ],
)
def test_each_problem_is_reported_at_its_place_and_nothing_is_imported(tmp_path, replace, error):
    ok, _out, err = import_dir(_minimal_set(tmp_path / "set", **replace))
    assert not ok
    run = last_run()
    found = [(e["file"], e["line"], e["column"]) for e in run.errors]
    assert error[:3] in found, run.errors
    message = run.errors[found.index(error[:3])]["message"]
    assert message.startswith(error[3]), message
    assert all(count == 0 for count in counts().values())
    # Personal data stays out of the stored error list, which the Gegevens page shows.
    for personal in ("jan@example", "06-123", "1980-02-31"):
        assert personal not in message


def test_the_minimal_set_itself_imports(tmp_path):
    ok, _out, err = import_dir(_minimal_set(tmp_path / "set"))
    assert ok, err
    assert Tenancy.objects.get().household == Household.objects.get(
        id_extern="H1"
    )  # relatie may name a person
    assert ContactPoint.objects.get().person.id_extern == "P1"


def test_unknown_and_missing_files_are_explained(tmp_path):
    write_csv(tmp_path / "a", "personen.csv", ["idExtern;achternaam", "P1;Smit"])
    (tmp_path / "a" / "leesmij.txt").write_text("notities")
    ok, out, err = import_dir(tmp_path / "a")
    assert not ok
    assert "personen.csv: onbekende bestandsnaam; Nabij leest relaties.csv, eenheden.csv" in err
    assert "Let op: leesmij.txt: geen .csv-bestand, overgeslagen" in out
    (tmp_path / "empty").mkdir()
    ok, _out, err = import_dir(tmp_path / "empty")
    assert not ok and "geen VERA-bestanden gevonden" in err
    ok, _out, err = import_dir(tmp_path / "does-not-exist")
    assert not ok and "bestaat niet" in err
    assert ImportRun.objects.filter(status="failed").count() == 3


def test_a_file_that_is_neither_utf8_nor_windows_1252_is_refused(tmp_path):
    directory = tmp_path / "set"
    directory.mkdir()
    (directory / "eenheden.csv").write_bytes(b"idExtern;straatnaam\r\nE1;Stra\x81\x8d\x8f\x90\x9dt\r\n")
    ok, _out, err = import_dir(directory)
    assert not ok and "geen tekst in UTF-8 of Windows-1252" in err


def test_the_error_list_is_capped_but_counts_every_problem(tmp_path):
    lines = ["idExtern;straatnaam;huisnummer;postcode;plaats"]
    lines += [f"E{i};Lindelaan;{i + 1};9999ZZZ;Utrecht" for i in range(1205)]
    write_csv(tmp_path / "set", "eenheden.csv", lines)
    ok, _out, err = import_dir(tmp_path / "set")
    assert not ok
    run = last_run()
    assert len(run.errors) == 1001
    assert run.errors[-1]["message"].startswith("en nog 205 fouten; in totaal 1205")
    assert "Import afgewezen: 1205 fouten" in err


@pytest.fixture
def failing_file():
    """A file kind whose processing fails like a bug or a database error would, quoting a row."""
    from nabij.tenants.importer import core

    row = "(P1, Jansen, Kerkstraat 1, jan@example.nl)"

    def process(ctx, csv_file):
        raise RuntimeError("Failing row contains " + row)

    core.register_file(core.FileSpec("kapot", 99, {"idExtern": True}, process))
    yield
    del core._registry["kapot"]


def test_an_unexpected_failure_keeps_the_data_it_quotes_out_of_the_log_and_the_run(
    tmp_path, failing_file, caplog
):
    write_csv(tmp_path, "kapot.csv", ["idExtern", "P1"])

    ok, _out, err = import_dir(tmp_path)

    assert not ok
    run = last_run()
    assert run.status == ImportRun.Status.FAILED
    assert "RuntimeError" in run.errors[0]["message"] and "RuntimeError" in caplog.text
    assert "process" in caplog.text  # where it happened is logged
    for personal in ("Jansen", "Kerkstraat", "jan@example.nl"):
        assert personal not in caplog.text
        assert personal not in str(run.errors)
        assert personal not in err
