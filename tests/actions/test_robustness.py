"""Tampered, unknown, expired and replayed tokens, random tokens, rate limits and scanner hints."""

import datetime as dt
import secrets
import socket
import sqlite3

import pytest
from django.db import connection
from django.test import Client

from nabij.actions import ratelimit, tokens
from nabij.actions.models import ActionLink, ActionResponse, LinkOpen, RateCounter
from nabij.casework.models import Case, DunningPause
from nabij.core.clock import frozen_clock
from tests.actions.conftest import THURSDAY_1130, personal_data

pytestmark = pytest.mark.django_db


def _tampered(token: str) -> str:
    i = len(token) // 2
    return token[:i] + ("A" if token[i] != "A" else "B") + token[i + 1 :]


def test_tokens_are_128_random_bits_stored_only_as_a_hash(home, make_link):
    token = make_link("betaalhulp")
    assert len(token) == 22 and tokens.looks_like_token(token)
    link = ActionLink.objects.get()
    assert link.token_hash == tokens.token_hash(token) and token not in link.token_hash
    assert (link.expires_at - link.created_at) == dt.timedelta(days=21)


def test_unknown_and_tampered_tokens_get_a_friendly_404_and_register_nothing(client, home, make_link):
    token = make_link("betaalhulp")
    for bad in (_tampered(token), token[:-1], token + "x", "onzin", token.upper(), "%3Cscript%3E"):
        for response in (client.get(f"/k/{bad}"), client.post(f"/k/{bad}")):
            assert response.status_code == 404, bad
            page = response.content.decode()
            assert "Deze link werkt niet" in page and "088 123 45 67" in page
            assert "Traceback" not in page
            assert "no-store" in response["Cache-Control"]
    assert not ActionResponse.objects.exists() and not DunningPause.objects.exists()


def test_expired_link_gets_410_with_phone_and_opening_hours_and_registers_nothing(client, home, make_link):
    with frozen_clock(THURSDAY_1130 - dt.timedelta(days=22)):
        token = make_link("betaalhulp")
    with frozen_clock(THURSDAY_1130):
        for response in (client.get(f"/k/{token}"), client.post(f"/k/{token}")):
            assert response.status_code == 410
            page = response.content.decode()
            assert "Deze link werkt niet meer" in page
            assert "088 123 45 67" in page and "8.30 tot 17.00 uur" in page
            for value in personal_data(home):
                assert value not in page
    assert not ActionResponse.objects.exists() and not Case.objects.exists()
    assert not DunningPause.objects.exists()


def test_replayed_tap_registers_once(client, home, make_link, clock_thursday):
    token = make_link("betaalhulp")
    first = client.post(f"/k/{token}")
    replays = [client.post(f"/k/{token}") for _ in range(3)]
    assert "Gelukt" in first.content.decode()
    assert all("We hebben je verzoek al" in r.content.decode() for r in replays)
    assert ActionResponse.objects.count() == 1
    assert Case.objects.count() == 1 and DunningPause.objects.count() == 1


def test_a_thousand_random_tokens_register_nothing_and_show_nothing(home, make_link, settings):
    settings.NABIJ_ACTION_RATE_PER_IP = 0  # this test is about the tokens, not the rate limit
    make_link("betaalhulp")
    make_link("terugbellen")
    client = Client()
    forbidden = personal_data(home)
    for i in range(1000):
        token = secrets.token_urlsafe(16)
        response = (client.post if i % 2 else client.get)(f"/k/{token}")
        assert response.status_code == 404
        page = response.content.decode()
        assert not any(value in page for value in forbidden)
    assert not ActionResponse.objects.exists() and not DunningPause.objects.exists()
    assert not LinkOpen.objects.exists()


@pytest.fixture(params=["database", "file"])
def counter_store(request, settings, tmp_path):
    """Both places the counters live: the database (PostgreSQL), a file beside an SQLite database."""
    if request.param == "file":
        if connection.vendor != "sqlite":
            pytest.skip("the counter file is for SQLite installations")
        settings.NABIJ_RATE_COUNTER_FILE = str(tmp_path / "nabij.sqlite3-ratelimit")
    return request.param


def test_too_many_requests_per_address_get_429_with_the_phone_number(
    client, home, make_link, settings, counter_store
):
    settings.NABIJ_ACTION_RATE_PER_IP = 5
    token = make_link("terugbellen")
    statuses = [client.get(f"/k/{token}").status_code for _ in range(7)]
    assert statuses == [200] * 5 + [429] * 2
    response = client.post(f"/k/{token}")
    assert response.status_code == 429 and "088 123 45 67" in response.content.decode()
    assert not ActionResponse.objects.exists()
    # Another address is not affected.
    assert client.get(f"/k/{token}", REMOTE_ADDR="10.1.2.3").status_code == 200


@pytest.fixture
def unix_socket():
    """A real unix socket, as gunicorn hands the app for a request that came through nginx."""
    ours, theirs = socket.socketpair(socket.AF_UNIX)
    yield ours
    ours.close()
    theirs.close()


