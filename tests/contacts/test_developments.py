"""External developments: logging and editing them, and tagging signals to them when logging a contact."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from nabij.contacts import services
from nabij.contacts.models import Development, Signal
from nabij.contacts.selectors import recent_developments
from nabij.contacts.services import SignalInput
from nabij.core.clock import frozen_clock
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 10)


def development(title="Energieprijzen stijgen sterk", date=dt.date(2025, 5, 14), **fields):
    with frozen_clock(TODAY):
        return services.create_development(None, title=title, date=date, **fields)


def test_create_and_update_a_development():
    user = factories.staff_user("beleid")
    with frozen_clock(TODAY):
        created = services.create_development(
            user,
            title="  Grote werkgever sluit ",
            date="2025-06-18",
            description="600 banen weg",
            expected_effect="Inkomensdaling",
            link="https://example.nl/nieuws",
        )
    created.refresh_from_db()
    assert created.title == "Grote werkgever sluit" and created.date == dt.date(2025, 6, 18)
    assert created.created_by == user and created.created_at is not None
    services.update_development(created, title="Distributiecentrum sluit", link="")
    created.refresh_from_db()
    assert created.title == "Distributiecentrum sluit" and created.link == ""
    assert created.description == "600 banen weg"


def test_invalid_development_gets_dutch_messages_and_is_not_saved():
    with pytest.raises(ValidationError) as exc, frozen_clock(TODAY):
        services.create_development(None, title="", date="", link="geen-url")
    errors = exc.value.message_dict
    assert set(errors) == {"title", "date", "link"}
    assert "Voer een geldige URL in." in errors["link"]
    assert Development.objects.count() == 0


def test_recent_developments_are_those_of_the_last_twelve_months_newest_first():
    old = development("Oud", dt.date(2024, 12, 1))
    first = development("Eerste", dt.date(2025, 5, 14))
    second = development("Tweede", dt.date(2026, 1, 5))
    assert list(recent_developments(TODAY)) == [second, first]
    assert old not in recent_developments(TODAY)


def test_log_contact_tags_its_signals_to_developments():
    household = factories.household("Jansen", "Piet")
    energy = development()
    with frozen_clock(TODAY):
        services.log_contact(
            household,
            None,
            signals=[SignalInput(category="energiekosten"), SignalInput(category="inkomensdaling")],
            developments=[str(energy.id)],
        )
    assert {s.category for s in energy.signals.all()} == {"energiekosten", "inkomensdaling"}


def test_unknown_development_or_one_without_signal_is_refused_and_nothing_saved():
    household = factories.household("Jansen", "Piet")
    energy = development()
    with frozen_clock(TODAY):
        with pytest.raises(ValidationError) as exc:
            services.log_contact(household, None, signals=[SignalInput("energiekosten")], developments=[999])
        assert exc.value.message_dict["developments"] == ["Kies een ontwikkeling uit de lijst."]
        with pytest.raises(ValidationError) as exc:
            services.log_contact(household, None, developments=[energy.id])
        assert "developments" in exc.value.message_dict
    assert not Signal.objects.exists() and not household.contacts.exists()
