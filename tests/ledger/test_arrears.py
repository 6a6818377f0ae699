"""Arrears derived from bookings: amount, months of rent, oldest unpaid due date, days overdue."""

import datetime as dt
from decimal import Decimal

from nabij.ledger.selectors import arrears_from_bookings

RENT = 60000
TODAY = dt.date(2026, 11, 27)


def charge(day, amount=RENT, detail="PRO"):
    return ("VOR", detail, day, day, amount)


def payment(day, amount=RENT):
    return ("ONT", "BAN", None, day, amount)


def test_paid_up_tenancy_has_no_arrears():
    rows = [charge(dt.date(2026, m, 1)) for m in range(1, 12)] + [
        payment(dt.date(2026, m, 3)) for m in range(1, 12)
    ]
    state = arrears_from_bookings(rows, RENT, TODAY)
    assert not state.in_arrears
    assert (state.amount_cents, state.months_of_rent, state.days_overdue) == (0, Decimal("0.0"), 0)
    assert state.oldest_unpaid_due_date is None


def test_payments_settle_the_oldest_charges_first():
    rows = [charge(dt.date(2026, m, 1)) for m in range(8, 12)] + [payment(dt.date(2026, 10, 15), 90000)]
    state = arrears_from_bookings(rows, RENT, TODAY)
    # Aug + Sep + Oct + Nov = 2,400.00 charged; 900.00 paid covers August and half of September.
    assert state.amount_cents == 150000
    assert state.months_of_rent == Decimal("2.5")
    assert state.oldest_unpaid_due_date == dt.date(2026, 9, 1)
    assert state.days_overdue == (TODAY - dt.date(2026, 9, 1)).days


def test_charges_not_yet_due_do_not_count():
    rows = [charge(dt.date(2026, 11, 1)), charge(dt.date(2026, 12, 1)), payment(dt.date(2026, 11, 2))]
    assert not arrears_from_bookings(rows, RENT, TODAY).in_arrears


def test_overpayment_is_not_shown_as_arrears():
    rows = [charge(dt.date(2026, 11, 1)), payment(dt.date(2026, 11, 2), 2 * RENT)]
    state = arrears_from_bookings(rows, RENT, TODAY)
    assert state.amount_cents == 0 and state.oldest_unpaid_due_date is None


def test_reminders_are_counted_and_their_fee_is_owed():
    rows = [
        charge(dt.date(2026, 10, 1)),
        charge(dt.date(2026, 10, 20), amount=1500, detail="AAN"),
        charge(dt.date(2026, 11, 1)),
        payment(dt.date(2026, 11, 2)),
    ]
    state = arrears_from_bookings(rows, RENT, TODAY)
    assert state.reminders == 1
    assert state.amount_cents == RENT + 1500
    assert state.oldest_unpaid_due_date == dt.date(2026, 10, 20)


def test_rent_within_the_grace_period_is_not_yet_arrears():
    rows = [charge(dt.date(2026, 10, 1)), payment(dt.date(2026, 10, 2)), charge(dt.date(2026, 11, 1))]
    assert not arrears_from_bookings(rows, RENT, dt.date(2026, 11, 3), grace_days=7).in_arrears
    late = arrears_from_bookings(rows, RENT, dt.date(2026, 11, 9), grace_days=7)
    assert late.amount_cents == RENT
    assert late.days_overdue == 8  # counted from the due date, not from the end of the grace period


def test_a_bounced_direct_debit_is_arrears_at_once():
    rows = [
        charge(dt.date(2026, 11, 1)),
        payment(dt.date(2026, 11, 1)),
        ("VOR", "STO", None, dt.date(2026, 11, 4), RENT),
    ]
    state = arrears_from_bookings(rows, RENT, dt.date(2026, 11, 5), grace_days=7)
    assert state.amount_cents == RENT


def test_only_reminders_of_the_last_twelve_months_count():
    rows = [
        charge(dt.date(2025, 6, 10), amount=0, detail="AAN"),
        charge(dt.date(2026, 6, 10), amount=0, detail="AAN"),
        charge(dt.date(2026, 10, 10), amount=0, detail="AAN"),
    ]
    assert arrears_from_bookings(rows, RENT, TODAY).reminders == 2


def test_a_small_amount_is_not_rounded_away():
    state = arrears_from_bookings([charge(dt.date(2026, 11, 1), amount=500, detail="AAN")], RENT, TODAY)
    assert state.in_arrears and 0 < state.months_of_rent < Decimal("0.1")
