"""Tenant pages behind a one-tap link: GET shows, one POST registers, the confirmation says what next."""

import pytest
from django.core import mail
from django.test import Client

from nabij.actions.models import ActionLink, ActionResponse, LinkOpen
from nabij.casework.models import Callback, Case, DunningPause
from nabij.contacts.models import Signal
from nabij.tenants.models import ChannelPreference, ContactPoint
from tests.actions.conftest import personal_data

pytestmark = pytest.mark.django_db

KINDS = ["terugbellen", "betaalhulp", "hoe_gaat_het", "gegevens", "afmelden"]


@pytest.mark.parametrize("kind", KINDS)
def test_get_shows_one_question_without_personal_data_and_registers_nothing(client, home, make_link, kind):
    token = make_link(kind)
    response = client.get(f"/k/{token}")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<h1") == 1
    for value in personal_data(home):
        assert value not in page, value
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert client.head(f"/k/{token}").status_code == 200
    assert not ActionResponse.objects.exists()
    assert [o.method for o in LinkOpen.objects.order_by("id")] == ["GET", "HEAD"]
    assert Case.objects.count() == 0


def test_callback_is_booked_for_this_afternoon_and_said_so(client, home, make_link, clock_thursday):
    token = make_link("terugbellen")
    response = client.post(f"/k/{token}")
    assert response.status_code == 200
    page = response.content.decode()
    assert "We bellen je vandaag tussen 13:00 en 17:00 op het nummer dat we van je hebben." in page
    callback = Callback.objects.get(household=home)
    assert (callback.day_part, callback.case.kind, callback.case.source) == (
        "middag",
        "terugbellen",
        "klik-actie",
    )
    for value in personal_data(home):
        assert value not in page


def test_after_the_cut_off_the_page_honestly_names_the_next_working_day(client, home, make_link, settings):
    import datetime as dt

    from django.utils import timezone

    from nabij.core.clock import frozen_clock

    token = make_link("terugbellen")
    with frozen_clock(timezone.make_aware(dt.datetime(2026, 11, 27, 16, 0))):  # Friday after the cut-off
        page = client.post(f"/k/{token}").content.decode()
    assert "Vandaag lukt het helaas niet meer." in page
    assert "We bellen je op maandag 30 november tussen 09:00 en 12:00" in page


def test_second_tap_says_we_already_have_it_and_registers_once(client, home, make_link, clock_thursday):
    token = make_link("terugbellen")
    client.post(f"/k/{token}")
    again = client.post(f"/k/{token}")
    assert "We hebben je verzoek al" in again.content.decode()
    assert "We bellen je vandaag tussen 13:00 en 17:00" in again.content.decode()
    assert Callback.objects.count() == 1 and ActionResponse.objects.count() == 1
    # Opening the link again later shows the same, without registering anything.
    assert "We hebben je verzoek al" in client.get(f"/k/{token}").content.decode()
    assert Callback.objects.count() == 1


def test_another_number_is_validated_and_noted_on_the_case(client, home, make_link, clock_thursday):
    token = make_link("terugbellen")
    client.post(f"/k/{token}")
    wrong = client.post(f"/k/{token}/aanvulling", {"telefoon": "12345"})
    assert wrong.status_code == 400
    assert "Dit telefoonnummer klopt niet" in wrong.content.decode()
    ok = client.post(f"/k/{token}/aanvulling", {"telefoon": "020 123 4567"})
    assert "Dank je, we hebben het genoteerd." in ok.content.decode()
    response = ActionResponse.objects.get()
    assert response.other_phone == "+31201234567"
    case = Callback.objects.get().case
    assert "+31201234567 (niet gecontroleerd)" in case.events.get(kind="notitie").text
    # Not trusted as a contact point.
    assert not ContactPoint.objects.filter(value="+31201234567").exists()


def test_payment_help_opens_a_case_for_collection_and_pauses_dunning(client, home, make_link, clock_thursday):
    token = make_link("betaalhulp")
    page = client.post(f"/k/{token}").content.decode()
    case = Case.objects.get(kind="betaalhulp")
    assert (case.team, case.source, case.tenancy) == ("incasso", "klik-actie", home.tenancies.get())
    pause = DunningPause.objects.get(tenancy=home.tenancies.get())
    assert pause.is_active and pause.case == case
    assert "Iemand van ons team huurincasso belt je uiterlijk" in page
    assert "sturen we je geen herinneringen over de huur" in page
    # Optional: what is going on and the best time to call.
    client.post(
        f"/k/{token}/aanvulling", {"toelichting": "Mijn uren zijn minder geworden.", "beste_tijd": "ochtend"}
    )
    assert "Mijn uren zijn minder geworden." in case.events.get(kind="notitie").text


def test_a_best_time_that_is_not_one_of_the_choices_is_refused_and_nothing_is_kept(
    client, home, make_link, clock_thursday
):
    token = make_link("betaalhulp")
    client.post(f"/k/{token}")
    page = client.post(f"/k/{token}/aanvulling", {"toelichting": "Graag bellen.", "beste_tijd": "nacht"})
    assert "Kies ’s ochtends of ’s middags." in page.content.decode()
    assert not Case.objects.get(kind="betaalhulp").events.filter(kind="notitie").exists()


