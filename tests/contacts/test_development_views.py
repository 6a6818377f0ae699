"""Policy staff log external developments; staff tag signals to them in the quick-log form."""

import datetime as dt

import pytest
from django.urls import reverse

from nabij.contacts import services
from nabij.contacts.models import Development, Signal
from nabij.core.clock import frozen_clock
from tests import factories

pytestmark = pytest.mark.django_db

VALID = {
    "title": "Energieprijzen stijgen sterk",
    "date": "2026-10-01",
    "description": "Leveranciers verhogen de tarieven.",
    "expected_effect": "Hogere voorschotten, vooral in slecht geïsoleerde flats.",
    "link": "https://example.org/energie",
}


def test_policy_staff_add_and_change_a_development(client_for, client):
    client_for("beleid")
    response = client.post(reverse("contacts:development_add"), VALID)
    assert response.status_code == 302 and response.url == reverse("contacts:developments")
    development = Development.objects.get()
    assert development.title == VALID["title"] and development.date == dt.date(2026, 10, 1)

    client.post(
        reverse("contacts:development_edit", args=[development.pk]), {**VALID, "title": "Energie duur"}
    )
    development.refresh_from_db()
    assert development.title == "Energie duur"
    html = client.get(reverse("contacts:developments")).content.decode()
    assert "Energie duur" in html and "1 oktober 2026" in html


def test_wrong_input_is_refused_in_dutch_and_nothing_is_saved(client_for, client):
    client_for("beleid")
    response = client.post(
        reverse("contacts:development_add"), {**VALID, "title": "", "date": "31-02-2026", "link": "geen url"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dit veld is verplicht" in html
    assert "Voer een geldige datum in" in html
    assert "Voer een geldige URL in" in html
    assert not Development.objects.exists()


def test_team_leads_read_developments_but_cannot_change_them(client_for, client):
    development = services.create_development(
        factories.staff_user("beleid"), **{**VALID, "date": dt.date(2026, 10, 1)}
    )
    client_for("teamleider")
    html = client.get(reverse("contacts:developments")).content.decode()
    assert VALID["title"] in html
    assert reverse("contacts:development_edit", args=[development.pk]) not in html
    assert client.post(reverse("contacts:development_edit", args=[development.pk]), VALID).status_code == 403


def test_a_signal_is_tagged_to_a_development_from_the_quick_log(client_for, client):
    household = factories.household("Jansen", "Piet")
    with frozen_clock(dt.date(2026, 11, 20)):
        development = services.create_development(
            factories.staff_user("beleid"), **{**VALID, "date": dt.date(2026, 10, 1)}
        )
        client_for("klantadviseur")
        page = client.get(reverse("tenants:household", args=[household.key])).content.decode()
        assert "Hoort bij ontwikkeling" in page and "Energieprijzen stijgen sterk (01-10-2026)" in page
        client.post(
            reverse("contacts:log", args=[household.key]),
            {
                "category": "energiekosten",
                "urgency": "laag",
                "channel": "TEL",
                "direction": "INK",
                "process": "telefonie",
                "outcome": "bereikt",
                "development": development.pk,
            },
        )
    signal = Signal.objects.get()
    assert list(signal.developments.all()) == [development]
    client_for("beleid")
    assert "<td>1</td>" in client.get(reverse("contacts:developments")).content.decode()
