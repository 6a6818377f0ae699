"""Hardening a security auditor checks: the CSP header, no inline script or style, no-store on personal data,
session timeout, cookie names in production, login brute-force protection, and the optional second factor."""

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from nabij.privacy.models import AccessLogEntry
from tests import factories

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# Files that never reach a browser from the server: the subject-access export is an HTML file inside a zip
# the privacy officer downloads, so it carries its own <style>.
NOT_SERVED = {"privacy/subject_access/export.html"}


def csp_directives(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in header.split(";") if part.strip()}


def assert_strict_csp(response):
    policy = csp_directives(response)
    assert policy["default-src"] == "default-src 'self'"
    assert policy["script-src"] == "script-src 'self'"
    assert policy["style-src"] == "style-src 'self'"
    assert policy["object-src"] == "object-src 'none'"
    assert policy["base-uri"] == "base-uri 'none'"
    assert policy["frame-ancestors"] == "frame-ancestors 'none'"
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]


def test_csp_on_a_staff_page_and_on_public_pages(client, client_for):
    assert_strict_csp(client.get(reverse("login")))
    assert_strict_csp(client.get("/k/onbekende-link-0000000000"))  # a tenant page (unknown token)
    client_for("klantadviseur")
    household = factories.household("Jansen")
    page = client.get(reverse("tenants:household", args=[household.key]))
    assert page.status_code == 200
    assert_strict_csp(page)
    assert page.headers["Referrer-Policy"] == "same-origin"
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    # Personal data: no browser or proxy may keep the page.
    assert "no-store" in page.headers["Cache-Control"] and "private" in page.headers["Cache-Control"]


def test_no_template_has_inline_script_style_or_event_handlers():
    inline = re.compile(
        r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle\s*=|\son[a-z]+\s*=|javascript:", re.IGNORECASE
    )
    offenders = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        if name in NOT_SERVED:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if inline.search(line):
                offenders.append(f"{name}:{number}: {line.strip()[:100]}")
    assert offenders == [], "move these to a static .js/.css file:\n" + "\n".join(offenders)


def test_the_session_ends_after_thirty_idle_minutes(client_for, client):
    client_for("klantadviseur")
    client.get(reverse("home"))
    session = Session.objects.get()
    remaining = (session.expire_date - timezone.now()).total_seconds()
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and 29 * 60 < remaining <= 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST  # every request starts the thirty minutes again


def test_production_uses_host_only_secure_cookies_hsts_and_no_debug():
    code = (
        "import json; from django.conf import settings as s; print(json.dumps({k: getattr(s, k) for k in ["
        "'SESSION_COOKIE_NAME', 'CSRF_COOKIE_NAME', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', "
        "'SECURE_HSTS_SECONDS', 'SECURE_SSL_REDIRECT', 'DEBUG']}))"
    )
    env = {
        **os.environ,
        "NABIJ_ENV": "production",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "nabij.example.org",
        "DJANGO_SETTINGS_MODULE": "nabij.settings",
        "PYTHONPATH": str(Path(settings.BASE_DIR).parent),
    }
    out = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    values = json.loads(out.stdout)
    assert values["SESSION_COOKIE_NAME"] == "__Host-nabij-session"
    assert values["CSRF_COOKIE_NAME"] == "__Host-nabij-csrftoken"
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"] and values["SECURE_SSL_REDIRECT"]
    assert values["SECURE_HSTS_SECONDS"] >= 31536000 and values["DEBUG"] is False


def test_five_wrong_passwords_lock_the_user_name_out_with_a_dutch_message(client):
    factories.staff_user("klantadviseur", username="sanne")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(reverse("login"), {"username": "sanne", "password": "fout-wachtwoord"})
        assert response.status_code == 200  # the form again, with its error
    fifth = client.post(reverse("login"), {"username": "sanne", "password": "fout-wachtwoord"})
    assert fifth.status_code == 429
    # Locked: even the right password does not get in now.
    locked = client.post(reverse("login"), {"username": "sanne", "password": "a-long-test-password-1"})
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Te vaak geprobeerd" in html and "Probeer het over 15 minuten opnieuw" in html
    assert "_auth_user_id" not in client.session
    # Every refused attempt is in the access log, the one refused by the lock-out too.
    assert AccessLogEntry.objects.filter(action="login_failed").count() == settings.AXES_FAILURE_LIMIT + 1

    # Another member of staff on the same computer can still log in.
    factories.staff_user("klantadviseur", username="joris")
    ok = client.post(reverse("login"), {"username": "joris", "password": "a-long-test-password-1"})
    assert ok.status_code == 302 and ok["Location"] == reverse("home")


@override_settings(NABIJ_REQUIRE_2FA=True)
def test_with_the_second_factor_on_staff_set_up_and_confirm_an_authenticator_code(client):
    user = factories.staff_user("klantadviseur", username="sanne")
    client.post(reverse("login"), {"username": "sanne", "password": "a-long-test-password-1"})
    household = factories.household("Jansen")
    page = reverse("tenants:household", args=[household.key])

    step = client.get(page)
    assert step.status_code == 302 and step["Location"].startswith(reverse("privacy:second_factor"))
    setup = client.get(step["Location"]).content.decode()
    assert "Tweede stap" in setup and "otpauth://totp/" in setup
    device = TOTPDevice.objects.get(user=user, confirmed=False)

    wrong = client.post(reverse("privacy:second_factor"), {"code": "000000", "next": page})
    assert "Deze code klopt niet" in wrong.content.decode()
    assert client.get(page).status_code == 302
    time.sleep(1.1)  # django-otp slows guessing down: after a wrong code the next one waits a second

    right = client.post(
        reverse("privacy:second_factor"), {"code": f"{totp(device.bin_key):06d}", "next": page}
    )
    assert right.status_code == 302 and right["Location"] == page
    assert client.get(page).status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_without_the_setting_no_second_factor_is_asked(client):
    factories.staff_user("klantadviseur", username="sanne")
    client.post(reverse("login"), {"username": "sanne", "password": "a-long-test-password-1"})
    assert client.get(reverse("home")).status_code == 200
