"""Rate limiting for the tenant pages: fixed one-minute windows counted in the database.

Why not django-ratelimit: it counts in Django's cache, and Nabij deliberately runs without Redis or
memcached (DESIGN.md §3); the local-memory cache is per process, so two gunicorn workers would each allow
the full rate. The database is the one thing every web process shares: one upsert per check
(INSERT … ON CONFLICT … RETURNING, SQLite ≥ 3.35 and PostgreSQL) counts and reads in a single statement.
Keys are salted hashes, so no IP address is stored.
"""

import hashlib

from django.conf import settings
from django.db import connection

from nabij.actions.models import RateCounter
from nabij.core import clock

WINDOW_SECONDS = 60


def _key(kind: str, value: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{kind}:{value}".encode()).hexdigest()


def hit(limits: dict[tuple[str, str], int]) -> bool:
    """Count one request against each (kind, value) and return whether all are within their limit per
    minute. A limit of 0 switches that check off."""
    limits = {key: limit for key, limit in limits.items() if limit > 0}
    if not limits:
        return True
    window = int(clock.now().timestamp()) // WINDOW_SECONDS
    keys = {_key(kind, value): limit for (kind, value), limit in limits.items()}
    table = connection.ops.quote_name(RateCounter._meta.db_table)
    rows = ", ".join(["(%s, %s, 1)"] * len(keys))
    params = []
    for key in keys:
        params += [key, window]
    # No input in the SQL text: the table name is quoted from the model, keys and windows are parameters.
    sql = (
        f"INSERT INTO {table} (name, minute, hits) VALUES {rows} "  # noqa: S608  # nosec B608
        "ON CONFLICT (name) DO UPDATE SET "
        f"hits = CASE WHEN {table}.minute = excluded.minute THEN {table}.hits + 1 ELSE 1 END, "
        "minute = excluded.minute RETURNING name, hits"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        counts = dict(cursor.fetchall())
    return all(counts[key] <= limit for key, limit in keys.items())


def prune(before_window: int | None = None) -> int:
    """Delete counters of windows that are over (run from a periodic job or the bulk command)."""
    window = before_window or int(clock.now().timestamp()) // WINDOW_SECONDS
    deleted, _ = RateCounter.objects.filter(minute__lt=window).delete()
    return deleted
