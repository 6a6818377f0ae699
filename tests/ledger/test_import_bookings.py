"""boekingen.csv and betalingsregelingen.csv in the VERA import: the large file's fast path must accept and
refuse exactly what the careful path does, across chunk boundaries."""

import datetime as dt

import pytest

from nabij.ledger import importer
from nabij.ledger.models import Booking, PaymentArrangement
from tests import factories
from tests.vera import import_dir, last_run, write_csv

pytestmark = pytest.mark.django_db

HEADER = "idExtern;overeenkomst;soort;detailSoort;boekdatum;vervaldatum;bedrag;omschrijving"


@pytest.fixture
def tenancy():
    household = factories.household("Smit", "Jan")
    return factories.tenancy(household, factories.unit(), id_extern="HO-1")


@pytest.fixture(params=["plain", "quoted"])
def quoting(request):
    """Files without any quote are split on the delimiter, files with quotes go through the csv module:
    both must give the same result. Returns a function that prepares the lines of a file."""

    def prepare(lines: list[str]) -> list[str]:
        if request.param == "plain":
            return lines
        # Quote the first cell of the first data row, as Excel does with text that needs it.
        first, rest = lines[1].split(";", 1)
        return [lines[0], f'"{first}";{rest}', *lines[2:]]

    return prepare


@pytest.fixture
def small_chunks(monkeypatch):
    """Chunks of four rows, so a dozen rows cross several chunk boundaries."""
    monkeypatch.setattr(importer, "CHUNK_ROWS", 4)


def rent_rows(count: int, start: int = 1) -> list[str]:
    return [
        f"B{i};HO-1;VOR;PRO;2026-01-{i:02d};2026-01-{i:02d};650,00;Huur" for i in range(start, start + count)
    ]


def test_bookings_over_many_chunks_are_all_imported_and_re_imported_once(
    tmp_path, tenancy, small_chunks, quoting
):
    write_csv(tmp_path / "set", "boekingen.csv", quoting([HEADER, *rent_rows(13)]))
    assert import_dir(tmp_path / "set")[0]
    assert Booking.objects.count() == 13
    assert last_run().row_counts == {"boekingen": 13}
    write_csv(
        tmp_path / "set",
        "boekingen.csv",
        [HEADER, *rent_rows(13)[:-1], "B13;HO-1;VOR;PRO;2026-01-13;;700,00;Huur"],
    )
    assert import_dir(tmp_path / "set")[0]
    assert Booking.objects.count() == 13
    last = Booking.objects.get(id_extern="B13")
    assert (last.amount_cents, last.due_date, last.tenancy) == (70000, None, tenancy)


def test_problems_in_later_chunks_are_reported_with_their_lines(tmp_path, tenancy, small_chunks, quoting):
    rows = rent_rows(12)
    rows[1] = "B2;HO-1;vor;pro;01-01-2026;;650;  Huur  "  # line 3: unusual but valid
    rows[5] = "B6;HO-1;VOR;PRO;2026-01-06;;-650,00;Huur"  # line 7
    rows[8] = "B2;HO-1;VOR;PRO;2026-01-09;;650,00;Huur"  # line 10: the key of line 3 again
    rows[9] = ""  # line 11: blank, skipped
    rows[10] = "B11;HO-1;VOR;2026-01-11;650,00"  # line 12: too few cells
    rows[11] = "   ;HO-1;VOR;PRO;2026-01-04;;650,00;Huur"  # line 13: a key of only spaces, else all known
    write_csv(tmp_path / "set", "boekingen.csv", quoting([HEADER, *rows, "  ;HO-1;VOR;PRO;bad;;650,00;Huur"]))
    ok, _out, err = import_dir(tmp_path / "set")
    assert not ok
    assert [(e["line"], e["column"], e["message"]) for e in last_run().errors] == [
        (
            7,
            "bedrag",
            "'-650,00' is negatief; schrijf bedragen zonder min-teken: de soort (VOR of ONT) geeft de "
            "richting aan",
        ),
        (10, "idExtern", "idExtern 'B2' komt meer dan eens voor in dit bestand: regel 3 en regel 10"),
        (
            12,
            "",
            "de regel heeft 5 kolommen en de kopregel 8; staat er een scheidingsteken in een waarde zonder "
            "aanhalingstekens?",
        ),
        (13, "idExtern", "is verplicht maar leeg"),
        (14, "idExtern", "is verplicht maar leeg"),
        (14, "boekdatum", "'bad' is geen geldige datum (gebruik 2026-02-01 of 01-02-2026)"),
    ]
    assert last_run().row_counts == {"boekingen": 12}
    assert Booking.objects.count() == 0


def test_unusual_but_valid_cells_take_the_careful_path_and_are_stored_normalised(
    tmp_path, tenancy, small_chunks, quoting
):
    rows = rent_rows(6)
    rows[4] = " B5 ;HO-1 ; vor ;pro;5-1-2026; ;1.650,5;  Huur januari  "
    write_csv(tmp_path / "set", "boekingen.csv", quoting([HEADER, *rows]))
    ok, _out, err = import_dir(tmp_path / "set")
    assert ok, err
    booking = Booking.objects.get(id_extern="B5")
    assert (booking.kind, booking.detail_kind, booking.booking_date) == ("VOR", "PRO", dt.date(2026, 1, 5))
    assert (booking.due_date, booking.amount_cents) == (None, 165050)
    assert booking.description == "  Huur januari  "  # free text is kept as the ERP wrote it


