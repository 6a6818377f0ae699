import datetime as dt

from django import template

from nabij.core import clock

register = template.Library()


@register.filter
def iso_date(value):
    """ "2026-11-30" (as kept in ActionResponse.outcome) as a date, for the `date` filter."""
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


@register.simple_tag
def callback_when(outcome: dict) -> dict:
    """The booked callback as the confirmation says it: today or which day, and the day part's hours."""
    day = iso_date(outcome.get("date"))
    return {
        "date": day,
        "today": day == clock.today(),
        "starts": outcome.get("starts", ""),
        "ends": outcome.get("ends", ""),
    }
