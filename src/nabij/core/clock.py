"""The one place Nabij asks what time and day it is, so tests can freeze it.

Everything that needs "today" calls `today()`; tests set the clock with `frozen_clock(...)`.
Dates are Europe/Amsterdam (settings.TIME_ZONE).
"""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

import holidays
from django.utils import timezone

_frozen: dt.datetime | None = None


def now() -> dt.datetime:
    """The current moment, timezone-aware."""
    return _frozen if _frozen is not None else timezone.now()


def today() -> dt.date:
    """Today's date in Amsterdam."""
    return timezone.localdate(now())


@contextmanager
def frozen_clock(moment: dt.datetime | dt.date) -> Iterator[None]:
    """Freeze `now()`/`today()` at `moment` (a date means 12:00 Amsterdam time that day)."""
    global _frozen
    if isinstance(moment, dt.date) and not isinstance(moment, dt.datetime):
        moment = dt.datetime.combine(moment, dt.time(12, 0))
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    previous, _frozen = _frozen, moment
    try:
        yield
    finally:
        _frozen = previous


@cache
def _dutch_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("NL", years=year)


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday, and not a Dutch public holiday."""
    return day.weekday() < 5 and day not in _dutch_holidays(day.year)
