"""The demo corporation's two years of contacts and signals, with an energy-price crisis in them."""

import datetime as dt
from collections import Counter

import pytest
from django.utils import timezone

from nabij.casework.models import Case
from nabij.contacts.models import VERA_SIGNAL_KIND, Contact, Development, Signal
from nabij.core.clock import frozen_clock
from nabij.demo.generator import seed_demo
from nabij.demo.history import CRISIS_DAYS, CRISIS_START_DAYS_AGO
from nabij.tenants.models import Household

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 10)
CRISIS_START = TODAY - dt.timedelta(days=CRISIS_START_DAYS_AGO)
CRISIS_END = CRISIS_START + dt.timedelta(days=CRISIS_DAYS)


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """One seeded corporation for the whole module (read-only tests)."""
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            with frozen_clock(TODAY):
                result = seed_demo(500, 19)
            yield result
            transaction.set_rollback(True)  # leaves the test database empty for the other modules


def per_week(category: str, first: dt.date, last: dt.date) -> float:
    count = Signal.objects.filter(category=category, week_start__gte=first, week_start__lt=last).count()
    return count / ((last - first).days / 7)


def test_volume_is_about_twelve_signals_per_unit(seeded):
    assert 9 * 500 <= seeded.signals <= 16 * 500
    assert seeded.signals == Signal.objects.count()
    # The history's contacts, besides the contact attempts on today's demo cases (tests/casework).
    assert seeded.contacts == Contact.objects.filter(cases__isnull=True).count() > 0.8 * seeded.signals


def test_the_crisis_shows_a_clear_rise_in_energy_and_income_signals(seeded):
    before = (CRISIS_START - dt.timedelta(days=280), CRISIS_START - dt.timedelta(days=7))
    crisis = (CRISIS_START + dt.timedelta(days=14), CRISIS_END)
    assert per_week("energiekosten", *crisis) > 2.5 * per_week("energiekosten", *before)
    assert per_week("inkomensdaling", *crisis) > 1.5 * per_week("inkomensdaling", *before)
    # Ordinary categories stay about level.
    assert per_week("woning", *crisis) < 1.6 * per_week("woning", *before)


def test_every_signal_has_its_week_neighbourhood_process_and_vera_kind(seeded):
    first_day = TODAY - dt.timedelta(days=731)
    rows = Signal.objects.values_list(
        "created_at", "week_start", "neighbourhood_id", "process", "contact__process", "category",
        "vera_kind", "household_id", "contact__household_id", "contact__at",
    )  # fmt: skip
    kinds = {str(k): v for k, v in VERA_SIGNAL_KIND.items()}
    for created, week, neighbourhood, process, contact_process, category, vera, hid, contact_hid, at in rows:
        local = timezone.localtime(created).date()
        assert week == local - dt.timedelta(days=local.weekday())
        assert first_day <= local <= TODAY and local.weekday() < 5
        assert neighbourhood is not None
        assert process == contact_process and created == at and hid == contact_hid
        assert vera == kinds.get(category, "")


def test_the_neighbourhood_is_that_of_the_home_the_household_rented_then(seeded):
    for signal in Signal.objects.select_related("household")[:300]:
        day = timezone.localtime(signal.created_at).date()
        homes = {
            t.unit.neighbourhood_id
            for t in signal.household.tenancies.select_related("unit")
            if t.start_date <= day and (t.end_date is None or t.end_date >= day)
        }
        assert signal.neighbourhood_id in homes


def test_health_signals_exist_but_are_a_small_share(seeded):
    categories = Counter(Signal.objects.values_list("category", flat=True))
    total = sum(categories.values())
    assert 0 < categories["gezondheid"] / total < 0.06
    assert 0.05 < categories["positief"] / total < 0.25
    assert set(categories) == {
        "betaalzorgen", "inkomensdaling", "gezondheid", "eenzaamheid", "huishouden", "energiekosten",
        "woning", "overlast", "digitaal", "hulp_aanwezig", "positief",
    }  # fmt: skip


def test_payment_trouble_and_older_tenants_show_in_the_signals(seeded):
    def share(households, category):
        counts = Counter(Signal.objects.filter(household__in=households).values_list("category", flat=True))
        return counts[category] / max(1, sum(counts.values()))

    in_trouble = Household.objects.filter(tenancies__monitoring_state="INC").distinct()
    others = Household.objects.exclude(id__in=in_trouble)
    assert share(in_trouble, "betaalzorgen") > 1.5 * share(others, "betaalzorgen")
    seniors = Household.objects.filter(composition="senior")
    younger = Household.objects.exclude(composition="senior")
    assert share(seniors, "eenzaamheid") > 1.5 * share(younger, "eenzaamheid")


def test_older_signals_are_closed_recent_ones_active_and_urgent_follow_up_has_cases(seeded):
    recent = Signal.objects.filter(week_start__gte=TODAY - dt.timedelta(days=30))
    old = Signal.objects.filter(week_start__lt=TODAY - dt.timedelta(days=150))
    assert recent.exists() and set(recent.values_list("status", flat=True)) == {"ACT"}
    assert old.exists() and set(old.values_list("status", flat=True)) == {"PAS", "VER"}
    assert not old.filter(end_date__isnull=True).exists()
    assert not Signal.objects.filter(end_date__gt=TODAY).exists()
    cases = Case.objects.filter(kind="opvolging_signaal").select_related("signal")
    assert cases.exists()
    for case in cases:
        assert case.signal.urgency in ("hoog", "acuut") and case.signal.follow_up_wanted
        assert case.household_id == case.signal.household_id
        assert timezone.localdate(case.due_at) > timezone.localtime(case.signal.created_at).date()
        assert case.events.filter(kind="aangemaakt").exists()
        assert case.is_open == (case.status == "nieuw")
    assert not Signal.objects.filter(follow_up_wanted=True, follow_up_consent_at__isnull=True).exists()


def test_developments_match_the_crisis_and_energy_signals_are_tagged(seeded):
    developments = {d.title: d for d in Development.objects.all()}
    assert len(developments) in (3, 4)
    energy = developments["Energieprijzen stijgen sterk"]
    assert energy.date == CRISIS_START
    assert "Huurverhoging 1 juli" in developments
    tagged = energy.signals.all()
    assert tagged.exists()
    assert set(tagged.values_list("category", flat=True)) == {"energiekosten"}
    assert not tagged.filter(created_at__date__lt=CRISIS_START).exists()
    crisis_energy = Signal.objects.filter(
        category="energiekosten", week_start__gte=CRISIS_START, week_start__lt=CRISIS_END
    ).count()
    assert 0.2 < tagged.filter(week_start__lt=CRISIS_END).count() / crisis_energy < 0.7
