"""One-tap tokens stay out of the logs: Django's warnings about tenant pages and gunicorn's access log."""

import datetime as dt
import io
import logging
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

from nabij.actions.gunicorn_logger import Logger


@pytest.fixture
def console_output():
    """What the configured console handler (settings.LOGGING, with its filters) writes."""
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def test_django_names_a_rejected_tap_without_its_token(client, make_link, console_output):
    token = make_link("hoe_gaat_het")

    response = client.post(f"/k/{token}", {"antwoord": "misschien"})

    assert response.status_code == 400
    written = console_output.getvalue()
    assert "Bad Request: /k/…" in written
    assert token not in written


def test_the_access_log_shows_the_page_but_not_the_token(tmp_path):
    config = Config()
    config.set("accesslog", str(tmp_path / "access.log"))
    logger = Logger(config)
    token = "AbCdEfGhIjKlMnOpQrStUv"
    environ = {
        "REQUEST_METHOD": "POST",
        "RAW_URI": f"/k/{token}/aanvulling",
        "PATH_INFO": f"/k/{token}/aanvulling",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "192.0.2.7",
        "HTTP_REFERER": f"https://nabij.example/k/{token}",
    }
    response = SimpleNamespace(status="200 OK", headers=[], sent=512)
    request = SimpleNamespace(headers=[])

    logger.access(response, request, environ, dt.timedelta(milliseconds=9))

    line = (tmp_path / "access.log").read_text()
    assert '"POST /k/…/aanvulling HTTP/1.1" 200' in line
    assert token not in line
