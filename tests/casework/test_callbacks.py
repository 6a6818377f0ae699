"""Booking callbacks: today while there is room and time, otherwise the first working day with room."""

import datetime as dt

import pytest
from django.db import transaction

from nabij.casework.models import Callback, CallbackSlot, CaseEvent, CaseKind, CaseStatus
from nabij.casework.services import book_callback, prepare_callback
from nabij.core.clock import frozen_clock
from tests import factories
from tests.casework.conftest import amsterdam

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 3, 2)


def book(household):
    return book_callback(household=household, source="klik-actie", phone_note="Liefst na 10 uur")


def test_morning_request_is_booked_for_this_morning_and_due_at_its_end(household):
    with frozen_clock(amsterdam(2026, 3, 2, 9, 30)):
        callback = book(household)
        assert callback.is_today
    assert (callback.date, callback.day_part) == (MONDAY, "ochtend")
    assert (callback.starts, callback.ends) == (dt.time(9), dt.time(12))
    case = callback.case
    assert case.kind == CaseKind.CALLBACK and case.status == CaseStatus.NEW and case.team == "klantcontact"
    assert case.due_at == amsterdam(2026, 3, 2, 12, 0)
    assert case.events.get().kind == CaseEvent.Kind.CREATED
    assert callback.phone_note == "Liefst na 10 uur"


def test_late_morning_request_goes_to_the_afternoon(household):
    # Less than an hour of the morning is left: the afternoon is the first day part still ahead.
    with frozen_clock(amsterdam(2026, 3, 2, 11, 15)):
        callback = book(household)
    assert (callback.date, callback.day_part) == (MONDAY, "middag")
    assert callback.case.due_at == amsterdam(2026, 3, 2, 17, 0)


def test_after_the_cut_off_the_callback_is_for_the_next_working_day(household, settings):
    settings.NABIJ_CALLBACK_CUTOFF = "14:00"
    with frozen_clock(amsterdam(2026, 3, 2, 14, 5)):
        callback = book(household)
        assert not callback.is_today
    assert (callback.date, callback.day_part) == (dt.date(2026, 3, 3), "ochtend")


def test_friday_evening_and_weekend_requests_go_to_monday(household):
    with frozen_clock(amsterdam(2026, 3, 6, 16, 0)):  # Friday after the cut-off
        assert book(household).date == dt.date(2026, 3, 9)
    with frozen_clock(amsterdam(2026, 3, 7, 10, 0)):  # Saturday morning
        assert book(household).date == dt.date(2026, 3, 9)


def test_public_holidays_are_skipped(household):
    # Friday 24 April 2026 after the cut-off; Monday 27 April is Koningsdag.
    with frozen_clock(amsterdam(2026, 4, 24, 15, 30)):
        assert book(household).date == dt.date(2026, 4, 28)
    # Christmas Eve 2025 after the cut-off: Kerst (Thu 25, Fri 26 Dec) and the weekend are skipped.
    with frozen_clock(amsterdam(2025, 12, 24, 16, 0)):
        assert book(household).date == dt.date(2025, 12, 29)


def test_full_day_parts_spill_over_to_the_next_one(household, settings):
    settings.NABIJ_CALLBACK_CAPACITY = "ochtend=2,middag=1"
    with frozen_clock(amsterdam(2026, 3, 2, 9, 0)):
        booked = [(c.date, c.day_part) for c in (book(household) for _ in range(5))]
    assert booked == [
        (MONDAY, "ochtend"),
        (MONDAY, "ochtend"),
        (MONDAY, "middag"),
        (dt.date(2026, 3, 3), "ochtend"),
        (dt.date(2026, 3, 3), "ochtend"),
    ]
    assert CallbackSlot.objects.get(date=MONDAY, day_part="ochtend").booked == 2


def test_a_day_part_without_capacity_is_never_booked(household, settings):
    settings.NABIJ_CALLBACK_CAPACITY = "ochtend=0,middag=3"
    with frozen_clock(amsterdam(2026, 3, 2, 9, 0)):
        assert book(household).day_part == "middag"


def test_booking_rolls_back_with_the_callers_transaction(household):
    with frozen_clock(amsterdam(2026, 3, 2, 9, 0)):
        with pytest.raises(RuntimeError), transaction.atomic():
            book(household)
            raise RuntimeError("the caller fails after booking")
        assert not Callback.objects.exists()
        assert not CallbackSlot.objects.filter(booked__gt=0).exists()
        # The place is still free for the next request.
        assert book(household).day_part == "ochtend"


def test_booking_takes_a_handful_of_queries(household, django_assert_max_num_queries):
    with frozen_clock(amsterdam(2026, 3, 2, 9, 0)):
        book(household)  # the slot row exists from here on
        with django_assert_max_num_queries(8):
            book(household)


def test_a_place_that_filled_up_after_the_check_goes_to_the_next_free_one(household, settings):
    """The one-tap confirmation finds its slot before its write transaction (nabij.actions): when others
    fill that slot in between, the booking takes the next place that is free, never one too many."""
    settings.NABIJ_CALLBACK_CAPACITY = "ochtend=1,middag=1"
    other = factories.household(surname="Smit")
    with frozen_clock(amsterdam(2026, 3, 2, 9, 30)):
        prepared = prepare_callback(household=household, source="klik-actie")
        assert prepared.slot[:2] == (MONDAY, "ochtend")
        book(other)  # takes the morning's only place meanwhile
        with transaction.atomic():
            callback = prepared.book()
    assert (callback.date, callback.day_part) == (MONDAY, "middag")
    assert callback.case.due_at == amsterdam(2026, 3, 2, 17, 0)
    assert "middag" in callback.case.summary
    assert CallbackSlot.objects.get(date=MONDAY, day_part="ochtend").booked == 1
