"""Benchmark: server time of the casework team queue with 80,000 households and 20,000 open cases.

    python bench/queues.py [--size N] [--cases C] [--requests R]   (default 80,000 units, 20,000 open cases,
                                                                   300 requests)

Works on var/bench/queues-<N>.sqlite3: a copy of the demo corporation that bench/seed_demo.py builds
(var/bench/demo-<N>.sqlite3, seeded first when missing), so the other benchmarks keep their database as it
is. The copy is migrated and topped up, idempotently, to C open cases spread over the three teams (about
40% Klantcontact, 35% Huurincasso, 25% Wijkteam), due from ten days ago to three weeks ahead, a third of
them owned, with today's callbacks booked in both day parts.

With Django's test client, logged in as a klantadviseur (team Klantcontact) made for the bench, it GETs
/zaken/ — the team queue with today's callbacks by slot, the counts in the navigation and the access log
entry — in a mix: the first page, a random later page, filtered by kind, by status and on "nog niemand".
The whole request is timed in-process (middleware, session, queries, template), no web server in between.

Baseline, interleaved so noise hits both alike: GET /healthz on the same client.

Also measured (extra figures in the JSON line): the outreach batch (`refresh_outreach_list` over the whole
portfolio, once), the outreach list page (/zaken/uitnodiglijst/: first page, later pages, filters) and the
vroegsignalering review page with up to 300 tenancies whose debt-help step is recorded.

Target (the issue): queue page under 150 ms server time at 80,000 households / 20,000 open cases; judged
on p99.
"""

import argparse
import datetime as dt
import random
import sqlite3
import statistics
import sys
import time

from _common import BENCH_VAR_DIR, logged_in_client, report
from seed_demo import database_path, setup_django
from tenant360 import ensure_database, percentile

TARGET = "casework queue page under 150 ms server time at 80,000 households / 20,000 open cases (p99)"
LIMIT_SECONDS = 0.150
TEAM_SHARES = (("klantcontact", 0.40), ("incasso", 0.35), ("wijk", 0.25))
KINDS = {
    "klantcontact": ("terugbellen", "proactief", "opvolging_signaal"),
    "incasso": ("betaalhulp", "proactief", "opvolging_signaal", "vroegsignaal"),
    "wijk": ("opvolging_signaal", "doorverwijzing"),
}
OPEN = ("nieuw", "in_behandeling", "wacht_op_huurder", "wacht_op_partner")


def queues_path(size: int):
    return BENCH_VAR_DIR / f"queues-{size}.sqlite3"


def ensure_copy(size: int) -> None:
    """Copy the demo database (SQLite's backup API: consistent even while others read it) once."""
    target = queues_path(size)
    if target.exists():
        print(f"Reusing {target}", flush=True)
        return
    source = database_path(size)
    if not source.exists():
        ensure_database(size)  # seeds demo-<N>.sqlite3 (and sets Django up on it)
        from django.db import connection

        connection.close()
    print(f"Copying {source} to {target} …", flush=True)
    started = time.perf_counter()
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    print(f"  copied in {time.perf_counter() - started:.1f} s", flush=True)


