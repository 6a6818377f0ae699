"""Staff side: the panel on the tenant 360, making and e-mailing a link, the bulk command, privacy data."""

import re

import pytest
from django.core import mail
from django.core.management import call_command

from nabij.actions import services, tokens
from nabij.actions.models import ActionLink, ActionResponse
from nabij.privacy import registry
from nabij.privacy.models import AccessLogEntry
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_panel_shows_the_households_registrations_at_once(client_for, client, home, make_link):
    client_for("klantadviseur")
    token = make_link("terugbellen")
    page = client.get(f"/huishoudens/{home.key}/").content.decode()
    assert "Klik-acties" in page and "Nog niets doorgegeven via een klik-link." in page
    client.logout()
    client.post(f"/k/{token}")
    client_for("klantadviseur")
    page = client.get(f"/huishoudens/{home.key}/").content.decode()
    assert "Wat de huurder doorgaf" in page
    assert re.search(r"<strong>Terugbellen</strong>", page)


def test_copying_a_link_shows_it_once_and_logs_the_access(client_for, client, home):
    user = client_for("incasso")
    response = client.post(f"/huishoudens/{home.key}/klik-link/", {"kind": "betaalhulp", "how": "copy"})
    page = response.content.decode()
    url = re.search(r'value="(http://testserver/k/[A-Za-z0-9_-]{22})"', page).group(1)
    link = ActionLink.objects.get()
    assert link.token_hash == tokens.token_hash(url.rsplit("/", 1)[1])
    assert (link.kind, link.created_by, link.sent_at) == ("betaalhulp", user, None)
    assert AccessLogEntry.objects.filter(user=user, household_id=home.id, what="action link created").exists()
    # The tenant 360 never shows the token again.
    assert url not in client.get(f"/huishoudens/{home.key}/").content.decode()


def test_emailing_a_link_sends_b1_text_with_one_click_unsubscribe_headers(client_for, client, home):
    client_for("klantadviseur")
    client.post(f"/huishoudens/{home.key}/klik-link/", {"kind": "terugbellen", "how": "email"})
    (message,) = mail.outbox
    assert message.to == ["anouk.visser@example.nl"]
    assert message.subject == "Wil je dat we je bellen?"
    assert "http://testserver/k/" in message.body and "088 123 45 67" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = re.fullmatch(
        r"<http://testserver/k/([A-Za-z0-9_-]{22})/afmelden>", message.extra_headers["List-Unsubscribe"]
    )
    assert unsubscribe
    link = ActionLink.objects.get(kind="terugbellen")
    assert link.sent_at is not None and link.sent_to.value == "anouk.visser@example.nl"
    # The one-click endpoint of the header works with a bare POST.
    from django.test import Client

    Client(enforce_csrf_checks=True).post(
        f"/k/{unsubscribe.group(1)}/afmelden",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert not home.channel_preferences.get(purpose="campaign").consent


def test_no_email_address_means_a_clear_refusal(client_for, client):
    household = factories.household("Smit")
    client_for("klantadviseur")
    response = client.post(
        f"/huishoudens/{household.key}/klik-link/", {"kind": "terugbellen", "how": "email"}
    )
    assert response.status_code == 400
    assert "geen geldig e-mailadres" in response.content.decode()
    assert not mail.outbox


def test_staff_without_the_permission_cannot_make_links(client_for, client, home):
    client_for("beleid")
    response = client.post(f"/huishoudens/{home.key}/klik-link/", {"kind": "terugbellen", "how": "copy"})
    assert response.status_code == 403
    assert not ActionLink.objects.exists()


def test_bulk_command_writes_links_to_a_file_not_to_the_output(home, tmp_path, capsys):
    factories.household("Smit")
    out = tmp_path / "links.txt"
    call_command("create_action_links", kind="hoe_gaat_het", out=str(out), base_url="https://mijn.example.nl")
    lines = out.read_text().splitlines()
    assert len(lines) == 2 and ActionLink.objects.filter(kind="hoe_gaat_het").count() == 2
    url = lines[0].split("\t")[1]
    assert url.startswith("https://mijn.example.nl/k/")
    assert "/k/" not in capsys.readouterr().out
    assert oct(out.stat().st_mode & 0o777) == "0o600"


def test_subject_access_and_erasure_reach_what_the_tenant_typed(client, home, make_link):
    token = make_link("terugbellen")
    client.post(f"/k/{token}")
    response = ActionResponse.objects.get()
    services.add_details(response, note="Liefst na drie uur")
    exported = registry.provider("actions.responses").export(home.id)
    assert any("Liefst na drie uur" in str(record) for record in exported)
    registry.provider("actions.responses").erase(home.id)
    registry.provider("actions.links").erase(home.id)
    response.refresh_from_db()
    assert response.note == "" and response.kind == "terugbellen"


def test_the_panel_names_the_pulse_answer_and_the_additions(client_for, client, home, make_link):
    pulse, callback = make_link("hoe_gaat_het"), make_link("terugbellen")
    client.post(f"/k/{pulse}", {"antwoord": "hulp"})
    client.post(f"/k/{callback}")
    client.post(f"/k/{callback}/aanvulling", {"telefoon": "0201234567"})
    client_for("wijkconsulent")
    page = client.get(f"/huishoudens/{home.key}/").content.decode()
    assert "<strong>Hoe gaat het?</strong>: Ik kan hulp gebruiken" in page
    assert "Ander nummer (niet gecontroleerd): +31201234567" in page