def test_behind_the_proxy_each_tenant_counts_against_their_own_address(
    client, home, make_link, settings, counter_store, unix_socket
):
    """nginx on gunicorn's unix socket (no peer address): the address comes from the proxy's
    X-Forwarded-For, so one busy tenant does not use up the limit of everyone else behind the proxy."""
    settings.NABIJ_ACTION_RATE_PER_IP = 2
    token = make_link("terugbellen")

    def via_proxy(address):
        return {"REMOTE_ADDR": "", "gunicorn.socket": unix_socket, "HTTP_X_FORWARDED_FOR": address}

    assert [client.get(f"/k/{token}", **via_proxy("198.51.100.7")).status_code for _ in range(3)] == [
        200,
        200,
        429,
    ]
    assert client.get(f"/k/{token}", **via_proxy("198.51.100.8")).status_code == 200
    # The same IPv4 client written as IPv6 is the same client.
    assert client.get(f"/k/{token}", **via_proxy("::ffff:198.51.100.7")).status_code == 429
    # An IPv6 home connection has a whole /64 to pick addresses from: it counts as one client.
    assert [
        client.get(f"/k/{token}", **via_proxy(f"2001:db8:1:2::{i}")).status_code for i in range(1, 4)
    ] == [200, 200, 429]
    assert client.get(f"/k/{token}", **via_proxy("2001:db8:1:3::1")).status_code == 200


def test_a_missing_peer_address_alone_does_not_make_the_header_believed(
    client, home, make_link, settings, counter_store
):
    """Another server (an ASGI server on a socket, say) may leave REMOTE_ADDR out too; only gunicorn's unix
    socket, where nginx is the one connecting, makes X-Forwarded-For the client's address."""
    settings.NABIJ_ACTION_RATE_PER_IP = 2
    token = make_link("terugbellen")
    statuses = [
        client.get(f"/k/{token}", REMOTE_ADDR="", HTTP_X_FORWARDED_FOR=f"192.0.2.{i}").status_code
        for i in range(3)
    ]
    assert statuses == [200, 200, 429]


def test_a_client_cannot_pick_its_address_with_x_forwarded_for(
    client, home, make_link, settings, counter_store
):
    settings.NABIJ_ACTION_RATE_PER_IP = 2
    settings.NABIJ_TRUSTED_PROXIES = ["10.0.0.0/8"]
    token = make_link("terugbellen")
    # Straight from the internet: the header is the client's own word and is ignored.
    direct = [
        client.get(f"/k/{token}", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR=f"192.0.2.{i}").status_code
        for i in range(3)
    ]
    assert direct == [200, 200, 429]
    # Through a trusted proxy: only the address the proxy added last counts, not what the client put first.
    proxied = [
        client.get(
            f"/k/{token}", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"192.0.2.{i}, 198.51.100.9"
        ).status_code
        for i in range(3)
    ]
    assert proxied == [200, 200, 429]


def test_too_many_requests_per_link_get_429(client, home, make_link, settings, counter_store):
    settings.NABIJ_ACTION_RATE_PER_LINK = 3
    token = make_link("terugbellen")
    statuses = [client.get(f"/k/{token}", REMOTE_ADDR=f"10.0.0.{i}").status_code for i in range(5)]
    assert statuses == [200, 200, 200, 429, 429]


def test_rate_limit_windows_start_over_each_minute(client, home, make_link, settings, counter_store):
    settings.NABIJ_ACTION_RATE_PER_LINK = 2
    token = make_link("terugbellen")
    with frozen_clock(THURSDAY_1130):
        assert [client.get(f"/k/{token}").status_code for _ in range(3)] == [200, 200, 429]
    with frozen_clock(THURSDAY_1130 + dt.timedelta(minutes=1)):
        assert client.get(f"/k/{token}").status_code == 200


def test_an_sqlite_installation_counts_in_its_own_file_and_prunes_it(client, make_link, settings, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the counter file is for SQLite installations")
    counter_file = tmp_path / "nabij.sqlite3-ratelimit"
    settings.NABIJ_RATE_COUNTER_FILE = str(counter_file)
    token = make_link("terugbellen")
    with frozen_clock(THURSDAY_1130):
        assert client.get(f"/k/{token}").status_code == 200

    assert not RateCounter.objects.exists()  # nothing in the database: it never waited for its write lock
    stored = b"".join(path.read_bytes() for path in tmp_path.glob("nabij.sqlite3-ratelimit*"))
    assert token.encode() not in stored and b"127.0.0.1" not in stored  # only salted hashes
    with sqlite3.connect(counter_file) as counters:
        assert counters.execute("SELECT COUNT(*) FROM rate_counter").fetchone() == (2,)  # address and link

    with frozen_clock(THURSDAY_1130 + dt.timedelta(minutes=2)):
        assert ratelimit.prune() == 2


@pytest.mark.parametrize(
    ("agent", "address", "seconds", "reasons"),
    [
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Mobile/15E148 Safari/604.1", "81.2.3.4", 600, ""),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Mobile/15E148 Safari/604.1", "81.2.3.4", 5, "snel"),
        ("python-requests/2.31", "81.2.3.4", 600, "agent"),
        ("Mozilla/5.0 HeadlessChrome/120.0", "81.2.3.4", 600, "agent"),
        ("Mozilla/5.0 (Windows NT 10.0)", "40.107.22.10", 600, "netwerk"),
        ("", "104.47.1.1", 2, "snel,agent,netwerk"),
    ],
)
def test_opens_are_logged_with_scanner_hints(client, home, make_link, agent, address, seconds, reasons):
    with frozen_clock(THURSDAY_1130):
        token = make_link("terugbellen")
    with frozen_clock(THURSDAY_1130 + dt.timedelta(seconds=seconds)):
        client.get(f"/k/{token}", HTTP_USER_AGENT=agent, REMOTE_ADDR=address)
    opened = LinkOpen.objects.get()
    assert opened.scanner_reasons == reasons
    assert opened.scanner_likely == bool(reasons)
    assert opened.seconds_since_sent == seconds
    assert not ActionResponse.objects.exists()
