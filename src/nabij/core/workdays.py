"""Dutch working days and office hours, for deadlines (SLA) and callback planning.

A working day is Monday to Friday and not a Dutch public holiday (the `holidays` package, via
`clock.is_working_day`). Office hours come from NABIJ_WORKING_HOURS ("09:00-17:00"). All moments are
timezone-aware and interpreted in Europe/Amsterdam.
"""

import datetime as dt
from functools import cache

from django.conf import settings
from django.utils import timezone

from nabij.core.clock import is_working_day


def parse_time(text: str) -> dt.time:
    hours, minutes = text.strip().split(":")
    return dt.time(int(hours), int(minutes))


@cache
def _office_hours(spec: str) -> tuple[dt.time, dt.time]:
    start, end = spec.split("-")
    return parse_time(start), parse_time(end)


def office_hours() -> tuple[dt.time, dt.time]:
    """(opening, closing) time of a working day."""
    return _office_hours(settings.NABIJ_WORKING_HOURS)


def at(day: dt.date, time: dt.time) -> dt.datetime:
    """`day` at `time`, Amsterdam time, timezone-aware."""
    return timezone.make_aware(dt.datetime.combine(day, time))


def next_working_day(day: dt.date) -> dt.date:
    """The first working day after `day`."""
    day += dt.timedelta(days=1)
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def add_working_days(day: dt.date, days: int) -> dt.date:
    """`day` plus `days` working days (0: `day` itself if it is a working day, else the next one)."""
    if days <= 0:
        return day if is_working_day(day) else next_working_day(day)
    for _ in range(days):
        day = next_working_day(day)
    return day


def close_of_day(day: dt.date) -> dt.datetime:
    return at(day, office_hours()[1])


def add_working_hours(moment: dt.datetime, hours: float) -> dt.datetime:
    """`moment` plus `hours` of office time: time outside office hours, weekends and holidays does
    not count. A moment outside office hours starts counting at the next opening."""
    opening, closing = office_hours()
    local = timezone.localtime(moment)
    day, remaining = local.date(), dt.timedelta(hours=hours)
    if not is_working_day(day) or local.time() >= closing:
        day, start = next_working_day(day), at(next_working_day(day), opening)
    elif local.time() < opening:
        start = at(day, opening)
    else:
        start = local
    while True:
        end_of_day = at(day, closing)
        if start + remaining <= end_of_day:
            return start + remaining
        remaining -= end_of_day - start
        day = next_working_day(day)
        start = at(day, opening)
