"""Staff close a signal that no longer applies (passief) or was recorded in error (vervallen)."""

import datetime as dt

import pytest
from django.urls import reverse

from nabij.contacts import services
from nabij.contacts.models import Signal
from nabij.contacts.services import SignalInput
from nabij.core.clock import frozen_clock
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def household():
    return factories.household("Jansen", "Piet")


def signal_of(household, category):
    contact = services.log_contact(
        household, factories.staff_user("wijkconsulent"), signals=[SignalInput(category)]
    )
    return contact.signals.get()


@pytest.mark.parametrize("status", ["PAS", "VER"])
def test_closing_a_signal_takes_it_off_the_active_list(client_for, client, household, status):
    signal = signal_of(household, "energiekosten")
    client_for("klantadviseur")
    with frozen_clock(dt.date(2026, 11, 27)):
        response = client.post(
            reverse("contacts:end_signal", args=[household.key, signal.id]),
            {"status": status},
            HTTP_HX_REQUEST="true",
        )
    html = response.content.decode()
    assert "Geen actieve signalen." in html
    signal.refresh_from_db()
    assert (signal.status, signal.end_date) == (status, dt.date(2026, 11, 27))


def test_a_closed_signal_cannot_be_closed_again(client_for, client, household):
    signal = signal_of(household, "eenzaamheid")
    client_for("klantadviseur")
    url = reverse("contacts:end_signal", args=[household.key, signal.id])
    client.post(url, {"status": "PAS"})
    response = client.post(url, {"status": "VER"}, follow=True)
    assert "Dit signaal is al afgesloten." in response.content.decode()
    assert Signal.objects.get().status == "PAS"


def test_closing_twice_in_the_panel_says_why_nothing_changed(client_for, client, household):
    signal = signal_of(household, "woning")
    client_for("klantadviseur")
    url = reverse("contacts:end_signal", args=[household.key, signal.id])
    client.post(url, {"status": "PAS"}, HTTP_HX_REQUEST="true")
    html = client.post(url, {"status": "VER"}, HTTP_HX_REQUEST="true").content.decode()
    assert 'role="alert"' in html and "Dit signaal is al afgesloten." in html


def test_a_masked_health_signal_cannot_be_closed_by_someone_who_cannot_see_it(client_for, client, household):
    signal = signal_of(household, "gezondheid")
    client_for("klantadviseur")
    page = client.get(reverse("tenants:household", args=[household.key])).content.decode()
    assert reverse("contacts:end_signal", args=[household.key, signal.id]) not in page
    response = client.post(reverse("contacts:end_signal", args=[household.key, signal.id]), {"status": "VER"})
    assert response.status_code == 403
    assert Signal.objects.get().status == "ACT"


def test_a_signal_of_another_household_is_not_found(client_for, client, household):
    signal = signal_of(household, "energiekosten")
    other = factories.household("Bakker", "Anna")
    client_for("klantadviseur")
    response = client.post(reverse("contacts:end_signal", args=[other.key, signal.id]), {"status": "PAS"})
    assert response.status_code == 404


def test_roles_without_contact_logging_cannot_close_signals(client_for, client, household):
    signal = signal_of(household, "energiekosten")
    client_for("beleid")
    response = client.post(reverse("contacts:end_signal", args=[household.key, signal.id]), {"status": "PAS"})
    assert response.status_code == 403
