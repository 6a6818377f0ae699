"""Book callbacks from many threads at once, each with its own database connection and transaction.

Used by test_callback_concurrency.py: in-process on PostgreSQL, and on SQLite as a script against a
temporary database file (the in-memory test database cannot be shared by concurrent writers):

    DATABASE_URL=sqlite:////tmp/x.sqlite3 python tests/casework/concurrent_bookings.py THREADS PER_THREAD
"""

import json
import sys
import threading
from pathlib import Path

MONDAY_MORNING = (2026, 3, 2, 9, 0)


def run(threads: int, per_thread: int) -> list[str]:
    """Create `threads` households, then book threads × per_thread callbacks concurrently (Monday
    2 March 2026, 09:00). Returns the errors (as text)."""
    import datetime as dt

    from django.db import connection, transaction
    from django.utils import timezone

    from nabij.casework.services import book_callback
    from nabij.core.clock import frozen_clock
    from nabij.tenants.models import Household

    households = [
        Household.objects.create(id_extern=f"CONC-{i:04d}", name=f"Fam. Visser {i}") for i in range(threads)
    ]
    start = threading.Barrier(threads)
    errors: list[str] = []

    def worker(index: int) -> None:
        try:
            start.wait()
            for _ in range(per_thread):
                # As the one-tap page does: the booking inside the caller's transaction.
                with transaction.atomic():
                    book_callback(household=households[index], source="klik-actie")
        except Exception as error:  # reported by the caller
            errors.append(repr(error))
        finally:
            connection.close()

    with frozen_clock(timezone.make_aware(dt.datetime(*MONDAY_MORNING))):
        workers = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
        for thread in workers:
            thread.start()
        for thread in workers:
            thread.join()
    return errors


def summary() -> dict:
    from nabij.casework.models import Callback, CallbackSlot

    booked = {}
    for date, part in Callback.objects.values_list("date", "day_part"):
        key = f"{date.isoformat()} {part}"
        booked[key] = booked.get(key, 0) + 1
    counters = {f"{s.date.isoformat()} {s.day_part}": s.booked for s in CallbackSlot.objects.all()}
    return {"callbacks": booked, "counters": counters}


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
    import os

    import django
    from django.core.management import call_command

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nabij.settings")
    django.setup()
    call_command("migrate", verbosity=0)
    failures = run(int(sys.argv[1]), int(sys.argv[2]))
    print(json.dumps({"errors": failures, **summary()}))
