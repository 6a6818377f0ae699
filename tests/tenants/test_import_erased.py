"""After an erasure on request (AVG art. 17) the VERA import does not bring the household back, although the
ERP still exports it: tombstones (privacy.erasure) make it leave those rows out and only count them."""

import datetime as dt

import pytest
from django.urls import reverse

from nabij.core.clock import frozen_clock
from nabij.ledger.models import Booking, PaymentArrangement
from nabij.privacy import erasure
from nabij.privacy.models import ErasureTombstone
from nabij.tenants.models import ContactPoint, Household, Person, Tenancy, Unit
from tests import factories
from tests.privacy.test_erasure import leaks
from tests.vera import EXAMPLE_DIR, copy_example, counts, import_dir, last_run, replace_in, write_csv

pytestmark = pytest.mark.django_db

# Mevr. S. Jansen in the example set: her household, her person, her tenancy, its arrangement, a booking and
# a contact detail; and the rows of hers in each file.
JANSEN_KEYS = ["REL-1020", "REL-1021", "HO-3003", "BR-6003", "BK-5025", "CG-4005"]
JANSEN_ROWS = {
    "relaties": 2,
    "huurovereenkomsten": 1,
    "contactgegevens": 2,
    "boekingen": 11,
    "betalingsregelingen": 1,
}
SKIPPED_LINE = "17 regels overgeslagen: gegevens gewist op verzoek (AVG art. 17)"


def erase(id_extern: str):
    household = Household.objects.get(id_extern=id_extern)
    first, second = factories.staff_user("privacy_officer"), factories.staff_user("privacy_officer")
    with frozen_clock(dt.date(2026, 11, 25)):
        request = erasure.request_erasure(first, household.pk, "verzoek", "AVG-2026-031")
        return erasure.confirm_erasure(request, second)


def assert_jansen_absent():
    assert not Household.objects.filter(id_extern="REL-1020").exists()
    assert not Household.objects.filter(name__contains="Jansen").exists()
    assert not Person.objects.filter(surname="Jansen").exists()
    assert not Tenancy.objects.filter(id_extern="HO-3003").exists()
    assert not Booking.objects.filter(tenancy__id_extern="HO-3003").exists()
    assert not Booking.objects.filter(id_extern="BK-5025").exists()
    assert not PaymentArrangement.objects.filter(id_extern="BR-6003").exists()
    assert not ContactPoint.objects.filter(value__contains="jansen").exists()
    # No table holds any of her keys in plain text: not the tombstones, not the import runs.
    assert leaks(JANSEN_KEYS + ["sanne.jansen@example.nl", "Mevr. S. Jansen"]) == set()


def test_a_re_import_leaves_the_erased_household_out_and_updates_the_others(tmp_path, client, client_for):
    assert import_dir(EXAMPLE_DIR)[0]
    done = erase("REL-1020")
    assert set(done.tombstones.values_list("kind", flat=True)) == {"households", "persons", "tenancies"}
    assert done.tombstones.count() == 3  # household, Sanne, HO-3003: no plain key among them
    after_erasure = counts()

    # The ERP still has her; another household changed its name meanwhile.
    directory = copy_example(tmp_path)
    replace_in(directory / "relaties.csv", "Fam. de Vries", "Fam. de Vries-Bakker")
    ok, out, err = import_dir(directory)
    assert ok, err
    assert SKIPPED_LINE in out
    assert "Jansen" not in out and "REL-10" not in out

    assert counts() == after_erasure
    assert Household.objects.get(id_extern="REL-1001").name == "Fam. de Vries-Bakker"
    assert_jansen_absent()
    run = last_run()
    assert run.skipped_erased == JANSEN_ROWS
    assert run.row_counts["boekingen"] == 97  # rows read, the skipped ones included
    assert ErasureTombstone.objects.filter(last_skipped_on__isnull=False).count() == 3

    # The Gegevens page says it, without naming anyone.
    client_for("functioneel_beheer")
    html = client.get(reverse("tenants:data_status")).content.decode()
    assert SKIPPED_LINE in html and "Jansen" not in html

    # A nightly run with only the bookings: her tenancy is unknown to Nabij, and still no error.
    nightly = tmp_path / "nachtelijk"
    nightly.mkdir()
    (nightly / "boekingen.csv").write_bytes((EXAMPLE_DIR / "boekingen.csv").read_bytes())
    ok, out, err = import_dir(nightly)
    assert ok, err
    assert "11 regels overgeslagen: gegevens gewist op verzoek (AVG art. 17)" in out
    assert last_run().skipped_erased == {"boekingen": 11}
    assert_jansen_absent()


