"""The demo corporation generator (`manage.py seed_demo`): realistic, private, repeatable."""

import datetime as dt
import hashlib
import re
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError
from django.urls import reverse

from nabij.contacts.models import Contact, Development, Signal
from nabij.core.clock import frozen_clock
from nabij.demo.generator import seed_demo
from nabij.ledger.models import Booking, PaymentArrangement
from nabij.ledger.selectors import arrears_state
from nabij.tenants.models import (
    ChannelPreference,
    ContactPoint,
    Household,
    Neighbourhood,
    Person,
    Tenancy,
    Unit,
)
from nabij.tenants.search import normalise_name

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 10)
POSTCODE = re.compile(r"^[1-9][0-9]{3}[A-Z]{2}$")


def seed(units=40, seed=7):
    with frozen_clock(TODAY):
        return seed_demo(units, seed)


def current_tenancies():
    return Tenancy.objects.filter(end_date__isnull=True)


def fingerprint() -> str:
    """A hash over what a user sees: names, addresses, tenancies, contact details, money, contacts and
    signals."""
    parts = [
        sorted(Household.objects.values_list("name", "key", "composition", "preferred_language")),
        sorted(
            Person.objects.values_list("first_name", "initials", "name_prefix", "surname", "date_of_birth")
        ),
        sorted(
            Unit.objects.values_list(
                "street", "house_number", "house_letter", "house_number_addition", "postcode"
            )
        ),
        sorted(
            Tenancy.objects.values_list(
                "id_extern",
                "start_date",
                "end_date",
                "gross_rent_cents",
                "payment_method",
                "monitoring_state",
            )
        ),
        sorted(ContactPoint.objects.values_list("kind", "value", "status", "verified_at")),
        sorted(PaymentArrangement.objects.values_list("status", "amount_cents", "instalment_count")),
        sorted(
            Counter(
                (kind, detail, amount)
                for kind, detail, amount in Booking.objects.values_list("kind", "detail_kind", "amount_cents")
            ).items()
        ),
        sorted(Contact.objects.values_list("at", "channel", "direction", "process", "subject", "outcome")),
        sorted(
            Signal.objects.values_list(
                "created_at", "category", "urgency", "status", "end_date", "week_start", "process"
            )
        ),
        sorted(Development.objects.values_list("title", "date")),
        sorted(Signal.developments.through.objects.values_list("signal__created_at", "development__title")),
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def delete_demo_data():
    Development.objects.all().delete()
    Booking.objects.all().delete()
    PaymentArrangement.objects.all().delete()
    Tenancy.objects.all().delete()
    Household.objects.all().delete()
    Unit.objects.all().delete()
    Neighbourhood.objects.all().delete()


def test_every_household_has_one_main_tenant_and_realistic_members():
    seed()
    households = Household.objects.prefetch_related("persons")
    assert households.count() >= 40
    for household in households:
        persons = list(household.persons.all())
        assert 1 <= len(persons) <= 5
        assert sum(p.is_main_tenant for p in persons) == 1, household.name
        main = next(p for p in persons if p.is_main_tenant)
        assert (TODAY - main.date_of_birth).days >= 18 * 365
        assert household.name and household.composition
    assert set(Person.objects.values_list("search_name", flat=True)) == {
        normalise_name(surname) for surname in Person.objects.values_list("surname", flat=True)
    }
    languages = Counter(Household.objects.values_list("preferred_language", flat=True))
    assert languages["NLD"] > 0.8 * sum(languages.values())


def test_addresses_look_dutch_and_are_unique():
    seed()
    units = list(Unit.objects.select_related("neighbourhood"))
    assert len(units) == 40
    for unit in units:
        assert POSTCODE.match(unit.postcode), unit.postcode
        assert unit.postcode[4:] not in {"SA", "SD", "SS"}
        assert unit.neighbourhood is not None and unit.city == unit.neighbourhood.municipality
    addresses = [(u.postcode, u.house_number, u.house_letter, u.house_number_addition) for u in units]
    assert len(set(addresses)) == len(addresses)
    municipalities = set(Neighbourhood.objects.values_list("municipality", flat=True))
    assert len(municipalities) >= 2
    assert Neighbourhood.objects.count() >= 2 * len(municipalities)


def test_contact_details_are_fictional_and_partly_missing_or_stale():
    seed(units=120)
    households = Household.objects.count()
    emails = ContactPoint.objects.filter(kind="EMA")
    assert all(re.search(r"@example\.(nl|com|org|net)$", e) for e in emails.values_list("value", flat=True))
    mobiles = ContactPoint.objects.filter(kind="MOB").values_list("value", flat=True)
    assert all(re.fullmatch(r"06-00\d\d \d{4}", m) for m in mobiles)
    with_email = emails.values("household").distinct().count()
    assert 0.55 < with_email / households < 0.9
    assert 0.6 < mobiles.values("household").distinct().count() / households < 0.95
    assert ContactPoint.objects.filter(verified_at__isnull=True).exists()
    assert ContactPoint.objects.filter(verified_at__lt=dt.datetime(2024, 1, 1, tzinfo=dt.UTC)).exists()
    assert ContactPoint.objects.filter(verified_at__gte=dt.datetime(2025, 6, 1, tzinfo=dt.UTC)).exists()
    assert ChannelPreference.objects.filter(purpose="campaign", consent=False).exists()
    assert ChannelPreference.objects.filter(purpose="service").exists()


def test_no_bsn_like_numbers_anywhere_in_personal_data():
    seed()
    assert not any("bsn" in f.name.lower() for model in (Person, Household) for f in model._meta.get_fields())
    nine_digits = re.compile(r"(?<!\d)\d{9}(?!\d)")
    texts = [
        *Person.objects.values_list("first_name", "initials", "surname", "id_extern"),
        *Household.objects.values_list("name", "id_extern"),
        *ContactPoint.objects.values_list("value", flat=True),
    ]
    assert not any(nine_digits.search(str(text)) for text in texts)


def test_arrears_are_plausible_most_pay_on_time_with_a_tail():
    """Most current tenants owe nothing; a tail owes one to four months; the state shows it."""
    seed(units=300, seed=11)
    states = []
    with frozen_clock(TODAY):
        for tenancy in current_tenancies():
            state = arrears_state(tenancy)
            states.append((tenancy, state))
            if tenancy.monitoring_state == "INC":
                assert state.months_of_rent >= 2, tenancy
    months = [float(state.months_of_rent) for _, state in states]
    count = len(months)
    assert count > 280
    in_arrears = sum(1 for _, state in states if state.in_arrears) / count
    a_month_or_more = sum(1 for m in months if m >= 1) / count
    assert 0.02 <= in_arrears <= 0.2
    assert 0.01 <= a_month_or_more <= 0.12
    assert sum(1 for m in months if m > 8) <= 2
    assert all(45000 <= tenancy.gross_rent_cents <= 88000 for tenancy, _ in states)
    methods = Counter(tenancy.payment_method for tenancy, _ in states)
    assert methods["INC"] > methods["OVB"] > 0


def test_ledger_has_five_years_of_monthly_rent_reminders_and_arrangements():
    seed(units=300, seed=11)
    tenancy = current_tenancies().filter(start_date__lt=dt.date(2020, 1, 1)).first()
    charges = tenancy.bookings.filter(kind="VOR", detail_kind="PRO").order_by("due_date")
    assert charges.count() == 61  # March 2021 up to and including March 2026
    assert {c.due_date.day for c in charges} == {1}
    assert charges.first().due_date == dt.date(2021, 3, 1)
    assert charges.first().amount_cents < charges.last().amount_cents  # yearly rent increases
    assert tenancy.bookings.filter(kind="ONT", detail_kind="BAN").exists()
    assert Booking.objects.filter(detail_kind="AAN").exists()
    assert not Booking.objects.filter(booking_date__gt=TODAY).exists()
    assert not Booking.objects.filter(amount_cents__lt=0).exists()
    statuses = set(PaymentArrangement.objects.values_list("status", flat=True))
    assert statuses & {"ACT", "BEE"}
    assert Tenancy.objects.filter(end_date__isnull=False).exists()  # tenants who left or moved


def test_same_seed_gives_the_same_corporation():
    seed(units=40, seed=3)
    first = fingerprint()
    delete_demo_data()
    seed(units=40, seed=3)
    assert fingerprint() == first
    delete_demo_data()
    seed(units=40, seed=4)
    assert fingerprint() != first


def test_a_failed_seed_leaves_nothing_behind():
    # A unit already holding the ERP number the generator will use makes the seed fail midway.
    Unit.objects.create(id=1, id_extern="EH-0000002", street="Bestaand", house_number=1, postcode="3811AA",
                        city="Amersfoort")  # fmt: skip
    with pytest.raises(IntegrityError):
        seed(units=20)
    assert Neighbourhood.objects.count() == 0
    assert Unit.objects.count() == 1


def test_command_seeds_from_the_environment_and_if_empty_makes_it_rerunnable(monkeypatch, capsys):
    monkeypatch.setenv("NABIJ_DEMO_UNITS", "25")
    with frozen_clock(TODAY):
        call_command("seed_demo", "--seed", "5", "--if-empty")
        assert Unit.objects.count() == 25
        counts = (Household.objects.count(), Booking.objects.count())

        call_command("seed_demo", "--if-empty")
    assert "al huishoudens" in capsys.readouterr().out
    assert (Household.objects.count(), Booking.objects.count()) == counts
    with pytest.raises(CommandError):
        call_command("seed_demo", "--units", "10")
    assert Unit.objects.count() == 25


def test_tenant_360_page_of_seeded_households_renders(client, client_for):
    seed(units=120, seed=11)
    client_for("klantadviseur")
    with frozen_clock(TODAY):
        in_arrears = next(t for t in current_tenancies() if arrears_state(t).months_of_rent >= 1)
        moved = Household.objects.filter(tenancies__end_date__isnull=False, tenancies__end_date__lt=TODAY)
        moved = next(h for h in moved if h.tenancies.filter(end_date__isnull=True).exists())
        for household in (in_arrears.household, moved):
            response = client.get(reverse("tenants:household", args=[household.key]))
            assert response.status_code == 200
            html = response.content.decode()
            assert household.name.replace("'", "&#x27;") in html
            current = household.tenancies.get(end_date__isnull=True)
            assert current.unit.street in html
        assert (
            "Achterstand"
            in client.get(reverse("tenants:household", args=[in_arrears.household.key])).content.decode()
        )
