"""Rate limiting for the tenant pages: fixed one-minute windows, counted where every web process sees them.

Why not django-ratelimit: it counts in Django's cache, and Nabij deliberately runs without Redis or
memcached (DESIGN.md §3); the local-memory cache is per process, so two gunicorn workers would each allow
the full rate. Where the counters live:

- PostgreSQL: in the database (the RateCounter table); row locks, so counting waits for nobody.
- SQLite: in a small SQLite file of their own beside the database (NABIJ_RATE_COUNTER_FILE). Counting is a
  write; in the main database it would wait for the one write lock behind every confirmation's transaction
  (and sleep in SQLite's busy handler), which cost about a tenth of the confirmations per second under load
  (docs/one-tap.md, "Load"). The file's own lock is held for a few microseconds per count.

One upsert per check (INSERT … ON CONFLICT … RETURNING, SQLite ≥ 3.35 and PostgreSQL) counts and reads in a
single statement. Keys are salted hashes, so no IP address is stored.
"""

import hashlib
import sqlite3
import threading

from django.conf import settings
from django.db import connection

from nabij.actions.models import RateCounter
from nabij.core import clock

WINDOW_SECONDS = 60

_UPSERT = (
    "INSERT INTO {table} (name, minute, hits) VALUES {rows} "
    "ON CONFLICT (name) DO UPDATE SET "
    "hits = CASE WHEN {table}.minute = excluded.minute THEN {table}.hits + 1 ELSE 1 END, "
    "minute = excluded.minute RETURNING name, hits"
)
_SIDE_TABLE = "rate_counter"
_side = threading.local()


def _key(kind: str, value: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{kind}:{value}".encode()).hexdigest()


def _side_connection() -> sqlite3.Connection | None:
    """This thread's connection to the counter file, or None when the counters live in the database."""
    path = settings.NABIJ_RATE_COUNTER_FILE if connection.vendor == "sqlite" else ""
    if not path:
        return None
    if getattr(_side, "path", None) != path:
        side = sqlite3.connect(path, timeout=20, isolation_level=None, check_same_thread=True)
        side.execute("PRAGMA journal_mode=WAL")
        side.execute("PRAGMA synchronous=OFF")  # counters: losing the last second in a power cut is fine
        side.execute(
            f"CREATE TABLE IF NOT EXISTS {_SIDE_TABLE} "
            "(name TEXT PRIMARY KEY, minute INTEGER NOT NULL, hits INTEGER NOT NULL)"
        )
        _side.path, _side.connection = path, side
    return _side.connection


def hit(limits: dict[tuple[str, str], int]) -> bool:
    """Count one request against each (kind, value) and return whether all are within their limit per
    minute. A limit of 0 switches that check off."""
    limits = {key: limit for key, limit in limits.items() if limit > 0}
    if not limits:
        return True
    window = int(clock.now().timestamp()) // WINDOW_SECONDS
    keys = {_key(kind, value): limit for (kind, value), limit in limits.items()}
    params = []
    for key in keys:
        params += [key, window]
    side = _side_connection()
    # No input in the SQL text: the table names are constants, keys and windows are parameters.
    if side is not None:
        sql = _UPSERT.format(table=_SIDE_TABLE, rows=", ".join(["(?, ?, 1)"] * len(keys)))
        counts = dict(side.execute(sql, params).fetchall())
    else:
        table = connection.ops.quote_name(RateCounter._meta.db_table)
        sql = _UPSERT.format(table=table, rows=", ".join(["(%s, %s, 1)"] * len(keys)))
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            counts = dict(cursor.fetchall())
    return all(counts[key] <= limit for key, limit in keys.items())


def prune(before_window: int | None = None) -> int:
    """Delete counters of windows that are over (run daily, and by the bulk command)."""
    window = before_window or int(clock.now().timestamp()) // WINDOW_SECONDS
    deleted, _ = RateCounter.objects.filter(minute__lt=window).delete()
    side = _side_connection()
    if side is not None:
        deleted += side.execute(f"DELETE FROM {_SIDE_TABLE} WHERE minute < ?", [window]).rowcount  # noqa: S608  # nosec B608
    return deleted
