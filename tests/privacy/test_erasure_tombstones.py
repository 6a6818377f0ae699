"""Tombstones of an erasure on request: what they hold, the officer's page, lifting them with four eyes when
a former tenant returns, a SECRET_KEY rotation, and their retention."""

import datetime as dt

import pytest
from django.urls import reverse

from nabij.core.clock import frozen_clock
from nabij.ledger.models import Booking
from nabij.privacy import erasure, retention
from nabij.privacy.models import AccessLogEntry, ErasureRequest, ErasureTombstone
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


def test_tombstones_roll_back_with_a_failed_erasure(monkeypatch):
    household = factories.household("Oosterbroekstra", id_extern="REL-ERASE-5512")
    first, second = factories.staff_user("privacy_officer"), factories.staff_user("privacy_officer")
    request = erasure.request_erasure(first, household.pk, "verzoek")
    write_tombstones = erasure._write_tombstones

    def written_then_broken(erasure_request, keys):
        # The erasure fails after its tombstones are written (e.g. saving the counts).
        write_tombstones(erasure_request, keys)
        assert ErasureTombstone.objects.filter(erasure=erasure_request).exists()
        raise RuntimeError("disk full")

    monkeypatch.setattr(erasure, "_write_tombstones", written_then_broken)
    with pytest.raises(erasure.ErasureRefused):
        erasure.confirm_erasure(request, second)
    assert not ErasureTombstone.objects.exists()
    request.refresh_from_db()
    assert request.status == "aangevraagd"
    assert Household.objects.get(pk=household.pk).id_extern == "REL-ERASE-5512"


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
    client.force_login(first)
    assert client.post(reverse("privacy:erasure_lift_withdraw", args=[done.pk])).status_code == 302
    done.refresh_from_db()
    assert done.lift_requested_by is None and done.tombstones.count() == 3
    # Withdrawing is logged like the other steps.
    assert AccessLogEntry.objects.filter(
        household_id=done.household_id, what="erasure tombstone lift withdrawn", user=first
    ).exists()
    client_for("functioneel_beheer")
    assert client.post(reverse("privacy:erasure_lift", args=[done.pk])).status_code == 403
    done.refresh_from_db()
    assert done.lift_requested_by is None


def test_one_officer_cannot_lift_alone_by_withdrawing_and_asking_again():
    """The confirming officer's page shows a colleague's request; meanwhile that officer withdrew it and
    asked again themselves. Confirming the page's (stale) copy must not lift with one pair of eyes."""
    done, first, second = erased_jansen()
    erasure.request_lift(done, first)
    on_the_page = ErasureRequest.objects.get(pk=done.pk)
    assert on_the_page.lift_requested_by == first
    erasure.withdraw_lift(done, second)
    erasure.request_lift(done, second)
    with pytest.raises(erasure.ErasureRefused, match="zelf aangevraagd"):
        erasure.confirm_lift(on_the_page, second)
    done.refresh_from_db()
    assert done.lifted_at is None and done.lifted_by is None
    assert done.tombstones.count() == 3
    # A colleague can still confirm it.
    third = factories.staff_user("privacy_officer")
    erasure.confirm_lift(done, third)
    done.refresh_from_db()
    assert done.lifted_by == third and done.lift_requested_by == second


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