def test_what_hangs_on_the_erased_household_stays_out_even_under_new_keys(tmp_path):
    """The ERP gives the erased household a new person, contact detail and tenancy: none of it comes in,
    and bookings of that new tenancy are left out instead of refused as unknown."""
    assert import_dir(EXAMPLE_DIR)[0]
    done = erase("REL-1020")
    after_erasure = counts()
    directory = tmp_path / "vera"
    write_csv(
        directory,
        "relaties.csv",
        [
            "idExtern;soort;naam;relatiegroep;rol;voornaam;achternaam",
            "REL-1022;NAT;;REL-1020;KIN;Fenneke;Jansen",
        ],
    )
    write_csv(
        directory,
        "huurovereenkomsten.csv",
        ["idExtern;relatie;eenheid;begindatum;brutohuur", "HO-3099;REL-1020;EH-2009;2026-12-01;99,00"],
    )
    write_csv(
        directory,
        "contactgegevens.csv",
        ["idExtern;relatie;soort;waarde", "CG-4099;REL-1022;MOB;0611111111"],
    )
    write_csv(
        directory,
        "boekingen.csv",
        ["idExtern;overeenkomst;soort;boekdatum;bedrag", "BK-9099;HO-3099;VOR;2026-12-01;99,00"],
    )
    ok, out, err = import_dir(directory)
    assert ok, err
    assert "4 regels overgeslagen" in out
    assert counts() == after_erasure
    assert leaks(["REL-1022", "HO-3099", "CG-4099", "BK-9099", "0611111111", "Fenneke"]) == set()

    # Later nightly runs bring only one file: the new tenancy's bookings, the new person's contact details.
    # They are left out too (the keys they hang on got tombstones of the same erasure), not refused with
    # an error that names those keys.
    for name, lines in [
        (
            "boekingen.csv",
            ["idExtern;overeenkomst;soort;boekdatum;bedrag", "BK-9099;HO-3099;VOR;2026-12-01;99,00"],
        ),
        ("contactgegevens.csv", ["idExtern;relatie;soort;waarde", "CG-4099;REL-1022;MOB;0611111111"]),
    ]:
        nightly = tmp_path / name
        write_csv(nightly, name, lines)
        ok, out, err = import_dir(nightly)
        assert ok, err
        run = last_run()
        assert run.skipped_erased == {name.removesuffix(".csv"): 1}
        assert run.row_counts == {name.removesuffix(".csv"): 1}
        assert run.errors == []
    assert counts() == after_erasure
    assert set(ErasureTombstone.objects.values_list("erasure", flat=True)) == {done.pk}
    assert ErasureTombstone.objects.count() == 5  # household, Sanne, HO-3003; and REL-1022, HO-3099
    assert ErasureTombstone.objects.filter(derived=True).count() == 2
    assert leaks(["REL-1022", "HO-3099", "CG-4099", "BK-9099", "0611111111", "Fenneke"]) == set()
    assert_jansen_absent()

    # She returns under her old relation number, and HO-3099 is her new contract: once the tombstones are
    # lifted it comes in with its booking; only the erased contract HO-3003 stays out.
    first, second = factories.staff_user("privacy_officer"), factories.staff_user("privacy_officer")
    erasure.confirm_lift(erasure.request_lift(done, first), second)
    assert list(done.tombstones.values_list("kind", flat=True)) == ["tenancies"]
    directory = copy_example(tmp_path / "terug")
    with (directory / "relaties.csv").open("a", encoding="utf-8", newline="") as f:
        f.write("REL-1022;NAT;;;REL-1020;KIN;Fenneke;F.;;Jansen;2010-01-01\r\n")
    with (directory / "huurovereenkomsten.csv").open("a", encoding="utf-8", newline="") as f:
        f.write("HO-3099;REL-1020;EH-2009;2026-12-01;;99,00;OVB;NOR\r\n")
    with (directory / "boekingen.csv").open("a", encoding="utf-8", newline="") as f:
        f.write("BK-9099;HO-3099;VOR;PRO;2026-12-01;2026-12-01;99,00;Huur 12-2026\r\n")
    ok, out, err = import_dir(directory)
    assert ok, err
    assert Tenancy.objects.get(id_extern="HO-3099").household.id_extern == "REL-1020"
    assert Booking.objects.filter(id_extern="BK-9099").exists()
    assert Person.objects.get(id_extern="REL-1022").first_name == "Fenneke"
    assert not Tenancy.objects.filter(id_extern="HO-3003").exists()


