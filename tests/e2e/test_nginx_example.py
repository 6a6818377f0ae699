"""deploy/nginx.conf, the example production proxy of docs/operations.md, run by Debian's nginx (`make e2e`
installs it) in front of gunicorn on a unix socket: what it promises the docs hold.

TLS is swapped for plain HTTP on a free loopback port and the paths for a temporary directory; everything
else is the file as shipped. Behind it runs a small app that echoes the request (nginx_echo.py), or nothing
at all, to see what nginx logs when gunicorn is down.
"""

import http.client
import json
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

REPO_DIR = Path(__file__).resolve().parents[2]
EXAMPLE = REPO_DIR / "deploy" / "nginx.conf"
TOKEN = "Qm9vZ2llVG9rZW4xMjM0NQ"  # the shape of a one-tap token


def nginx_path() -> str:
    path = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if not path:
        pytest.fail("nginx not found: run `make nginx` (apt-get install -y nginx)", pytrace=False)
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def local_config(tmp: Path, port: int) -> str:
    site = EXAMPLE.read_text()
    site = site.replace("unix:/run/nabij/gunicorn.sock", f"unix:{tmp}/gunicorn.sock")
    site = site.replace("/var/log/nginx/", f"{tmp}/")
    site = re.sub(r"listen 443 ssl http2;", f"listen 127.0.0.1:{port};", site)
    site = re.sub(r"listen 80;", f"listen 127.0.0.1:{free_port()};", site)
    site = re.sub(r"\n\s*listen \[::\]:\S+( ssl http2)?;", "", site)
    site = re.sub(r"\n\s*ssl_certificate(_key)? [^;]+;", "", site)
    assert "ssl" not in site and "/run/nabij" not in site and "/var/log" not in site
    return (
        f"pid {tmp}/nginx.pid;\nerror_log {tmp}/error.log error;\ndaemon off;\nevents {{}}\n"
        f"http {{\n  access_log {tmp}/access.log;\n  client_body_temp_path {tmp}/body;\n"
        f"  proxy_temp_path {tmp}/proxy;\n{site}\n}}\n"
    )


@pytest.fixture
def reachable_tmp():
    """A temporary directory nginx's workers (user nobody when nginx starts as root) can reach the socket
    in: pytest's tmp_path lies under a directory only its owner may enter."""
    with tempfile.TemporaryDirectory(prefix="nabij-nginx-") as tmp:
        Path(tmp).chmod(0o711)
        yield Path(tmp)


@pytest.fixture
def proxy(reachable_tmp):
    """(port, start_app, tmp): nginx with the example configuration; start_app() starts the echo app."""
    tmp_path = reachable_tmp
    port = free_port()
    config = tmp_path / "nginx.conf"
    config.write_text(local_config(tmp_path, port))
    nginx = subprocess.Popen(
        [nginx_path(), "-p", str(tmp_path), "-e", str(tmp_path / "error.log"), "-c", str(config)]
    )
    processes = [nginx]

    def start_app():
        gunicorn = Path(sys.executable).with_name("gunicorn")
        processes.append(
            subprocess.Popen(
                [
                    str(gunicorn),
                    "tests.e2e.nginx_echo:app",
                    "--bind",
                    f"unix:{tmp_path}/gunicorn.sock",
                    "--workers",
                    "1",
                    "--log-level",
                    "warning",
                ],
                cwd=REPO_DIR,
            )
        )
        wait_for(lambda: (tmp_path / "gunicorn.sock").exists())

    wait_for(lambda: request(port, "GET", "/")[0] in (200, 502))
    yield port, start_app, tmp_path
    for process in reversed(processes):
        process.terminate()
        process.wait(timeout=10)


def wait_for(condition, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise AssertionError("nginx or gunicorn did not come up")


def request(port: int, method: str, path: str, body: bytes = b"", headers: dict | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    return response.status, response.read()


def test_the_example_configuration_is_valid(tmp_path):
    port = free_port()
    config = tmp_path / "nginx.conf"
    config.write_text(local_config(tmp_path, port))
    check = subprocess.run(
        [nginx_path(), "-t", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"), "-c", str(config)],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr


def test_the_client_cannot_hand_gunicorn_an_address_of_its_own_choosing(proxy):
    port, start_app, _tmp = proxy
    start_app()
    status, body = request(
        port, "GET", "/zoeken/", headers={"X-Forwarded-For": "6.6.6.6", "Host": "nabij.test"}
    )
    seen = json.loads(body)
    assert status == 200
    assert seen["headers"]["X_FORWARDED_FOR"] == "127.0.0.1"  # set by nginx, the client's value gone
    assert seen["headers"]["HOST"] == "nabij.test" and seen["headers"]["X_FORWARDED_PROTO"] == "http"


def test_only_the_upload_takes_large_bodies(proxy):
    port, start_app, _tmp = proxy
    start_app()
    two_mb = b"x" * (2 * 1024 * 1024)
    assert request(port, "POST", f"/k/{TOKEN}", body=two_mb)[0] == 413
    assert request(port, "POST", "/inloggen/", body=two_mb)[0] == 413
    status, body = request(port, "POST", "/gegevens/import/", body=two_mb)
    assert status == 200 and json.loads(body)["body_bytes"] == len(two_mb)


def test_one_tap_tokens_stay_out_of_nginx_logs_also_when_gunicorn_is_down(proxy):
    port, _start_app, tmp = proxy  # no app behind nginx: every request is an upstream error
    assert request(port, "GET", f"/k/{TOKEN}")[0] == 502
    assert request(port, "GET", "/zoeken/")[0] == 502
    logs = (tmp / "access.log").read_text() + (tmp / "error.log").read_text()
    assert TOKEN not in logs
    assert "/zoeken/" in logs  # the rest is logged as usual: the check above would notice a log gone missing
