"""Login, the start page, health check and the role behind every page."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

ALL_ROLES = [
    "klantadviseur",
    "incasso",
    "wijkconsulent",
    "teamleider",
    "beleid",
    "functioneel_beheer",
    "privacy_officer",
]

# Every staff page and the roles allowed on it; every other role must get 403.
PAGES = {
    "tenants:search": {"klantadviseur", "incasso", "wijkconsulent", "teamleider"},
    "tenants:data_status": {"functioneel_beheer", "teamleider"},
    "tenants:reachability": {"teamleider", "beleid"},
    "monitor:page": {"beleid", "teamleider"},
    "monitor:csv": {"beleid", "teamleider"},
    "contacts:developments": {"beleid", "teamleider"},
    "contacts:development_add": {"beleid"},
    "privacy:access_log": {"privacy_officer"},
    "home": set(ALL_ROLES),
}


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("page", sorted(PAGES))
def test_each_page_is_open_to_its_roles_only(client_for, client, page, role):
    client_for(role)
    expected = 200 if role in PAGES[page] else 403
    assert client.get(reverse(page)).status_code == expected


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_functional_administrators_may_upload_import_files(client_for, client, role):
    client_for(role)
    response = client.post(reverse("tenants:upload_import"), {})
    if role == "functioneel_beheer":
        assert response.status_code in (200, 302)  # refused for lack of files, with a message
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("page", sorted(PAGES))
def test_anonymous_visitors_are_redirected_to_login(client, page):
    response = client.get(reverse(page))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_start_page_shows_only_what_the_role_can_use(client_for, client):
    client_for("klantadviseur")
    html = client.get(reverse("home")).content.decode()
    assert "Klantadviseur" in html
    assert reverse("tenants:search") in html
    assert reverse("privacy:access_log") not in html


def test_user_without_role_is_told_to_ask_for_one(client_for, client):
    client_for(None)
    assert "Je hebt nog geen rol" in client.get(reverse("home")).content.decode()


def test_login_with_wrong_password_gives_a_dutch_message(client):
    User.objects.create_user("sanne", password="een-lang-wachtwoord-42")
    response = client.post(reverse("login"), {"username": "sanne", "password": "fout"})
    assert response.status_code == 200
    assert "klopt niet" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_and_logout(client):
    factories.staff_user("klantadviseur", username="sanne")
    response = client.post(reverse("login"), {"username": "sanne", "password": "a-long-test-password-1"})
    assert response.status_code == 302 and response.url == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_session_ends_after_idle_timeout(settings):
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_AGE <= 60 * 60


def test_weak_passwords_are_refused():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ["kort", "12345678901234", "elfletters1"]:
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("paars-fietsje-op-de-dijk-7")


def test_pages_with_personal_data_are_not_cached(client_for, client):
    client_for("klantadviseur")
    response = client.get(reverse("tenants:search"))
    assert "no-store" in response["Cache-Control"]


def test_healthz_reports_the_database():
    from django.test import Client

    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_says_503_when_the_database_is_gone(tmp_path):
    """Run a real process whose database cannot be opened and ask it for /healthz."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path}/missing-dir/nabij.sqlite3")
    script = (
        "import django; django.setup(); from django.test import Client; "
        "r = Client().get('/healthz'); print(r.status_code, r.json()['database'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.split() == ["503", "unreachable"]


def test_language_can_be_switched_to_english(client_for, client):
    client_for("klantadviseur")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("home")).content.decode()
    assert 'lang="en"' in html


def test_dutch_is_the_default_even_for_an_english_browser(client_for, client):
    client_for("klantadviseur")
    html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="nl"' in html
    assert "Huurder zoeken" in html