@pytest.mark.parametrize(
    ("answer", "polarity", "cases"),
    [("goed", "positief", 0), ("beter", "zorg", 0), ("hulp", "zorg", 1)],
)
def test_pulse_check_becomes_a_signal_and_help_a_follow_up_case(
    client, home, make_link, clock_thursday, answer, polarity, cases
):
    token = make_link("hoe_gaat_het")
    client.post(f"/k/{token}", {"antwoord": answer})
    signal = Signal.objects.get(household=home)
    assert signal.polarity == polarity
    assert Case.objects.filter(kind="opvolging_signaal").count() == cases
    if cases:
        assert Case.objects.get().signal == signal


def test_pulse_check_without_a_choice_registers_nothing(client, home, make_link):
    token = make_link("hoe_gaat_het")
    response = client.post(f"/k/{token}", {"antwoord": "misschien"})
    assert response.status_code == 400
    assert "Kies een van de drie knoppen." in response.content.decode()
    assert not Signal.objects.exists() and not ActionResponse.objects.exists()


def test_confirming_contact_details_marks_them_verified(client, home, make_link, clock_thursday):
    token = make_link("gegevens")
    client.post(f"/k/{token}")
    assert all(p.verified_at == clock_thursday for p in home.contact_points.all())


def test_a_new_email_address_is_trusted_only_after_its_link_is_tapped(
    client, home, make_link, clock_thursday, django_capture_on_commit_callbacks
):
    token = make_link("gegevens")
    assert client.get(f"/k/{token}/wijzigen").status_code == 200
    bad = client.post(f"/k/{token}/wijzigen", {"email": "anouk@"})
    assert bad.status_code == 400 and "Dit is geen geldig e-mailadres" in bad.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/k/{token}/wijzigen", {"email": "anouk@nieuw.nl", "mobiel": "06 87654321"})
    page = response.content.decode()
    assert "We hebben je een e-mail gestuurd op je nieuwe e-mailadres" in page
    assert "iemand van ons belt je daarvoor" in page
    assert not home.contact_points.filter(value__in=["anouk@nieuw.nl", "+31687654321"]).exists()
    (message,) = mail.outbox
    assert message.to == ["anouk@nieuw.nl"]
    verify_url = next(line for line in message.body.splitlines() if "/k/" in line)
    verify_token = verify_url.rsplit("/", 1)[1]
    client.get(f"/k/{verify_token}")
    assert not home.contact_points.filter(value="anouk@nieuw.nl").exists()
    client.post(f"/k/{verify_token}")
    point = home.contact_points.get(value="anouk@nieuw.nl")
    assert point.preferred and point.verified_at == clock_thursday


def test_opt_out_stops_campaigns_but_not_service_messages(client, home, make_link, clock_thursday):
    ChannelPreference.objects.create(
        household=home, purpose="service", channel="EMA", recorded_at=clock_thursday
    )
    token = make_link("afmelden")
    page = client.post(f"/k/{token}").content.decode()
    assert "Je bent afgemeld." in page
    assert not ChannelPreference.objects.get(household=home, purpose="campaign").consent
    assert ChannelPreference.objects.get(household=home, purpose="service").consent


def test_one_click_unsubscribe_needs_no_csrf_token_or_cookie(home, make_link):
    token = make_link("afmelden")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        f"/k/{token}/afmelden", "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert not ChannelPreference.objects.get(household=home, purpose="campaign").consent
    assert not response.cookies


def test_the_page_form_needs_its_csrf_token(home, make_link):
    token = make_link("betaalhulp")
    client = Client(enforce_csrf_checks=True)
    assert client.post(f"/k/{token}").status_code == 403
    assert not ActionResponse.objects.exists() and not DunningPause.objects.exists()
    page = client.get(f"/k/{token}")
    csrf = page.cookies["csrftoken"].value
    assert client.post(f"/k/{token}", {"csrfmiddlewaretoken": csrf}).status_code == 200
    assert DunningPause.objects.count() == 1


def test_tenant_pages_use_the_households_language(client, home, make_link):
    home.preferred_language = "ENG"
    home.save()
    response = client.get(f"/k/{make_link('terugbellen')}")
    assert '<html lang="en">' in response.content.decode()
    assert response["Content-Language"] == "en"


def test_tenant_pages_set_no_session(client, home, make_link, clock_thursday):
    token = make_link("terugbellen")
    client.get(f"/k/{token}")
    client.post(f"/k/{token}")
    assert "sessionid" not in client.cookies
    assert ActionLink.objects.get().response


def test_origin_null_from_no_referrer_is_accepted_but_a_foreign_origin_is_not(home, make_link):
    token = make_link("afmelden")
    client = Client(enforce_csrf_checks=True)
    csrf = client.get(f"/k/{token}").cookies["csrftoken"].value
    foreign = client.post(f"/k/{token}", {"csrfmiddlewaretoken": csrf}, HTTP_ORIGIN="https://evil.example")
    assert foreign.status_code == 403
    assert "Dat ging niet goed" in foreign.content.decode() and "088 123 45 67" in foreign.content.decode()
    assert not ActionResponse.objects.exists()
    ok = client.post(f"/k/{token}", {"csrfmiddlewaretoken": csrf}, HTTP_ORIGIN="null")
    assert ok.status_code == 200 and "Je bent afgemeld." in ok.content.decode()