def test_an_erased_relation_key_that_comes_back_as_the_other_kind_stays_out(tmp_path):
    """VERA's households and persons share one key space: the erased household's key coming back as a
    person (or the erased person's as a household) is still the erased relation."""
    assert import_dir(EXAMPLE_DIR)[0]
    erase("REL-1020")
    after_erasure = counts()
    directory = tmp_path / "vera"
    write_csv(
        directory,
        "relaties.csv",
        [
            "idExtern;soort;naam;relatiegroep;rol;voornaam;achternaam",
            "REL-1020;NAT;;REL-1001;KIN;Sanne;Jansen",
            "REL-1021;GRO;Fam. Jansen;;;;",
            "REL-1023;NAT;;REL-1021;HUU;Fenneke;Jansen",
        ],
    )
    write_csv(
        directory,
        "contactgegevens.csv",
        ["idExtern;relatie;soort;waarde", "CG-4098;REL-1020;MOB;0622222222"],
    )
    ok, out, err = import_dir(directory)
    assert ok, err
    assert last_run().skipped_erased == {"relaties": 3, "contactgegevens": 1}
    assert counts() == after_erasure
    assert leaks(["REL-1023", "CG-4098", "0622222222", "Fenneke"]) == set()
    assert_jansen_absent()


def test_a_new_household_in_the_erased_households_home_imports_normally(tmp_path):
    assert import_dir(EXAMPLE_DIR)[0]
    erase("REL-1020")
    unit = Unit.objects.get(id_extern="EH-2003")
    directory = copy_example(tmp_path)
    with (directory / "relaties.csv").open("a", encoding="utf-8", newline="") as f:
        f.write("REL-1070;GRO;Fam. Bakker;NLD;;;;;;;\r\n")
        f.write("REL-1071;NAT;;;REL-1070;HUU;Lotte;L.;;Bakker;1995-05-05\r\n")
    replace_in(
        directory / "huurovereenkomsten.csv",
        "HO-3003;REL-1020;EH-2003;2021-03-01;;589,75",
        "HO-3003;REL-1020;EH-2003;2021-03-01;2026-10-31;589,75",
    )
    with (directory / "huurovereenkomsten.csv").open("a", encoding="utf-8", newline="") as f:
        f.write("HO-3100;REL-1070;EH-2003;2026-11-01;;601,00;OVB;NOR\r\n")
    with (directory / "boekingen.csv").open("a", encoding="utf-8", newline="") as f:
        f.write("BK-9100;HO-3100;VOR;PRO;2026-11-01;2026-11-01;601,00;Huur 11-2026\r\n")
    ok, out, err = import_dir(directory)
    assert ok, err
    assert SKIPPED_LINE in out

    bakker = Household.objects.get(id_extern="REL-1070")
    tenancy = Tenancy.objects.get(id_extern="HO-3100")
    assert tenancy.household == bakker and tenancy.unit == unit
    assert bakker.persons.get().first_name == "Lotte"
    assert Booking.objects.filter(tenancy=tenancy).count() == 1
    assert_jansen_absent()
