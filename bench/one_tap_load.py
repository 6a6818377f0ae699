"""Benchmark: one-tap confirmations under load, through a real web server.

    python bench/one_tap_load.py [--size N] [--clients C] [--rate R] [--client wrk|aiohttp]
                                 [--front nginx|none] [--worker-class sync|gthread] [--threads T]
    (defaults: 1,000, 200 clients, 200/s, wrk, nginx before 2 sync workers)

A fresh SQLite database (WAL, as in production defaults) with 2.5×N households, each with a current tenancy
and one one-tap link: half terugbellen (books a callback slot, opens a case), half betaalhulp (opens a case
for huurincasso and starts a dunning pause). The server is the production set-up of docs/operations.md on
loopback: nginx (Debian's package; `make bench` installs it) buffering the requests, before gunicorn with
2 sync workers on a unix socket. With `--front none`, gunicorn alone: 2 gthread workers, one thread each,
keep-alive 75 s, a listening socket per worker (SO_REUSEPORT), as tenants' connections would reach it
without a proxy. Left out of production: TLS and nginx's access log. The client runs on the same machine
(2 cores shared: its CPU, and nginx's, count against the server): by default wrk (C, epoll; Debian's
package, bench/one_tap_wrk.lua prepares one request per link and uses each once), or asyncio + aiohttp
(200 coroutines, several times the client CPU).

Each tenant first opens their link (GET: the page, a CSRF cookie) and then taps (POST with the token).
Measured, in this order, in one run:
  1. baseline: C concurrent clients GET /healthz, N requests in all (same server, same moment);
  2. burst: C concurrent clients each confirm distinct links as fast as the server answers, N confirmations
     — throughput (confirmations/s) and latency (which, with C requests always waiting, is mostly queueing);
  3. paced: another N links confirmed at a steady R per second (open loop: requests are sent on schedule,
     not when the previous one returned) — p50/p99 latency at the target load;
  4. light: N/2 more links, paced at half the throughput the burst reached — the latency of a tap when the
     server is not saturated.
Afterwards the database is checked: every confirmation is there once (responses, cases, callbacks and pauses
counted), none twice, none lost.

The per-address rate limit is switched off for the run (NABIJ_ACTION_RATE_PER_IP=0): every client here is
127.0.0.1, where real tenants come from many addresses. The per-link limit stays on. Callback capacity is
raised so 1,000 callbacks fit in the booking horizon.

Targets (issue 5): p99 < 100 ms, ≥ 200 confirmations/s, nothing lost.
"""

import argparse
import asyncio
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from _common import BENCH_VAR_DIR, PROJECT_DIR, report
from seed_demo import remove_database, setup_django

