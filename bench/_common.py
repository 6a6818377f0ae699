"""Tiny helpers shared by the benchmarks in bench/ (DESIGN.md §7).

Each benchmark measures a baseline in the same run and prints, as its last line, one JSON object.
"""

import json
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
BENCH_VAR_DIR = PROJECT_DIR / "var" / "bench"


def setup_path() -> None:
    """Make `src/` importable when a benchmark runs as `python bench/<name>.py`."""
    src = str(PROJECT_DIR / "src")
    if src not in sys.path:
        sys.path.insert(0, src)


def report(
    bench: str, size: int, seconds: float, baseline_seconds: float, target: str, ok: bool, **extra
) -> dict:
    """Print the final JSON line of a benchmark (and nothing else); returns the printed object."""
    result = {
        "bench": bench,
        "size": size,
        "seconds": round(seconds, 4),
        "baseline_seconds": round(baseline_seconds, 4),
        "ratio": round(seconds / baseline_seconds, 3) if baseline_seconds else None,
        "target": target,
        "ok": bool(ok),
    }
    result.update(extra)
    sys.stdout.flush()
    print(json.dumps(result), flush=True)
    return result


def logged_in_client(role: str):
    """A Django test client logged in as a bench user with `role` (after django.setup())."""
    from django.contrib.auth.models import Group, User
    from django.test import Client

    from nabij.privacy.roles import sync_roles

    sync_roles()
    user, _ = User.objects.get_or_create(username=f"bench-{role}")
    user.groups.set([Group.objects.get(name=role)])
    client = Client()
    client.force_login(user)
    return client
