"""The case page's actions: call script with recent signals (health masked) and one-click outcomes,
payment arrangement, dunning pause extended and ended, referral with consent and its result, the
vroegsignalering steps; functioneel beheer edits call scripts and partners."""

import datetime as dt

import pytest
from django.urls import reverse

from nabij.casework.models import Arrangement, CallScript, Case, EarlySignalStep, Partner, Referral
from nabij.casework.services import change_status, open_case, save_call_script
from nabij.contacts.services import SignalInput, log_contact
from nabij.core.clock import frozen_clock
from tests import factories
from tests.casework.conftest import amsterdam

pytestmark = pytest.mark.django_db


@pytest.fixture
def incasso_case(household, tenancy):
    factories.monthly_rent(tenancy, dt.date(2026, 1, 1), months=3, paid_months=1)
    with frozen_clock(amsterdam(2026, 3, 16, 10)):
        case = open_case(household=household, kind="betaalhulp", team="incasso", source="x", tenancy=tenancy)
        change_status(case, "in_behandeling")
    return case


def test_call_script_shows_arrears_in_months_first_and_masks_health(client, household, incasso_case):
    save_call_script(
        "betaalhulp",
        empathy="Fijn dat we u spreken.",
        advice="Vraag naar inkomsten.",
        action="Stel een regeling voor.",
    )
    staff = factories.staff_user("klantadviseur")
    log_contact(household, staff, signals=[SignalInput(category="gezondheid", note="Operatie gehad")])
    log_contact(household, staff, signals=[SignalInput(category="inkomensdaling", note="Baan kwijt")])
    user = factories.staff_user("incasso")
    client.force_login(user)
    with frozen_clock(amsterdam(2026, 3, 16, 11)):
        html = client.get(reverse("casework:case", args=[incasso_case.pk])).content.decode()
    script = html[html.index('id="script-heading"') :]
    assert "Fijn dat we u spreken." in script and "Stel een regeling voor." in script
    assert script.index("2 maanden huur") < script.index("Recente signalen")
    assert "€" not in script[: script.index("Recente signalen")]  # not a scary amount first
    assert "Inkomensdaling" in script and "Baan kwijt" in script
    assert "Operatie" not in html and "Gezondheid" not in script  # incasso may not see health
    assert 'name="afronden-outcome" value="geen_hulp_nodig"' in script
    # One click closes the case with that outcome.
    response = client.post(
        reverse("casework:close", args=[incasso_case.pk]), {"afronden-outcome": "geen_hulp_nodig"}
    )
    assert response.status_code == 302
    incasso_case.refresh_from_db()
    assert (incasso_case.status, incasso_case.outcome) == ("afgerond", "geen_hulp_nodig")


def test_incasso_records_an_arrangement_with_clear_messages(client, incasso_case):
    client.force_login(factories.staff_user("incasso"))
    url = reverse("casework:arrangement", args=[incasso_case.pk])
    with frozen_clock(amsterdam(2026, 3, 16, 11)):
        response = client.post(
            url, {"regeling-status": "ACT", "regeling-instalment_count": "0", "regeling-instalment": "75,00"}
        )
        html = response.content.decode()
        assert response.status_code == 400
        assert (
            "Aantal termijnen: kies 1 tot en met 60." in html and "Eerste termijn op: kies een datum." in html
        )
        response = client.post(
            url,
            {
                "regeling-status": "ACT",
                "regeling-instalment_count": "6",
                "regeling-instalment": "75,50",
                "regeling-start_date": "2026-04-01",
            },
        )
    assert response.status_code == 302
    arrangement = Arrangement.objects.get()
    assert (arrangement.status, arrangement.instalment_count, arrangement.instalment_cents) == (
        "ACT",
        6,
        7550,
    )
    assert arrangement.agreed_on == dt.date(2026, 3, 16) and arrangement.total_cents == 45300
    assert incasso_case.events.filter(text__startswith="Betalingsregeling actief: 6 termijnen").exists()
    # The KCC does not record arrangements.
    client.force_login(factories.staff_user("klantadviseur"))
    assert client.post(url, {}).status_code == 403


