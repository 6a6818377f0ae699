"""The English interface: a user who switches to English sees English, and the catalog is complete."""

import os
import shutil
import subprocess

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils.translation import trans_real

PO_FILE = settings.LOCALE_PATHS[0] / "en" / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")


@pytest.fixture(scope="session")
def compiled_catalogs():
    """.mo files are not in git: compile them when missing or older than the .po (fresh clone)."""
    if not MO_FILE.exists() or MO_FILE.stat().st_mtime < PO_FILE.stat().st_mtime:
        call_command("compilemessages", locale=["en"], ignore_patterns=[".venv"], verbosity=0)
        # Forget catalogs Django may already have loaded without the .mo in this process.
        trans_real._translations = {}
        trans_real._default = None


@pytest.mark.django_db
def test_user_who_switches_to_english_gets_an_english_start_page(compiled_catalogs, client_for, client):
    client_for("klantadviseur")
    client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})
    html = client.get(reverse("home")).content.decode()
    assert "Find a tenant" in html
    assert "Huurder zoeken" not in html


def test_english_catalog_has_no_untranslated_or_fuzzy_entries():
    msgfmt = shutil.which("msgfmt") or ("/usr/bin/msgfmt" if os.path.exists("/usr/bin/msgfmt") else None)
    if msgfmt is None:
        pytest.skip("msgfmt (GNU gettext) is not installed, so the catalog cannot be checked")
    result = subprocess.run(
        [msgfmt, "--check", "--statistics", "-o", os.devnull, str(PO_FILE)],
        capture_output=True,
        text=True,
        env=dict(os.environ, LC_ALL="C", LANGUAGE="C"),
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    statistics = result.stderr.strip().splitlines()[-1]
    assert "translated message" in statistics
    assert "untranslated" not in statistics, statistics
    assert "fuzzy" not in statistics, statistics