# Debian puts nginx in /usr/sbin, which is not on every user's PATH.
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
TARGET = "p99 < 100 ms and >= 200 confirmations/s with 200 concurrent clients, nothing lost"
CSRF_RE = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def seed(size: int) -> tuple[list[str], list[str]]:
    """2×N households, each with a current tenancy and one link (terugbellen and betaalhulp alternate);
    returns the tokens for the burst, the paced phase and the light phase (N, N and N/2)."""
    import datetime as dt

    from nabij.actions import services
    from nabij.tenants.models import Household, Person, Tenancy, Unit

    count = 2 * size + 2 * (size // 4)
    Household.objects.bulk_create(
        [Household(id_extern=f"B-{i}", name=f"Fam. Bench {i}") for i in range(count)], batch_size=1000
    )
    households = list(Household.objects.order_by("id"))
    Person.objects.bulk_create(
        [
            Person(
                id_extern=f"BP-{h.id}", household=h, surname="Bench", search_name="bench", is_main_tenant=True
            )
            for h in households
        ],
        batch_size=1000,
    )
    Unit.objects.bulk_create(
        [
            Unit(
                id_extern=f"BU-{h.id}",
                street="Benchstraat",
                house_number=i + 1,
                postcode="1234AB",
                city="Utrecht",
            )
            for i, h in enumerate(households)
        ],
        batch_size=1000,
    )
    units = {u.id_extern: u for u in Unit.objects.all()}
    Tenancy.objects.bulk_create(
        [
            Tenancy(
                id_extern=f"BT-{h.id}",
                household=h,
                unit=units[f"BU-{h.id}"],
                start_date=dt.date(2020, 1, 1),
                gross_rent_cents=70000,
            )
            for h in households
        ],
        batch_size=1000,
    )
    callbacks = dict(services.bulk_create_links(households[0::2], kind="terugbellen", campaign="bench"))
    payment = dict(services.bulk_create_links(households[1::2], kind="betaalhulp", campaign="bench"))
    tokens = [token for pair in zip(callbacks.values(), payment.values(), strict=True) for token in pair]
    return tokens[:size], tokens[size : 2 * size], tokens[2 * size : 2 * size + 2 * (size // 4)]


NGINX_CONF = """\
# bench/one_tap_load.py: the production set-up of docs/operations.md (deploy/nginx.conf), reduced to the bench
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log error;
daemon off;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  client_body_temp_path {tmp}/body;
  proxy_temp_path {tmp}/proxy;
  upstream nabij {{ server unix:{socket}; }}
  server {{
    listen 127.0.0.1:{port} backlog=2048;
    keepalive_timeout 75s;
    keepalive_requests 100000;
    location / {{
      proxy_pass http://nabij;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $remote_addr;
    }}
  }}
}}
"""


def start_server(
    db_path: Path, port: int, workers: int, worker_class: str, threads: int, front: str, tmp: Path
) -> list[subprocess.Popen]:
    """gunicorn, and with front "nginx" nginx before it on `port`; returns the processes to stop."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"sqlite:///{db_path}",
        DEBUG="False",
        NABIJ_ACTION_RATE_PER_IP="0",
        NABIJ_CALLBACK_CAPACITY="ochtend=2000,middag=2000",
        LOG_LEVEL="ERROR",
    )
    socket_path = tmp / "gunicorn.sock"
    if front == "nginx":
        bind = ["--bind", f"unix:{socket_path}"]  # nginx's upstream; one queue the free worker takes from
    else:
        bind = ["--bind", f"127.0.0.1:{port}", "--keep-alive", "75", "--reuse-port"]
    server = subprocess.Popen(
        [
            str(PROJECT_DIR / ".venv" / "bin" / "gunicorn"),
            "nabij.wsgi",
            "--pythonpath",
            str(PROJECT_DIR / "src"),
            *bind,
            "--workers",
            str(workers),
            "--worker-class",
            worker_class,
            # gunicorn turns a sync worker with more than one thread into gthread
            "--threads",
            str(threads if worker_class == "gthread" else 1),
            "--backlog",
            "2048",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=PROJECT_DIR,
    )
    processes = [server]
    deadline = time.monotonic() + 30
    if front == "nginx":
        while not socket_path.exists() and time.monotonic() < deadline:  # nginx's first request needs it
            time.sleep(0.1)
        tmp.chmod(0o711)  # nginx's workers (user nobody when started as root) reach the socket through it
        config = tmp / "nginx.conf"
        config.write_text(NGINX_CONF.format(tmp=tmp, socket=socket_path, port=port))
        nginx = [NGINX, "-p", str(tmp), "-e", str(tmp / "error.log"), "-c", str(config)]
        processes.append(subprocess.Popen(nginx))
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return processes
        except OSError:
            pass
        time.sleep(0.2)
    stop(processes)
    raise SystemExit(f"gunicorn{' or nginx' if front == 'nginx' else ''} did not start (see {tmp})")


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.send_signal(signal.SIGTERM)
    for process in processes:
        process.wait(timeout=30)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


WRK_SCRIPT = Path(__file__).with_name("one_tap_wrk.lua")


def wrk_phase(base: str, mode: str, items: list[str], clients: int, rate: float = 0.0, threads: int = 2):
    """One phase through wrk and bench/one_tap_wrk.lua: every item used once, closed loop (rate 0) or paced.
    Returns the phase in the shape `summarise` gives, plus the opened items (mode "open")."""
    import json

    with tempfile.TemporaryDirectory(prefix="one-tap-wrk-") as tmp:
        items_file, out = Path(tmp) / "items", Path(tmp) / "out"
        items_file.write_text("".join(f"{item}\n" for item in items))
        start = time.monotonic() + 0.5  # after every connection's warm-up request
        command = ["wrk", "-t", str(threads), "-c", str(clients), "-d", "600s", "--timeout", "60s"]
        command += ["-s", str(WRK_SCRIPT), base, "--", mode, str(items_file), str(out), str(rate), str(start)]
        command += [str(threads), str(clients // threads)]
        wrk = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        parts = [Path(f"{out}.{i}") for i in range(threads)]
        deadline = time.monotonic() + 300
        while not all(p.exists() for p in parts) and time.monotonic() < deadline and wrk.poll() is None:
            time.sleep(0.02)
        wrk.send_signal(signal.SIGINT)  # every thread is done: wrk's main thread stops sleeping and reports
        stdout, _ = wrk.communicate(timeout=60)
        errors = json.loads(next(line for line in stdout.splitlines() if line.startswith("WRKRESULT"))[10:])
        received = ok = 0
        first, last, latencies, opened = [], [], [], []
        for part in parts:
            if not part.exists():
                continue
            header, times, *lines = part.read_text().splitlines()
            counts = header.split()
            received, ok = received + int(counts[0]), ok + int(counts[1])
            first.append(float(counts[2]))
            last.append(float(counts[3]))
            latencies += [float(x) for x in times.split()]
            opened += lines
    seconds = (max(last) - min(first)) if first else float("inf")
    result = summarise((seconds, latencies or [float("inf")], []))
    result.update(received=received, ok=ok, opened=opened, errors=errors["errors"])
    return result


def run_wrk(base: str, burst, paced, light, clients: int, rate: float) -> dict:
    """The phases of `run`, with wrk (C, epoll) as the client: far less client CPU on the shared cores."""
    wrk_phase(base, "healthz", ["-"] * 40, 4)  # warm up both workers
    results = {"base": wrk_phase(base, "healthz", ["-"] * len(burst), clients)}
    opened = wrk_phase(base, "open", burst + paced + light, clients)
    results["open"] = opened
    forms = {line.split("\t", 1)[0]: line for line in opened["opened"]}
    results["burst"] = wrk_phase(base, "confirm", [forms[t] for t in burst if t in forms], clients)
    results["paced"] = wrk_phase(base, "confirm", [forms[t] for t in paced if t in forms], clients, rate)
    light_rate = max(1.0, 0.5 * results["burst"]["ok"] / results["burst"]["seconds"])
    light_items = [forms[t] for t in light if t in forms]
    results["light"] = wrk_phase(base, "confirm", light_items, clients, light_rate)
    results["light_rate"] = light_rate
    return results


async def run(base: str, burst, paced, light, clients: int, rate: float) -> dict:
    import aiohttp

    connector = aiohttp.TCPConnector(limit=clients, limit_per_host=clients)
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        # Warm up both workers (imports, template compilation, connections).
        for _ in range(20):
            async with session.get(f"{base}/healthz") as r:
                await r.read()

        async def work(items, request) -> tuple[float, list[float], list[int]]:
            queue = list(items)
            latencies: list[float] = []
            statuses: list[int] = []

            async def client():
                while queue:
                    item = queue.pop()
                    started = time.perf_counter()
                    status = await request(item)
                    latencies.append(time.perf_counter() - started)
                    statuses.append(status)

            started = time.perf_counter()
            await asyncio.gather(*(client() for _ in range(clients)))
            return time.perf_counter() - started, latencies, statuses

        async def healthz(_item):
            async with session.get(f"{base}/healthz") as r:
                await r.read()
                return r.status

        # Each tenant opens the link first: the page and the CSRF cookie and token for the tap.
        forms: dict[str, str] = {}
        cookies: dict[str, str] = {}

        async def open_link(token):
            jar_free = aiohttp.DummyCookieJar()
            async with (
                aiohttp.ClientSession(connector=connector, connector_owner=False, cookie_jar=jar_free) as s,
                s.get(f"{base}/k/{token}") as r,
            ):
                body = await r.read()
                forms[token] = CSRF_RE.search(body).group(1).decode()
                cookies[token] = r.cookies["csrftoken"].value
                return r.status

        async def confirm(token):
            async with session.post(
                f"{base}/k/{token}",
                data={"csrfmiddlewaretoken": forms[token]},
                headers={"Cookie": f"csrftoken={cookies[token]}", "Origin": "null"},
            ) as r:
                body = await r.read()
                return r.status if b"Gelukt" in body else -r.status

        # Paced, open loop: send on schedule whatever the previous requests are doing.
        async def paced_phase(tokens, per_second):
            latencies: list[float] = []
            statuses: list[int] = []
            interval = 1.0 / per_second
            semaphore = asyncio.Semaphore(clients)

            async def scheduled(i, token, start):
                await asyncio.sleep(max(0.0, start + i * interval - time.perf_counter()))
                async with semaphore:
                    began = time.perf_counter()
                    status = await confirm(token)
                    latencies.append(time.perf_counter() - began)
                    statuses.append(status)

            start = time.perf_counter() + 0.05
            await asyncio.gather(*(scheduled(i, t, start) for i, t in enumerate(tokens)))
            return time.perf_counter() - start, latencies, statuses

        session.cookie_jar.clear()
        results = {"base": await work(range(len(burst)), healthz)}
        results["open"] = await work(burst + paced + light, open_link)
        results["burst"] = await work(burst, confirm)
        results["paced"] = await paced_phase(paced, rate)
        # Latency when the server is not saturated: half the throughput the burst reached.
        light_rate = max(1.0, 0.5 * len(burst) / results["burst"][0])
        results["light"] = await paced_phase(light, light_rate)
        results["light_rate"] = light_rate
    return results


def summarise(phase) -> dict:
    """An aiohttp phase (seconds, latencies, statuses) in the shape wrk_phase returns."""
    if isinstance(phase, dict):
        return phase
    seconds, latencies, statuses = phase
    return {
        "seconds": seconds,
        "received": len(statuses),
        "ok": sum(1 for s in statuses if s == 200),
        "p50_us": percentile(latencies, 0.50) * 1e6,
        "p99_us": percentile(latencies, 0.99) * 1e6,
        "mean_us": statistics.mean(latencies) * 1e6,
        "errors": {"status": sum(1 for s in statuses if s != 200)},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000, help="confirmations per phase (default 1000)")
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (the issue asks for 2)")
    parser.add_argument("--rate", type=float, default=200.0, help="paced phase: confirmations per second")
    parser.add_argument(
        "--front",
        choices=["nginx", "none"],
        default="nginx",
        help="nginx before gunicorn, as in production (default; `make bench` installs it), or gunicorn alone",
    )
    parser.add_argument(
        "--worker-class", help="gunicorn worker class: sync (default behind nginx) or gthread (default alone)"
    )
    parser.add_argument("--threads", type=int, default=1, help="threads per gthread worker")
    parser.add_argument(
        "--client",
        choices=["wrk", "aiohttp"],
        default="wrk",
        help="load generator: wrk (C, Debian's package; `make bench` installs it) or asyncio + aiohttp",
    )
    args = parser.parse_args()
    args.worker_class = args.worker_class or ("sync" if args.front == "nginx" else "gthread")
    if args.front == "nginx" and not shutil.which(NGINX):
        raise SystemExit("nginx not found: apt-get install nginx (make bench does), or --front none")
    if args.front == "none" and args.client == "wrk" and args.worker_class == "sync":
        # wrk opens its connections before their scheduled request and keeps them open when done: an open,
        # silent connection holds a sync worker until gunicorn's timeout kills it.
        raise SystemExit("--worker-class sync only with --client aiohttp")
    if args.client == "wrk" and not shutil.which("wrk"):
        raise SystemExit("wrk not found: apt-get install wrk (make bench does), or --client aiohttp")

    db_path = BENCH_VAR_DIR / "one-tap.sqlite3"
    BENCH_VAR_DIR.mkdir(parents=True, exist_ok=True)
    remove_database(db_path)
    print(
        f"Migrating and seeding {args.size * 5 // 2:,} households, one link each, into {db_path} …",
        flush=True,
    )
    setup_django(db_path)
    burst, paced, light = seed(args.size)
    from django.db import connection

    connection.close()

    port = free_port()
    with tempfile.TemporaryDirectory(prefix="one-tap-server-") as tmp:
        processes = start_server(
            db_path, port, args.workers, args.worker_class, args.threads, args.front, Path(tmp)
        )
        base = f"http://127.0.0.1:{port}"
        try:
            if args.client == "wrk":
                results = run_wrk(base, burst, paced, light, args.clients, args.rate)
            else:
                results = asyncio.run(run(base, burst, paced, light, args.clients, args.rate))
        finally:
            stop(processes)
            nginx_errors = (Path(tmp) / "error.log").read_text().splitlines() if args.front == "nginx" else []
            for line in nginx_errors[-5:]:
                print(f"nginx:    {line}", flush=True)

    from nabij.actions.models import ActionResponse
    from nabij.casework.models import Callback, Case, DunningPause

    base_r, open_r = summarise(results["base"]), summarise(results["open"])
    burst_r, paced_r, light_r = (summarise(results[phase]) for phase in ("burst", "paced", "light"))
    total = len(burst) + len(paced) + len(light)
    ok_confirmations = burst_r["ok"] + paced_r["ok"] + light_r["ok"]
    responses = ActionResponse.objects.count()
    distinct_links = ActionResponse.objects.values("link").distinct().count()
    callbacks = Callback.objects.count()
    payment_cases = Case.objects.filter(kind="betaalhulp").count()
    pauses = DunningPause.objects.count()
    nothing_lost = (
        ok_confirmations == total
        and responses == total
        and distinct_links == total
        and callbacks == total // 2
        and payment_cases == total // 2
        and pauses == total // 2
    )
    healthz_rate = len(burst) / base_r["seconds"]
    # Rates count the confirmations that succeeded: a link whose opening failed is never confirmed, and
    # the run then fails the "nothing lost" check instead of showing a rate for less work.
    burst_rate = burst_r["ok"] / burst_r["seconds"]

    def ms(result, key):
        return round(result[key] / 1000, 1)

    load = os.getloadavg()
    print(
        f"server:   {'nginx, then ' if args.front == 'nginx' else ''}gunicorn"
        f" {args.workers} {args.worker_class} workers\n"
        f"client:   {args.client}, {args.clients} connections; load average before the run's end"
        f" {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} ({os.cpu_count()} cores)\n"
        f"healthz:  {healthz_rate:7.0f} req/s ({base_r['ok']} of {len(burst)} answered 200)\n"
        f"opens:    {total / open_r['seconds']:7.0f} GET/s ({open_r['ok']} of {total} pages with a form),"
        f" p50 {ms(open_r, 'p50_us')} ms, p99 {ms(open_r, 'p99_us')} ms\n"
        f"burst:    {burst_rate:7.0f} confirmations/s, p50 {ms(burst_r, 'p50_us')} ms,"
        f" p99 {ms(burst_r, 'p99_us')} ms ({args.clients} always waiting: latency is mostly queueing)\n"
        f"paced:    {paced_r['ok'] / paced_r['seconds']:7.0f} confirmations/s offered {args.rate:.0f}/s,"
        f" p50 {ms(paced_r, 'p50_us')} ms, p99 {ms(paced_r, 'p99_us')} ms, mean {ms(paced_r, 'mean_us')} ms\n"
        f"light:    {light_r['ok'] / light_r['seconds']:7.0f} confirmations/s"
        f" offered {results['light_rate']:.0f}/s"
        f" (half the burst's), p50 {ms(light_r, 'p50_us')} ms, p99 {ms(light_r, 'p99_us')} ms\n"
        f"database: {responses} responses ({distinct_links} distinct links), {callbacks} callbacks,"
        f" {payment_cases} payment-help cases, {pauses} dunning pauses; expected {total} / {total // 2} each",
        flush=True,
    )
    report(
        "one_tap_load",
        total,
        burst_r["seconds"],
        len(burst) / healthz_rate,
        TARGET,
        ok=nothing_lost and burst_rate >= 200 and paced_r["p99_us"] < 100_000,
        front=args.front,
        worker_class=args.worker_class,
        client=args.client,
        clients=args.clients,
        load_average=[round(x, 2) for x in load],
        confirmations_per_second=round(burst_rate, 1),
        healthz_per_second=round(healthz_rate, 1),
        throughput_ratio_vs_healthz=round(burst_rate / healthz_rate, 3),
        burst_p50_ms=ms(burst_r, "p50_us"),
        burst_p99_ms=ms(burst_r, "p99_us"),
        paced_rate=args.rate,
        paced_per_second=round(paced_r["ok"] / paced_r["seconds"], 1),
        paced_p50_ms=ms(paced_r, "p50_us"),
        paced_p99_ms=ms(paced_r, "p99_us"),
        light_rate=round(results["light_rate"], 1),
        light_p50_ms=ms(light_r, "p50_us"),
        light_p99_ms=ms(light_r, "p99_us"),
        confirmed=responses,
        expected=total,
        nothing_lost=nothing_lost,
    )


if __name__ == "__main__":
    sys.exit(main())
