"""200 simultaneous callback bookings never overbook a day part (real commits, one connection each)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.casework import concurrent_bookings

THREADS, PER_THREAD = 20, 10  # 200 bookings
LIMITS = {"ochtend": 40, "middag": 30}


def _on_sqlite(tmp_path: Path) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'bookings.sqlite3'}",
        "NABIJ_CALLBACK_CAPACITY": "ochtend=40,middag=30",
    }
    script = Path(concurrent_bookings.__file__)
    done = subprocess.run(
        [sys.executable, str(script), str(THREADS), str(PER_THREAD)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
        cwd=script.parents[2],
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.django_db(transaction=True)
def test_two_hundred_concurrent_bookings_never_overbook(settings, tmp_path):
    if connection.vendor == "sqlite":
        result = _on_sqlite(tmp_path)
    else:
        settings.NABIJ_CALLBACK_CAPACITY = "ochtend=40,middag=30"
        result = {"errors": concurrent_bookings.run(THREADS, PER_THREAD), **concurrent_bookings.summary()}

    assert result["errors"] == []
    booked = result["callbacks"]
    assert sum(booked.values()) == THREADS * PER_THREAD
    for slot, count in booked.items():
        part = slot.split()[1]
        assert count <= LIMITS[part], f"{slot} overbooked: {count}"
        assert result["counters"][slot] == count
    # Filled in order: Monday and Tuesday full, the rest on Wednesday morning.
    assert booked == {
        "2026-03-02 ochtend": 40,
        "2026-03-02 middag": 30,
        "2026-03-03 ochtend": 40,
        "2026-03-03 middag": 30,
        "2026-03-04 ochtend": 40,
        "2026-03-04 middag": 20,
    }
