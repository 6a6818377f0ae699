"""Retention: each data class is kept for its configured period (NABIJ_RETENTION), a run removes what is
older and stores what it removed per class, for the privacy officer to see."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from nabij.contacts.models import Contact, Signal
from nabij.core.clock import frozen_clock
from nabij.privacy import retention
from nabij.privacy.models import AccessLogEntry, RetentionRun
from nabij.tenants.models import Household, Person
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 27)
DEFAULTS = "signals=2y,notes=2y,messages=1y,access_log=5y,ended_tenancies=7y"


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


def signal(household, created: dt.date, status: str = "ACT", end_date: dt.date | None = None) -> Signal:
    return Signal.objects.create(
        household=household,
        category="betaalzorgen",
        note="Zorgen over de huur",
        status=status,
        end_date=end_date,
        created_at=at(created),
        week_start=created - dt.timedelta(days=created.weekday()),
    )


def contact(household, day: dt.date, note: str = "Belde over de huur") -> Contact:
    return Contact.objects.create(household=household, at=at(day), note=note, subject="Huur")


def log_entry(user, day: dt.date, household_id=None) -> AccessLogEntry:
    return AccessLogEntry.objects.create(
        at=at(day), user=user, action="view", what="tenant 360", household_id=household_id
    )


@pytest.fixture
def world(settings):
    """Rows just inside and just outside every period, relative to TODAY."""
    settings.NABIJ_RETENTION = DEFAULTS
    two_years = dt.date(2024, 11, 27)  # the cutoff for signals and notes
    staff = factories.staff_user("klantadviseur")
    h = factories.household("Jansen")
    factories.tenancy(h, factories.unit())
    rows = {
        "signal_ended_long_ago": signal(h, dt.date(2023, 5, 1), "PAS", two_years - dt.timedelta(days=1)),
        "signal_ended_recently": signal(h, dt.date(2023, 5, 1), "PAS", two_years),
        "signal_expired_never_ended": signal(h, dt.date(2024, 1, 10), "VER"),
        "signal_still_active": signal(h, dt.date(2021, 3, 1), "ACT"),
        "contact_old": contact(h, two_years - dt.timedelta(days=1)),
        "contact_recent": contact(h, two_years),
        "log_old": log_entry(staff, dt.date(2021, 11, 26), h.pk),
        "log_recent": log_entry(staff, dt.date(2021, 11, 27), h.pk),
    }
    # Ended tenancies: anonymised 7 years after the last one ended.
    left_long_ago = factories.household("Verhuisd")
    factories.tenancy(left_long_ago, factories.unit(), end_date=dt.date(2019, 11, 26))
    left_recently = factories.household("Onlangs")
    factories.tenancy(left_recently, factories.unit(), end_date=dt.date(2019, 11, 27))
    moved_within = factories.household("Doorgeschoven")
    factories.tenancy(moved_within, factories.unit(), end_date=dt.date(2012, 1, 31))
    factories.tenancy(moved_within, factories.unit(), start_date=dt.date(2012, 2, 1))
    rows.update(left_long_ago=left_long_ago, left_recently=left_recently, moved_within=moved_within)
    return rows


EXPECTED = {
    "casework.texts": 0,  # no cases in this world (casework's own rule: tests/casework/test_privacy_data.py)
    "contacts.signals": 2,
    "contacts.notes": 1,
    "privacy.access_log": 1,
    "privacy.erasure_tombstones": 0,  # no erasures here (tests/privacy/test_erasure_tombstones.py)
    "tenants.ended_tenancies": 1,
}


def test_periods_from_the_setting():
    periods = retention.parse_periods(DEFAULTS)
    assert periods["signals"].cutoff(TODAY) == dt.date(2024, 11, 27)
    assert periods["access_log"].cutoff(TODAY) == dt.date(2021, 11, 27)
    assert retention.parse_periods("notes=30d")["notes"].cutoff(TODAY) == dt.date(2026, 10, 28)
    assert retention.parse_periods("notes=18m")["notes"].cutoff(TODAY) == dt.date(2025, 5, 27)
    assert retention.parse_periods("signals=1y")["signals"].cutoff(dt.date(2028, 2, 29)) == dt.date(
        2027, 2, 28
    )
    assert str(periods["ended_tenancies"]) == "7 jaar"
    with pytest.raises(ImproperlyConfigured, match="signals=2 jaar"):
        retention.parse_periods("signals=2 jaar")


def test_a_dry_run_counts_and_removes_nothing(world):
    with frozen_clock(TODAY):
        run = retention.apply_retention(dry_run=True)
    assert run.dry_run and run.status == RetentionRun.Status.SUCCEEDED
    assert run.counts == EXPECTED
    assert Signal.objects.count() == 4 and AccessLogEntry.objects.count() == 2
    assert Contact.objects.get(pk=world["contact_old"].pk).note
    assert Household.objects.get(pk=world["left_long_ago"].pk).name == "Fam. Verhuisd"


def test_a_run_removes_what_is_past_its_period_and_keeps_the_rest(world):
    with frozen_clock(TODAY):
        run = retention.apply_retention(trigger="commando")

    assert run.counts == EXPECTED
    assert run.cutoffs["contacts.signals"] == "2024-11-27"
    assert run.cutoffs["tenants.ended_tenancies"] == "2019-11-27"
    kept_signals = set(Signal.objects.values_list("pk", flat=True))
    assert kept_signals == {world["signal_ended_recently"].pk, world["signal_still_active"].pk}
    old, recent = (
        Contact.objects.get(pk=world["contact_old"].pk),
        Contact.objects.get(pk=world["contact_recent"].pk),
    )
    assert (old.note, old.subject) == ("", "")  # the text goes, the contact still counts
    assert recent.note == "Belde over de huur"
    assert list(AccessLogEntry.objects.values_list("pk", flat=True)) == [world["log_recent"].pk]

    gone = Household.objects.get(pk=world["left_long_ago"].pk)
    assert gone.name == "Verwijderd huishouden" and not Person.objects.filter(household=gone).exists()
    assert not gone.tenancies.exists()
    assert Household.objects.get(pk=world["left_recently"].pk).name == "Fam. Onlangs"
    assert Household.objects.get(pk=world["moved_within"].pk).persons.exists()

    # A day later nothing more is due but what crossed its period overnight.
    with frozen_clock(TODAY + dt.timedelta(days=1)):
        again = retention.apply_retention()
    assert again.counts == {
        "casework.texts": 0,
        "contacts.signals": 1,
        "contacts.notes": 1,
        "privacy.access_log": 1,
        "privacy.erasure_tombstones": 0,
        "tenants.ended_tenancies": 1,
    }


def test_the_privacy_officer_sees_the_runs_and_the_periods(world, client, client_for):
    with frozen_clock(TODAY):
        retention.apply_retention()
    client_for("privacy_officer")
    html = client.get(reverse("privacy:retention")).content.decode()
    assert "Signalen (verwijderd)" in html and "Regels in het toegangslog (verwijderd)" in html
    assert "Huishoudens met beëindigde huur (geanonimiseerd)" in html
    assert "7 jaar" in html and "2 jaar" in html
    assert (
        "Verzonden berichten" in html
    )  # configured, no data class applies it yet (outreach is not there yet)
    assert "van vóór 27 november 2024" in html

    client_for("teamleider")
    assert client.get(reverse("privacy:retention")).status_code == 403


def test_the_command_and_the_task(world, settings):
    out = io.StringIO()
    with frozen_clock(TODAY):
        call_command("apply_retention", "--dry-run", stdout=out)
    assert "Dry run" in out.getvalue() and "Signalen (verwijderd): 2" in out.getvalue()
    assert Signal.objects.count() == 4

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with frozen_clock(TODAY):
        result = retention.apply_retention_task.enqueue()
    assert result.return_value == EXPECTED
    run = RetentionRun.objects.get(trigger="taak")
    assert not run.dry_run and run.counts == EXPECTED
    assert Signal.objects.count() == 2


def test_a_failing_rule_leaves_everything_and_records_the_failure(world, monkeypatch):
    from nabij.privacy import registry

    rules = registry.retention_rules()

    def broken(cutoff, dry_run):
        raise RuntimeError("schijf vol")

    monkeypatch.setattr(
        registry,
        "retention_rules",
        lambda: [*rules, registry.RetentionRule("test.broken", "kapot", "notes", apply=broken)],
    )
    with frozen_clock(TODAY), pytest.raises(RuntimeError):
        retention.apply_retention()
    run = RetentionRun.objects.get()
    assert run.status == RetentionRun.Status.FAILED and "schijf vol" in run.error
    assert Signal.objects.count() == 4  # all or nothing


def test_signal_retention_never_changes_what_the_monitor_can_show(settings):
    """Two years is longer than the monitor's longest period (104 weeks): a signal that ended two years ago
    was recorded before any week the monitor can show."""
    from nabij.contacts import monitor

    settings.NABIJ_RETENTION = DEFAULTS
    just_too_old = TODAY - dt.timedelta(days=731)  # ended (and recorded) a day before the cutoff
    for n in range(12):
        h = factories.household(f"Buur{n}")
        signal(h, just_too_old, "PAS", just_too_old)
        signal(h, TODAY - dt.timedelta(weeks=103), "PAS", TODAY - dt.timedelta(weeks=50))
        signal(h, TODAY - dt.timedelta(weeks=2))
    end = monitor.monday(TODAY)
    widest = monitor.Filters(start=end - dt.timedelta(weeks=monitor.MAX_WEEKS - 1), end=end)

    def figures():
        return monitor.csv_rows(monitor.build(widest), monitor.build_areas(widest))

    before = figures()
    assert any("12" in row for row in before)  # real figures, not suppressed
    with frozen_clock(TODAY):
        run = retention.apply_retention()
    assert run.counts["contacts.signals"] == 12
    assert figures() == before
