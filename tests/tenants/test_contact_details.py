"""Correcting or adding an e-mail address or mobile number from the contact-details check (tenant 360)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from nabij.core.clock import frozen_clock
from nabij.tenants.models import ContactPoint
from nabij.tenants.selectors import contact_check
from nabij.tenants.services import correct_contact_point
from tests import factories

pytestmark = pytest.mark.django_db

OLD_CHECK = dt.datetime(2024, 3, 1, tzinfo=dt.UTC)


@pytest.fixture
def household():
    return factories.household("Jansen", "Piet")


def _snapshot(household):
    return list(household.contact_points.order_by("id").values_list("kind", "value", "preferred", "status"))


@pytest.mark.parametrize(
    "typed", ["0612345678", "06-12345678", "+31 6 1234 5678", "0031612345678", " 06 12 34 56 78"]
)
def test_mobile_in_any_notation_is_stored_in_e164(household, typed):
    with frozen_clock(dt.date(2026, 11, 20)):
        point = correct_contact_point(household, "MOB", typed)
    assert point.value == "+31612345678"
    assert (point.preferred, point.status) == (True, "GEV")
    assert point.verified_at.date() == dt.date(2026, 11, 20)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("0301234567", "Dit is geen mobiel nummer"),  # a landline
        ("+32 470 12 34 56", "Alleen Nederlandse mobiele nummers"),  # a Belgian mobile
        ("+49 151 12345678", "Alleen Nederlandse mobiele nummers"),
        ("06-1234", "Dit is geen geldig telefoonnummer"),
        ("bel me maar", "Dit is geen geldig telefoonnummer"),
    ],
)
def test_anything_but_a_dutch_mobile_is_refused_and_nothing_changes(household, typed, message):
    factories.contact_point(household, "MOB", "0687654321", preferred=True)
    before = _snapshot(household)
    with pytest.raises(ValidationError) as refused:
        correct_contact_point(household, "MOB", typed)
    assert message in refused.value.messages[0]
    assert _snapshot(household) == before


def test_valid_e_mail_is_stored_with_its_domain_in_lower_case(household):
    point = correct_contact_point(household, "EMA", "  Piet.Jansen@Example.NL ")
    assert point.value == "Piet.Jansen@example.nl"
    assert point.status == "GEV" and point.preferred


@pytest.mark.parametrize("typed", ["piet@", "piet.example.nl", "piet@example", "piet jansen@example.nl", ""])
def test_invalid_e_mail_is_refused_and_nothing_changes(household, typed):
    factories.contact_point(household, "EMA", "oud@example.nl", preferred=True)
    before = _snapshot(household)
    with pytest.raises(ValidationError) as refused:
        correct_contact_point(household, "EMA", typed)
    assert "Dit is geen geldig e-mailadres" in refused.value.messages[0]
    assert _snapshot(household) == before


def test_the_replaced_value_becomes_invalid_and_others_lose_their_preference(household):
    old = factories.contact_point(household, "EMA", "oud@example.nl", preferred=True, verified_at=OLD_CHECK)
    partner = factories.contact_point(household, "EMA", "partner@example.nl")
    mobile = factories.contact_point(household, "MOB", "0687654321", preferred=True)
    new = correct_contact_point(household, "EMA", "nieuw@example.nl")
    old.refresh_from_db(), partner.refresh_from_db(), mobile.refresh_from_db()
    assert (old.status, old.preferred, old.verified_at) == ("ONG", False, OLD_CHECK)
    assert (partner.status, partner.preferred) == ("AAN", False)
    assert (mobile.status, mobile.preferred) == ("AAN", True)  # another kind: untouched
    assert new.person == old.person
    assert household.contact_points.filter(kind="EMA", preferred=True).get() == new


def test_the_same_number_in_another_notation_is_checked_not_duplicated(household):
    imported = factories.contact_point(household, "MOB", "06-12345678", status="ONG")
    with frozen_clock(dt.date(2026, 11, 20)):
        point = correct_contact_point(household, "MOB", "+31612345678")
    assert point.pk == imported.pk
    assert (point.value, point.status, point.preferred) == ("+31612345678", "GEV", True)
    assert household.contact_points.count() == 1


def test_not_checked_in_conversation_leaves_it_unverified(household):
    point = correct_contact_point(household, "EMA", "piet@example.nl", checked_in_conversation=False)
    assert (point.status, point.verified_at, point.preferred) == ("AAN", None, True)


def test_landlines_and_post_cannot_be_corrected_here(household):
    with pytest.raises(ValueError):
        correct_contact_point(household, "TEL", "0301234567")


# The form in the quick-log panel.


def _url(household):
    return reverse("contacts:correct_contact_details", args=[household.key])


def test_adding_both_from_the_prompt_ends_the_prompt(client_for, client, household):
    client_for("klantadviseur")
    page = client.get(reverse("tenants:household", args=[household.key])).content.decode()
    assert "E-mailadres of mobiel nummer aanpassen of toevoegen" in page
    response = client.post(_url(household), {"email": "piet@example.nl", "mobile": "06 12345678"})
    assert response.status_code == 302
    assert response.url == reverse("tenants:household", args=[household.key]) + "#contacts-panel"
    assert not contact_check(household)
    page = client.get(reverse("tenants:household", args=[household.key])).content.decode()
    assert "Contactgegevens opgeslagen en gemarkeerd als gecontroleerd." in page
    assert "06 12345678" in page  # shown readably on the tenant 360
    assert "E-mailadres of mobiel nummer aanpassen of toevoegen" not in page


def test_htmx_correction_returns_the_panel(client_for, client, household):
    factories.contact_point(household, "EMA", "oud@example.nl", preferred=True)
    client_for("incasso")
    response = client.post(_url(household), {"email": "nieuw@example.nl"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="panel contacts-panel" id="contacts-panel"')
    assert "Contactgegevens opgeslagen en gemarkeerd als gecontroleerd." in html
    assert household.contact_points.get(value="oud@example.nl").status == "ONG"


def test_htmx_errors_are_shown_in_the_panel_and_nothing_is_saved(client_for, client, household):
    client_for("klantadviseur")
    html = client.post(
        _url(household), {"email": "piet@example.nl", "mobile": "030 123 4567"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "De contactgegevens zijn niet opgeslagen" in html
    assert "Dit is geen mobiel nummer" in html
    assert 'value="030 123 4567"' in html
    assert not ContactPoint.objects.exists()  # the valid e-mail address is not saved either


def test_an_empty_form_asks_for_one_of_the_two(client_for, client, household):
    client_for("klantadviseur")
    html = client.post(_url(household), {"email": " ", "mobile": ""}, HTTP_HX_REQUEST="true").content.decode()
    assert "Vul een e-mailadres of een mobiel nummer in." in html


def test_without_javascript_errors_come_back_as_messages(client_for, client, household):
    client_for("klantadviseur")
    response = client.post(_url(household), {"mobile": "+32 470 12 34 56"}, follow=True)
    assert "Alleen Nederlandse mobiele nummers" in response.content.decode()
    assert not ContactPoint.objects.exists()


@pytest.mark.parametrize("role", ["beleid", "functioneel_beheer", "privacy_officer"])
def test_only_roles_that_log_contacts_may_correct_them(client_for, client, household, role):
    client_for(role)
    assert client.post(_url(household), {"email": "piet@example.nl"}).status_code == 403
    assert not ContactPoint.objects.exists()