def top_up_cases(wanted: int, rng: random.Random) -> None:
    """Bring the number of open cases to `wanted` (bench-made cases carry source "bench")."""
    from django.contrib.auth.models import Group, User
    from django.utils import timezone

    from nabij.casework.config import DAY_PARTS
    from nabij.casework.models import Callback, CallbackSlot, Case, CaseEvent
    from nabij.core import clock
    from nabij.core.clock import is_working_day
    from nabij.privacy.roles import INCASSO, KLANTADVISEUR, WIJKCONSULENT, sync_roles
    from nabij.tenants.models import Household

    sync_roles()
    owners = {}
    for team, role in (("klantcontact", KLANTADVISEUR), ("incasso", INCASSO), ("wijk", WIJKCONSULENT)):
        owners[team] = []
        for i in range(8):
            user, _ = User.objects.get_or_create(username=f"bench-{team}-{i}")
            user.groups.add(Group.objects.get(name=role))
            owners[team].append(user.pk)
    missing = wanted - Case.objects.filter(is_open=True).count()
    if missing <= 0:
        print(f"{wanted:,} open cases already there", flush=True)
        return
    print(f"Adding {missing:,} open cases …", flush=True)
    started = time.perf_counter()
    everyone = list(Household.objects.values_list("id", flat=True))
    household_ids = rng.sample(everyone, min(len(everyone), missing))
    now = clock.now()
    today = clock.today()
    cases = []
    for index in range(missing):
        x, team = rng.random(), TEAM_SHARES[-1][0]
        for name, share in TEAM_SHARES:
            if x < share:
                team = name
                break
            x -= share
        owned = rng.random() < 0.33
        status = (
            rng.choice(OPEN[1:]) if owned else rng.choice(("nieuw", "nieuw", "nieuw", "wacht_op_huurder"))
        )
        due = now + dt.timedelta(hours=rng.randint(-240, 504))
        cases.append(
            Case(
                household_id=household_ids[index % len(household_ids)],
                kind=rng.choice(KINDS[team]),
                team=team,
                owner_id=rng.choice(owners[team]) if owned else None,
                priority=rng.choice((2, 3, 3, 3, 4)),
                status=status,
                source="bench",
                summary="Benchmarkzaak",
                due_at=due,
                created_at=due - dt.timedelta(days=3),
            )
        )
    Case.objects.bulk_create(cases, batch_size=2000)
    created = list(Case.objects.filter(source="bench").values_list("id", "created_at"))
    CaseEvent.objects.bulk_create(
        [CaseEvent(case_id=pk, at=at, kind="aangemaakt", to_status="nieuw") for pk, at in created],
        batch_size=5000,
    )
    # Today's callbacks: both day parts, up to their capacity, as book_callback would have made them.
    if is_working_day(today) and not Callback.objects.filter(date=today).exists():
        callbacks = [c for c in Case.objects.filter(source="bench", kind="terugbellen", is_open=True)[:80]]
        for index, case in enumerate(callbacks):
            part = "ochtend" if index < 40 else "middag"
            case.due_at = timezone.make_aware(dt.datetime.combine(today, DAY_PARTS[part][1]))
            case.save(update_fields=["due_at"])
            Callback.objects.create(
                household_id=case.household_id, case=case, date=today, day_part=part, source="bench",
                created_at=now,
            )  # fmt: skip
        for part in DAY_PARTS:
            CallbackSlot.objects.update_or_create(date=today, day_part=part, defaults={"booked": 40})
    print(f"  added in {time.perf_counter() - started:.1f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=80_000, help="units (default 80,000)")
    parser.add_argument("--cases", type=int, default=20_000, help="open cases (default 20,000)")
    parser.add_argument("--requests", type=int, default=300, help="pages to time (default 300)")
    args = parser.parse_args()

    BENCH_VAR_DIR.mkdir(parents=True, exist_ok=True)
    ensure_copy(args.size)
    setup_django(queues_path(args.size))

    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from nabij.casework.models import Case

    rng = random.Random(6)
    top_up_cases(args.cases, rng)
    open_cases = Case.objects.filter(is_open=True).count()
    households = Case._meta.get_field("household").related_model.objects.count()
    print(f"{households:,} households, {open_cases:,} open cases", flush=True)

    client = logged_in_client("klantadviseur")
    queue = reverse("casework:queue")
    health = reverse("healthz")
    first = client.get(queue)
    assert first.status_code == 200, first.status_code
    in_queue = Case.objects.filter(team="klantcontact", is_open=True).count()
    pages = max(2, -(-in_queue // settings.NABIJ_CASE_PAGE_SIZE))
    variants = [
        {},
        {"pagina": "__random__"},
        {"kind": "terugbellen"},
        {"status": "wacht_op_huurder"},
        {"owner": "niemand"},
    ]
    mix = [rng.choice(variants) for _ in range(args.requests)]
    params = [
        {k: (str(rng.randint(2, pages)) if v == "__random__" else v) for k, v in variant.items()}
        for variant in mix
    ]
    for p in params[:10]:  # warm up
        assert client.get(queue, p).status_code == 200
        client.get(health)
    with CaptureQueriesContext(connection) as queries:
        client.get(queue)
    query_count = len(queries.captured_queries)
    print(f"Queries per queue page (first page): {query_count}", flush=True)

    times, baselines = [], []
    for p in params:
        started = time.perf_counter()
        response = client.get(queue, p)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (p, response.status_code)
        started = time.perf_counter()
        response = client.get(health)
        baselines.append(time.perf_counter() - started)
        assert response.status_code == 200

    def ms(value: float) -> float:
        return round(value * 1000, 2)

    extra = outreach_and_early_signals(client, rng, health, args.requests)

    p50, p99, mean = percentile(times, 50), percentile(times, 99), statistics.fmean(times)
    b50, b99 = percentile(baselines, 50), percentile(baselines, 99)
    print(f"queue page: p50 {ms(p50)} ms, p99 {ms(p99)} ms, mean {ms(mean)} ms, max {ms(max(times))} ms")
    print(f"/healthz:   p50 {ms(b50)} ms, p99 {ms(b99)} ms", flush=True)
    report(
        "queues",
        args.size,
        p99,
        b99,
        TARGET,
        p99 < LIMIT_SECONDS,
        percentile="p99",
        open_cases=open_cases,
        requests=len(times),
        p50_ms=ms(p50),
        p99_ms=ms(p99),
        mean_ms=ms(mean),
        max_ms=ms(max(times)),
        baseline_p50_ms=ms(b50),
        baseline_p99_ms=ms(b99),
        queries_per_page=query_count,
        **extra,
    )


def outreach_and_early_signals(client, rng: random.Random, health: str, requests: int) -> dict:
    """Time the outreach batch once, then the outreach page and the vroegsignalering page."""
    from django.conf import settings
    from django.urls import reverse

    from nabij.casework.early_signals import day_window
    from nabij.casework.models import EarlySignalStep
    from nabij.casework.outreach import refresh_outreach_list
    from nabij.core import clock
    from nabij.ledger.models import Booking

    started = time.perf_counter()
    listed = refresh_outreach_list()
    batch = time.perf_counter() - started
    print(f"outreach batch: {listed:,} households on the list in {batch:.1f} s", flush=True)
    today = clock.today()
    low, high = day_window()
    if not EarlySignalStep.objects.exists():
        tenancies = list(
            Booking.objects.filter(
                detail_kind="AAN",
                booking_date__gte=today - dt.timedelta(days=high),
                booking_date__lte=today - dt.timedelta(days=low),
            )
            .values_list("tenancy_id", flat=True)
            .distinct()[:300]
        )
        EarlySignalStep.objects.bulk_create(
            [EarlySignalStep(tenancy_id=t, kind="schuldhulp_gewezen", at=clock.now()) for t in tenancies]
        )
    outreach = reverse("casework:outreach")
    pages = max(2, -(-listed // settings.NABIJ_CASE_PAGE_SIZE))
    variants = [
        {},
        {"pagina": "__random__"},
        {"reden": "signalen"},
        {"maanden": "2"},
        {"open_zaak": "zonder"},
    ]
    for _ in range(5):
        client.get(outreach)
    times, baselines = [], []
    for _ in range(requests):
        variant = rng.choice(variants)
        params = {k: (str(rng.randint(2, pages)) if v == "__random__" else v) for k, v in variant.items()}
        started = time.perf_counter()
        response = client.get(outreach, params)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (params, response.status_code)
        started = time.perf_counter()
        client.get(health)
        baselines.append(time.perf_counter() - started)
    review = logged_in_client("incasso")
    review_times = []
    for _ in range(10):
        started = time.perf_counter()
        response = review.get(reverse("casework:early_signals"))
        review_times.append(time.perf_counter() - started)
        assert response.status_code == 200
    o50, o99 = percentile(times, 50), percentile(times, 99)
    r50 = percentile(review_times, 50)
    steps = EarlySignalStep.objects.count()
    print(f"outreach page: p50 {o50 * 1000:.2f} ms, p99 {o99 * 1000:.2f} ms", flush=True)
    print(f"vroegsignalering page ({steps} tenancies with a step): p50 {r50 * 1000:.2f} ms", flush=True)
    return {
        "outreach_households": listed,
        "outreach_batch_seconds": round(batch, 2),
        "outreach_p50_ms": round(o50 * 1000, 2),
        "outreach_p99_ms": round(o99 * 1000, 2),
        "early_signal_steps": steps,
        "early_signal_page_p50_ms": round(r50 * 1000, 2),
    }


if __name__ == "__main__":
    sys.exit(main())
