"""Logging contacts and signals: the service, the quick-log views, roles, health masking, contact check."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from nabij.contacts import extensions, services
from nabij.contacts.models import Contact, Signal
from nabij.contacts.services import SignalInput
from nabij.core.clock import frozen_clock
from nabij.privacy.models import AccessLogEntry
from nabij.tenants.models import ContactPoint
from nabij.tenants.selectors import contact_check
from nabij.tenants.services import mark_contact_points_checked
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
LOGGING_ROLES = {"klantadviseur", "incasso", "wijkconsulent", "teamleider"}
HEALTH_NOTE = "Herstelt van een operatie aan de heup"


@pytest.fixture
def household():
    return factories.household("Jansen", "Piet")


@pytest.fixture
def handed_over(monkeypatch):
    """Follow-ups handed over by log_contact, recorded instead of going to the registered handlers
    (casework's, which opens a case: tested in tests/casework/test_signal_cases.py)."""
    received = []
    monkeypatch.setattr(extensions, "_follow_up_handlers", [received.append])
    return received


def test_log_contact_with_signal_in_one_go(household):
    user = factories.staff_user("klantadviseur")
    contact = services.log_contact(
        household,
        user,
        note="",
        signals=[SignalInput("betaalzorgen", urgency="midden", note="Baan kwijt")],
    )
    assert (contact.channel, contact.direction, contact.process, contact.outcome) == (
        "TEL",
        "INK",
        "telefonie",
        "bereikt",
    )
    signal = contact.signals.get()
    assert (signal.category, signal.vera_kind, signal.polarity, signal.status) == (
        "betaalzorgen",
        "SCH",
        "zorg",
        "ACT",
    )
    assert signal.household == household and signal.created_by == user


def test_positive_signal_gets_positive_polarity(household):
    contact = services.log_contact(household, None, signals=[SignalInput("positief")])
    assert contact.signals.get().polarity == "positief"


def test_urgent_signal_with_follow_up_is_handed_over_to_the_owning_team(household, handed_over):
    with frozen_clock(dt.date(2026, 11, 20)):  # a Friday
        services.log_contact(
            household,
            None,
            signals=[SignalInput("inkomensdaling", urgency="acuut", follow_up_wanted=True, consent=True)],
        )
    signal = Signal.objects.get()
    assert signal.follow_up_consent_at is not None
    [follow_up] = handed_over
    assert (follow_up.team, follow_up.signal, follow_up.signal.household) == ("incasso", signal, household)
    assert follow_up.due_date == dt.date(2026, 11, 23)  # the next working day


def test_follow_up_without_urgency_is_not_handed_over(household, handed_over):
    services.log_contact(
        household,
        None,
        signals=[SignalInput("eenzaamheid", urgency="laag", follow_up_wanted=True, consent=True)],
    )
    assert handed_over == []


def test_follow_up_without_consent_is_refused_and_nothing_is_saved(household):
    with pytest.raises(ValidationError) as refused:
        services.log_contact(
            household, None, signals=[SignalInput("gezondheid", urgency="hoog", follow_up_wanted=True)]
        )
    assert refused.value.message_dict["consent"] == [
        "Vraag de huurder om toestemming voordat je opvolging vastlegt."
    ]
    assert not Contact.objects.exists() and not Signal.objects.exists()


def test_invalid_codes_get_dutch_messages(household):
    with pytest.raises(ValidationError) as refused:
        services.log_contact(
            household, None, channel="FAX", process="kantine", signals=[SignalInput("onzin")]
        )
    errors = refused.value.message_dict
    assert errors["channel"] == ["Kies een kanaal uit de lijst."]
    assert errors["process"] == ["Kies een klantproces uit de lijst."]
    assert errors["category"] == ["Kies een categorie voor het signaal."]


def test_the_contact_is_rolled_back_when_a_signal_fails(household, monkeypatch):
    def broken(follow_up):
        raise RuntimeError("database gone")

    monkeypatch.setattr(extensions, "_follow_up_handlers", [broken])
    with pytest.raises(RuntimeError):
        services.log_contact(
            household,
            None,
            signals=[SignalInput("overlast", urgency="hoog", follow_up_wanted=True, consent=True)],
        )
    assert not Contact.objects.exists() and not Signal.objects.exists()


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_customer_facing_roles_may_log_contacts(client_for, client, household, role):
    client_for(role)
    url = reverse("contacts:log", args=[household.key])
    response = client.post(
        url,
        {
            "category": "positief",
            "urgency": "laag",
            "channel": "TEL",
            "direction": "INK",
            "process": "telefonie",
            "outcome": "bereikt",
        },
    )
    if role in LOGGING_ROLES:
        assert response.status_code == 302
        assert response.url == reverse("tenants:household", args=[household.key]) + "#contacts-panel"
        assert Contact.objects.count() == 1
    else:
        assert response.status_code == 403
        assert not Contact.objects.exists()
    checked = client.post(reverse("contacts:contact_details_checked", args=[household.key]))
    assert checked.status_code == (302 if role in LOGGING_ROLES else 403)


FORM = {
    "category": "gezondheid",
    "note": HEALTH_NOTE,
    "urgency": "midden",
    "channel": "TEL",
    "direction": "INK",
    "process": "telefonie",
    "outcome": "bereikt",
}


def _history(html: str) -> str:
    return html.split('id="contacts-history"', 1)[1]


def test_htmx_save_returns_the_panel_with_the_new_signal(client_for, client, household):
    client_for("wijkconsulent")
    response = client.post(reverse("contacts:log", args=[household.key]), FORM, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="panel contacts-panel" id="contacts-panel"')
    assert "Contact vastgelegd." in html
    assert "Gezondheid" in _history(html) and HEALTH_NOTE in html


def test_htmx_save_with_errors_shows_them_in_the_panel(client_for, client, household):
    client_for("klantadviseur")
    data = dict(FORM, urgency="hoog", follow_up_wanted="on")
    html = client.post(
        reverse("contacts:log", args=[household.key]), data, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Het contact is niet opgeslagen" in html
    assert "Vraag de huurder om toestemming" in html
    assert not Contact.objects.exists()


def test_klantadviseur_does_not_see_health_signals(client_for, client, household):
    services.log_contact(household, None, note="", signals=[SignalInput("gezondheid", note=HEALTH_NOTE)])
    client_for("klantadviseur")
    page = client.get(reverse("tenants:household", args=[household.key])).content.decode()
    assert HEALTH_NOTE not in page
    assert "Gezondheid" not in _history(page)
    assert "Afgeschermd signaal" in _history(page)
    partial = client.post(
        reverse("contacts:log", args=[household.key]),
        dict(FORM, category="positief", note="Gaat goed"),
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert HEALTH_NOTE not in partial
    assert "Gezondheid" not in _history(partial)
    assert not AccessLogEntry.objects.filter(what="health signal").exists()


def test_wijkconsulent_sees_health_signals_and_the_view_is_logged(client_for, client, household):
    services.log_contact(household, None, signals=[SignalInput("gezondheid", note=HEALTH_NOTE)])
    user = client_for("wijkconsulent")
    page = client.get(reverse("tenants:household", args=[household.key])).content.decode()
    assert HEALTH_NOTE in page and "Gezondheid" in _history(page)
    entry = AccessLogEntry.objects.get(what="health signal")
    assert (entry.user, entry.household_id, entry.action) == (user, household.id, "view")
    assert HEALTH_NOTE not in f"{entry.what} {entry.context}"


def test_empty_state_without_contacts(client_for, client, household):
    client_for("incasso")
    page = client.get(reverse("tenants:household", args=[household.key])).content.decode()
    assert "Nog geen contacten vastgelegd." in page and "Geen actieve signalen." in page


def test_contact_check_prompt_and_checked_in_conversation(client_for, client, household, settings):
    settings.NABIJ_VERIFICATION_MAX_AGE_DAYS = 365
    with frozen_clock(dt.date(2026, 11, 20)):
        email = factories.contact_point(
            household, "EMA", "piet@example.nl", verified_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
        )
        mobile = factories.contact_point(household, "MOB", "0612345678")
        invalid = factories.contact_point(household, "EMA", "fout@example", status="ONG")
        assert contact_check(household).to_verify == ["EMA", "MOB"]
        client_for("klantadviseur")
        page = client.get(reverse("tenants:household", args=[household.key])).content.decode()
        assert "Gecontroleerd in dit gesprek" in page
        client.post(reverse("contacts:contact_details_checked", args=[household.key]))
        assert not contact_check(household)
        page = client.get(reverse("tenants:household", args=[household.key])).content.decode()
        assert "Gecontroleerd in dit gesprek" not in page
    for point in (email, mobile):
        point.refresh_from_db()
        assert point.status == "GEV" and point.verified_at.date() == dt.date(2026, 11, 20)
    invalid.refresh_from_db()
    assert invalid.verified_at is None and invalid.status == "ONG"


def test_without_e_mail_or_mobile_staff_are_asked_to_ask_for_them(client_for, client, household):
    factories.contact_point(household, "TEL", "0301234567")
    client_for("klantadviseur")
    page = client.get(reverse("tenants:household", args=[household.key])).content.decode()
    assert "Nog geen e-mail en mobiel bekend: vraag ernaar in dit gesprek." in page
    assert "Gecontroleerd in dit gesprek" not in page


def test_mark_checked_leaves_landlines_alone(household):
    phone = factories.contact_point(household, "TEL", "0301234567")
    assert mark_contact_points_checked(household) == 0
    phone.refresh_from_db()
    assert phone.verified_at is None and phone.status == ContactPoint.Status.CREATED


def test_a_signal_remembers_its_week_neighbourhood_and_process_for_the_monitor(household):
    lombok = factories.neighbourhood(name="Lombok")
    factories.tenancy(household, factories.unit(neighbourhood=lombok))
    with frozen_clock(dt.date(2026, 11, 26)):  # a Thursday
        contact = services.log_contact(
            household,
            factories.staff_user("incasso"),
            process="betaalhulp",
            signals=[SignalInput("energiekosten", urgency="laag")],
        )
    signal = contact.signals.get()
    assert signal.week_start == dt.date(2026, 11, 23)
    assert signal.neighbourhood == lombok
    assert signal.process == "betaalhulp"
