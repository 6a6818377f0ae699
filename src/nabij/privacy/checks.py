"""System checks for settings the database would otherwise refuse at run time."""

import datetime as dt

from django.conf import settings
from django.core import checks

from nabij.privacy.models import ACCESS_LOG_MIN_DAYS


@checks.register(checks.Tags.security)
def access_log_retention_at_least_the_database_minimum(app_configs=None, **kwargs):
    """The PostgreSQL trigger refuses to delete access-log entries younger than ACCESS_LOG_MIN_DAYS: a shorter
    retention period for the access log would make every retention run fail, so say so at start-up."""
    from nabij.privacy.retention import parse_periods

    period = parse_periods(settings.NABIJ_RETENTION).get("access_log")
    if period is None:
        return []
    today = dt.date(2026, 3, 1)  # any day: only the length of the period matters
    if (today - period.cutoff(today)).days >= ACCESS_LOG_MIN_DAYS:
        return []
    return [
        checks.Error(
            f"NABIJ_RETENTION keeps the access log {period}; it must be kept at least {ACCESS_LOG_MIN_DAYS} "
            "days (the database refuses to delete younger entries).",
            hint="Use e.g. access_log=5y (the default).",
            id="nabij.privacy.E001",
        )
    ]
