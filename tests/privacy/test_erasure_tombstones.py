"""Tombstones of an erasure on request: what they hold, the officer's page, lifting them with four eyes when
a former tenant returns, a SECRET_KEY rotation, and their retention."""

import datetime as dt

import pytest
from django.urls import reverse

from nabij.core.clock import frozen_clock
from nabij.ledger.models import Booking
from nabij.privacy import erasure, registry, retention
from nabij.privacy.models import AccessLogEntry, ErasureTombstone
from nabij.tenants.models import Household, Person, Tenancy
from tests import factories
from tests.vera import EXAMPLE_DIR, import_dir, last_run

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 25)


def erased_jansen():
    assert import_dir(EXAMPLE_DIR)[0]
    household = Household.objects.get(id_extern="REL-1020")
    first, second = factories.staff_user("privacy_officer"), factories.staff_user("privacy_officer")
    with frozen_clock(TODAY):
        request = erasure.request_erasure(first, household.pk, "verzoek")
        return erasure.confirm_erasure(request, second), first, second


def test_tombstones_hold_keyed_hashes_only():
    done, _first, _second = erased_jansen()
    tombstones = list(done.tombstones.order_by("kind"))
    assert [t.kind for t in tombstones] == ["households", "persons", "tenancies"]
    assert all(t.erased_on == TODAY and t.last_skipped_on is None for t in tombstones)
    assert all(len(t.digest) == 64 and int(t.digest, 16) >= 0 for t in tombstones)
    # Keyed per kind: the same text as a household key and as a tenancy number gives unrelated hashes,
    # and without SECRET_KEY nobody can test a guessed key against them.
    assert erasure.tombstone_digest("households", "REL-1020") == tombstones[0].digest
    assert erasure.tombstone_digest("tenancies", "REL-1020") != tombstones[0].digest
    assert erasure.tombstone_digest("households", "REL-1020", "another-secret") != tombstones[0].digest


def test_a_failed_erasure_writes_no_tombstone(monkeypatch):
    household = factories.household("Oosterbroekstra")
    first, second = factories.staff_user("privacy_officer"), factories.staff_user("privacy_officer")
    request = erasure.request_erasure(first, household.pk, "verzoek")

    def broken(household_id):
        raise RuntimeError("disk full")

    failing = registry.HouseholdData(
        key="test.broken", label="kapot", export=lambda h: [], erase=broken, order=5000
    )
    monkeypatch.setitem(registry._providers, failing.key, failing)
    with pytest.raises(erasure.ErasureRefused):
        erasure.confirm_erasure(request, second)
    assert not ErasureTombstone.objects.exists()


def test_the_officer_sees_the_tombstone_and_two_officers_lift_it_for_a_returning_tenant(client):
    done, first, second = erased_jansen()
    client.force_login(first)
    html = client.get(reverse("privacy:erasure_requests")).content.decode()
    assert "Bij een volgende import wordt dit huishouden overgeslagen." in html
    shell = Household.objects.get(pk=done.household_id)
    html = client.get(reverse("privacy:subject_access_household", args=[shell.key])).content.decode()
    assert "Bij een volgende import wordt dit huishouden overgeslagen." in html

    # One officer asks, the same officer cannot confirm, a colleague can.
    assert client.post(reverse("privacy:erasure_lift", args=[done.pk])).status_code == 302
    html = client.get(reverse("privacy:erasure_requests")).content.decode()
    assert "Opheffen aangevraagd door" in html
    client.post(reverse("privacy:erasure_lift_confirm", args=[done.pk]))
    assert done.tombstones.count() == 3
    done.refresh_from_db()
    with pytest.raises(erasure.ErasureRefused, match="zelf aangevraagd"):
        erasure.confirm_lift(done, first)
    client.force_login(second)
    assert client.post(reverse("privacy:erasure_lift_confirm", args=[done.pk])).status_code == 302
    done.refresh_from_db()
    assert done.lifted_by == second and done.lift_requested_by == first
    assert list(done.tombstones.values_list("kind", flat=True)) == ["tenancies"]
    logged = AccessLogEntry.objects.filter(
        household_id=done.household_id, what__startswith="erasure tombstone"
    )
    assert sorted(logged.values_list("what", flat=True)) == [
        "erasure tombstone lift requested",
        "erasure tombstone lifted",
    ]
    html = client.get(reverse("privacy:erasure_requests")).content.decode()
    assert "het huishouden wordt weer ingelezen" in html
    assert "De oude huurovereenkomsten en hun boekingen blijven overgeslagen." in html
    with pytest.raises(erasure.ErasureRefused):
        erasure.request_lift(done, first)

    # The next import brings back the household and its person, not the old tenancy and its bookings.
    ok, out, err = import_dir(EXAMPLE_DIR)
    assert ok, err
    returned = Household.objects.get(id_extern="REL-1020")
    assert Person.objects.get(id_extern="REL-1021").household == returned
    assert not Tenancy.objects.filter(id_extern="HO-3003").exists()
    assert not Booking.objects.filter(id_extern="BK-5025").exists()
    assert last_run().skipped_erased == {"huurovereenkomsten": 1, "boekingen": 11, "betalingsregelingen": 1}


def test_a_lift_can_be_withdrawn_and_other_roles_cannot_lift(client, client_for):
    done, first, _second = erased_jansen()
    erasure.request_lift(done, first)
    erasure.withdraw_lift(done, first)
    done.refresh_from_db()
    assert done.lift_requested_by is None and done.tombstones.count() == 3
    client_for("functioneel_beheer")
    assert client.post(reverse("privacy:erasure_lift", args=[done.pk])).status_code == 403
    done.refresh_from_db()
    assert done.lift_requested_by is None


def test_tombstones_made_before_a_key_rotation_still_work_with_the_old_key_as_fallback(settings):
    erased_jansen()
    old = settings.SECRET_KEY
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "a-new-secret-key-after-rotation", [old]
    ok, out, err = import_dir(EXAMPLE_DIR)
    assert ok, err
    assert not Household.objects.filter(id_extern="REL-1020").exists()
    assert "17 regels overgeslagen" in out


def test_retention_removes_tombstones_that_stopped_nothing_for_seven_years(settings):
    settings.NABIJ_RETENTION = "access_log=5y"  # tombstones: the default period
    done, _first, _second = erased_jansen()
    # The ERP kept exporting her bookings until three years after the erasure, then dropped them.
    done.tombstones.filter(kind="tenancies").update(last_skipped_on=TODAY.replace(year=2029))
    later = TODAY.replace(year=2034)
    with frozen_clock(later):
        run = retention.apply_retention()
    assert run.counts["privacy.erasure_tombstones"] == 2
    assert list(done.tombstones.values_list("kind", flat=True)) == ["tenancies"]
    with frozen_clock(TODAY.replace(year=2037)):
        assert retention.apply_retention().counts["privacy.erasure_tombstones"] == 1
    assert not done.tombstones.exists()
