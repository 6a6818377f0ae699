"""Benchmark: generate the demo corporation into a fresh SQLite file database.

    python bench/seed_demo.py [--size N]      (default 80,000 units, about 10 million bookings)

The database is var/bench/demo-<N>.sqlite3; it is left in place so bench/tenant360.py can reuse it.
Measured in the same run:

- the seed (`manage.py seed_demo` logic: generation, all tables, one transaction, commit);
- baseline: the same number of booking-shaped rows inserted with plain sqlite3 `executemany` into a
  bare table without indexes or foreign keys, in one transaction: the floor for what SQLite takes
  from Python on this machine right now.

Target (the issue): 80,000 units in under 5 minutes. For other sizes the limit scales linearly.
"""

import argparse
import itertools
import os
import sqlite3
import sys
import time
from pathlib import Path

from _common import BENCH_VAR_DIR, report, setup_path

TARGET = "80,000 units in under 5 minutes"
TARGET_SECONDS_AT_80K = 300


def database_path(size: int) -> Path:
    return BENCH_VAR_DIR / f"demo-{size}.sqlite3"


def remove_database(path: Path) -> None:
    # The database, its WAL, the writers' queue and the rate-limit counters (with their WAL).
    for sibling in ("", "-writers", "-ratelimit"):
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{sibling}{suffix}").unlink(missing_ok=True)


def setup_django(path: Path) -> None:
    """Point Django at `path` (must happen before django.setup()) and migrate it."""
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ["DEBUG"] = "False"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nabij.settings")
    setup_path()
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def seed(size: int, seed_value: int = 2026):
    from nabij.demo.generator import seed_demo

    def progress(done, total, rows, seconds):
        print(f"  {done:>7}/{total} units · {rows:>11,} rows · {rows / seconds:>9,.0f} rows/s", flush=True)

    return seed_demo(size, seed_value, progress=progress)


def baseline(rows: int, directory: Path) -> float:
    """Insert `rows` booking-shaped tuples with sqlite3 into a bare table; seconds incl. commit."""
    path = directory / "baseline.sqlite3"
    remove_database(path)
    template = [
        (t, kind, detail, f"2024-{m:02d}-01", f"2024-{m:02d}-01" if kind == "VOR" else None, 65000 + t,
         "Huur maart 2024" if kind == "VOR" else "Automatische incasso")
        for t in range(1, 1001)
        for m in range(1, 13)
        for kind, detail in (("VOR", "PRO"), ("ONT", "BAN"))
    ]  # fmt: skip
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=OFF")
        connection.execute(
            "CREATE TABLE booking (id INTEGER PRIMARY KEY, tenancy_id INTEGER, kind TEXT, detail_kind TEXT, "
            "booking_date TEXT, due_date TEXT, amount_cents INTEGER, description TEXT)"
        )
        started = time.perf_counter()
        connection.execute("BEGIN")
        connection.executemany(
            "INSERT INTO booking (tenancy_id, kind, detail_kind, booking_date, due_date, amount_cents, "
            "description) VALUES (?, ?, ?, ?, ?, ?, ?)",
            itertools.islice(itertools.cycle(template), rows),
        )
        connection.execute("COMMIT")
        return time.perf_counter() - started
    finally:
        connection.close()
        remove_database(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=80_000, help="units (default 80,000)")
    args = parser.parse_args()

    BENCH_VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = database_path(args.size)
    remove_database(path)
    setup_django(path)

    print(f"Seeding {args.size:,} units into {path} …", flush=True)
    started = time.perf_counter()
    result = seed(args.size)
    seconds = time.perf_counter() - started
    rows_per_second = result.rows / seconds
    print(
        f"Seed: {seconds:.1f} s wall, {result.rows:,} rows ({result.bookings:,} bookings), "
        f"{rows_per_second:,.0f} rows/s",
        flush=True,
    )

    print(f"Baseline: {result.bookings:,} bare sqlite3 inserts …", flush=True)
    baseline_seconds = baseline(result.bookings, BENCH_VAR_DIR)
    print(
        f"Baseline: {baseline_seconds:.1f} s, {result.bookings / baseline_seconds:,.0f} rows/s; "
        f"ratio {seconds / baseline_seconds:.2f}",
        flush=True,
    )
    limit = TARGET_SECONDS_AT_80K * args.size / 80_000
    report(
        "seed_demo",
        args.size,
        seconds,
        baseline_seconds,
        TARGET,
        seconds < limit,
        limit_seconds=round(limit, 1),
        rows=result.rows,
        rows_per_second=round(rows_per_second),
        bookings=result.bookings,
        bookings_per_second=round(result.bookings / seconds),
        baseline_rows_per_second=round(result.bookings / baseline_seconds),
        database=str(path.relative_to(BENCH_VAR_DIR.parent.parent)),
    )


if __name__ == "__main__":
    sys.exit(main())