def test_columns_in_another_order_extra_columns_and_left_out_optional_columns(
    tmp_path, tenancy, small_chunks, quoting
):
    write_csv(
        tmp_path / "set",
        "boekingen.csv",
        quoting(
            [
                "grootboek;bedrag;boekdatum;soort;overeenkomst;idExtern;omschrijving",
                *[f"8000;650,00;2026-01-{i:02d};VOR;HO-1;B{i};Huur {i}" for i in range(1, 10)],
                "8000;650,00;2026-01-10;VOR;HO-1",  # line 11: too few cells
                "",
                ";;;;;;",
            ]
        ),
    )
    ok, out, err = import_dir(tmp_path / "set")
    assert not ok
    assert "kolommen genegeerd: grootboek" in out
    assert [(e["line"], e["message"][:40]) for e in last_run().errors] == [
        (11, "de regel heeft 5 kolommen en de kopregel")
    ]
    write_csv(
        tmp_path / "set",
        "boekingen.csv",
        quoting(
            [
                "grootboek;bedrag;boekdatum;soort;overeenkomst;idExtern;omschrijving",
                *[f"8000;650,00;2026-01-{i:02d};VOR;HO-1;B{i};Huur {i}" for i in range(1, 10)],
                "",
                ";;;;;;",
            ]
        ),
    )
    ok, out, err = import_dir(tmp_path / "set")
    assert ok, err
    assert Booking.objects.count() == 9
    first = Booking.objects.get(id_extern="B1")
    assert (first.detail_kind, first.due_date, first.description) == ("", None, "Huur 1")
    # A later file without the omschrijving column leaves the descriptions alone.
    write_csv(
        tmp_path / "set",
        "boekingen.csv",
        ["idExtern;overeenkomst;soort;boekdatum;bedrag", "B1;HO-1;VOR;2026-01-01;700,00"],
    )
    assert import_dir(tmp_path / "set")[0]
    first.refresh_from_db()
    assert (first.amount_cents, first.description) == (70000, "Huur 1")


def test_a_booking_for_a_tenancy_in_the_same_import_is_linked_to_it(tmp_path):
    household = factories.household("Smit", "Jan")
    unit = factories.unit(id_extern="E1")
    directory = tmp_path / "set"
    write_csv(
        directory,
        "huurovereenkomsten.csv",
        ["idExtern;relatie;eenheid;begindatum;brutohuur", f"HO-2;{household.id_extern};E1;2026-01-01;650,00"],
    )
    write_csv(directory, "boekingen.csv", [HEADER, "B1;HO-2;VOR;PRO;2026-01-01;2026-01-01;650,00;Huur"])
    write_csv(
        directory,
        "betalingsregelingen.csv",
        [
            "idExtern;overeenkomst;status;begindatum;bedrag;termijnenAantal",
            "R1;HO-2;ACT;2026-02-01;650,00;3,0",
        ],
    )
    assert import_dir(directory)[0]
    booking = Booking.objects.get()
    assert (booking.tenancy.id_extern, booking.tenancy.unit) == ("HO-2", unit)
    arrangement = PaymentArrangement.objects.get()
    assert (arrangement.tenancy, arrangement.instalment_count, arrangement.instalment_cents) == (
        booking.tenancy,
        3,
        21667,
    )


@pytest.mark.parametrize(
    ("keys", "duplicate_lines"),
    [
        # Sorted keys (the usual export): a repeat right across a chunk boundary, and one inside a chunk.
        (["B01", "B02", "B03", "B04", "B04", "B05", "B06", "B07", "B08", "B09"], (5, 6)),
        (["B01", "B02", "B03", "B04", "B05", "B06", "B06", "B07", "B08", "B09"], (7, 8)),
        # Sorted at first, then not: the keys of the earlier chunks are still remembered.
        (["B01", "B02", "B03", "B04", "B09", "B08", "B07", "B06", "B05", "B02"], (3, 11)),
    ],
)
def test_duplicate_keys_are_found_whether_or_not_the_file_is_sorted(
    tmp_path, tenancy, small_chunks, quoting, keys, duplicate_lines
):
    rows = [f"{key};HO-1;VOR;PRO;2026-01-01;;650,00;Huur" for key in keys]
    write_csv(tmp_path / "set", "boekingen.csv", quoting([HEADER, *rows]))
    ok, _out, _err = import_dir(tmp_path / "set")
    assert not ok
    first, second = duplicate_lines
    assert [(e["line"], e["column"], e["message"]) for e in last_run().errors] == [
        (
            second,
            "idExtern",
            f"idExtern '{keys[first - 2]}' komt meer dan eens voor in dit bestand: "
            f"regel {first} en regel {second}",
        )
    ]
    assert Booking.objects.count() == 0


def test_a_sorted_file_without_duplicates_imports_over_many_chunks(tmp_path, tenancy, small_chunks, quoting):
    rows = [f"B{i:03d};HO-1;ONT;BAN;2026-01-01;;10,00;" for i in range(1, 30)]
    write_csv(tmp_path / "set", "boekingen.csv", quoting([HEADER, *rows]))
    assert import_dir(tmp_path / "set")[0]
    assert Booking.objects.count() == 29