def test_dunning_pause_is_started_extended_and_ended_from_the_case_page(client, incasso_case, tenancy):
    client.force_login(factories.staff_user("incasso"))
    url = reverse("casework:pause", args=[incasso_case.pk])
    with frozen_clock(amsterdam(2026, 3, 16, 11)):
        assert client.post(url, {"incassostop-action": "verlengen"}).status_code == 400  # nothing runs yet
        client.post(url, {"incassostop-action": "start", "incassostop-days": "30"})
        pause = tenancy.dunning_pauses.get()
        assert pause.until == dt.date(2026, 4, 15)
        html = client.get(reverse("casework:case", args=[incasso_case.pk])).content.decode()
        assert "De incasso staat stil tot en met 15 april 2026." in html
        client.post(url, {"incassostop-action": "verlengen", "incassostop-days": "14"})
        pause.refresh_from_db()
        assert pause.until == dt.date(2026, 4, 29)
        client.post(url, {"incassostop-action": "beeindigen"})
        pause.refresh_from_db()
        assert pause.ended_on == dt.date(2026, 3, 16) and not pause.is_active


def test_referral_with_consent_hand_over_and_result(client, incasso_case):
    partner = Partner.objects.create(name="Schuldhulp Utrecht", kind="schuldhulp", municipality="Utrecht")
    client.force_login(factories.staff_user("incasso"))
    url = reverse("casework:refer", args=[incasso_case.pk])
    response = client.post(url, {"doorverwijzing-partner": partner.pk})
    assert response.status_code == 400
    assert "Toestemming gegeven door: vul de naam in van wie toestemming gaf." in response.content.decode()
    with frozen_clock(amsterdam(2026, 3, 16, 11)):
        client.post(
            url,
            {
                "doorverwijzing-partner": partner.pk,
                "doorverwijzing-consent_given_by": "Piet Bakker (huurder)",
                "doorverwijzing-consent_purpose": "Achterstand en telefoonnummer delen met schuldhulp",
                "doorverwijzing-handover_note": "Belt liefst na 3 uur; inkomen is gedaald.",
            },
        )
    referral = Referral.objects.get()
    assert referral.consent_at == amsterdam(2026, 3, 16, 11) and referral.status == "overgedragen"
    incasso_case.refresh_from_db()
    assert incasso_case.status == "wacht_op_partner"
    result_url = reverse("casework:referral_result", args=[incasso_case.pk, referral.pk])
    response = client.post(result_url, {"resultaat-status": "afgerond"})
    assert "Resultaat: schrijf kort op" in response.content.decode()
    client.post(result_url, {"resultaat-status": "afgerond", "resultaat-result_note": "Budgetbeheer gestart"})
    referral.refresh_from_db()
    assert (referral.status, referral.result_note) == ("afgerond", "Budgetbeheer gestart")
    client.post(reverse("casework:close", args=[incasso_case.pk]), {"afronden-outcome": "doorverwezen"})
    assert Case.objects.get(pk=incasso_case.pk).outcome == "doorverwezen"


def test_vroegsignalering_steps_from_the_case_page(client, incasso_case, tenancy):
    client.force_login(factories.staff_user("incasso"))
    url = reverse("casework:early_step", args=[incasso_case.pk])
    client.post(url, {"stap": "schuldhulp_gewezen"})
    client.post(url, {"stap": "bezwaar"})
    assert set(EarlySignalStep.objects.filter(tenancy=tenancy).values_list("kind", flat=True)) == {
        "schuldhulp_gewezen",
        "bezwaar",
    }
    assert incasso_case.events.filter(text="Bezwaar tegen melding").exists()


def test_functioneel_beheer_edits_call_scripts_and_partners(client):
    user = factories.staff_user("functioneel_beheer")
    client.force_login(user)
    assert "Bewerk script Proactief contact" in client.get(reverse("casework:call_scripts")).content.decode()
    url = reverse("casework:call_script_edit", args=["proactief"])
    response = client.post(
        url, {"empathy": "Hoe gaat het met u?", "advice": "", "action": "Bied een gesprek aan."}
    )
    assert response.status_code == 400 and "Advies: vul een tekst in" in response.content.decode()
    client.post(
        url, {"empathy": "Hoe gaat het met u?", "advice": "Wijs op de toeslagen.", "action": "Bied hulp."}
    )
    script = CallScript.objects.get(kind="proactief")
    assert (script.advice, script.updated_by) == ("Wijs op de toeslagen.", user)
    response = client.post(reverse("casework:partners"), {"name": "", "kind": "wijkteam"})
    assert "Naam: vul de naam van de partner in." in response.content.decode()
    client.post(
        reverse("casework:partners"),
        {"name": "Wijkteam Noord", "kind": "wijkteam", "municipality": "Utrecht", "active": "on"},
    )
    partner = Partner.objects.get()
    client.post(
        reverse("casework:partner_edit", args=[partner.pk]), {"name": "Wijkteam Noord", "kind": "wijkteam"}
    )
    partner.refresh_from_db()
    assert not partner.active
    client.force_login(factories.staff_user("klantadviseur"))
    assert client.get(reverse("casework:call_scripts")).status_code == 403
