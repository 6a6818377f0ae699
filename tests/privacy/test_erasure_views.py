"""The privacy officers' erasure pages: one requests, another confirms; the same person is refused with a
message that says why."""

import pytest
from django.urls import reverse

from nabij.privacy.models import AccessLogEntry, ErasureRequest
from nabij.tenants.models import Household
from tests import factories

pytestmark = pytest.mark.django_db


def test_request_then_confirm_by_a_colleague(client):
    household = factories.household("Oosterbroekstra")
    first = factories.staff_user("privacy_officer")
    second = factories.staff_user("privacy_officer")

    client.force_login(first)
    page = client.get(reverse("privacy:subject_access_household", args=[household.key])).content.decode()
    assert "Verwijderen aanvragen" in page
    response = client.post(
        reverse("privacy:erasure_request", args=[household.key]),
        {"reason": "verzoek", "reference": "AVG-7"},
        follow=True,
    )
    assert "Een andere privacy officer moet het bevestigen" in response.content.decode()
    request = ErasureRequest.objects.get()
    assert (request.household_id, request.requested_by, request.status) == (
        household.pk,
        first,
        "aangevraagd",
    )

    refused = client.post(reverse("privacy:erasure_confirm", args=[request.pk]), follow=True).content.decode()
    assert "Je hebt dit verzoek zelf ingediend. Een andere privacy officer moet het bevestigen" in refused
    assert Household.objects.get(pk=household.pk).name == "Fam. Oosterbroekstra"

    client.force_login(second)
    listing = client.get(reverse("privacy:erasure_requests")).content.decode()
    assert "AVG-7" in listing and "Oosterbroekstra" not in listing  # the list itself shows no personal data
    done = client.post(reverse("privacy:erasure_confirm", args=[request.pk]), follow=True).content.decode()
    assert "De persoonsgegevens van het huishouden zijn verwijderd." in done
    assert Household.objects.get(pk=household.pk).name == "Verwijderd huishouden"
    request.refresh_from_db()
    assert request.status == "uitgevoerd" and request.decided_by == second

    logged = AccessLogEntry.objects.filter(household_id=household.pk).values_list("user", "what")
    assert (first.pk, "erasure requested") in logged and (second.pk, "erasure confirmed") in logged


def test_withdraw_and_bad_input(client, client_for):
    household = factories.household("Jansen")
    client_for("privacy_officer")
    bad = client.post(reverse("privacy:erasure_request", args=[household.key]), {"reason": "x"}, follow=True)
    assert "Kies een reden" in bad.content.decode()
    named = client.post(
        reverse("privacy:erasure_request", args=[household.key]),
        {"reason": "verzoek", "reference": "jansen@example.nl"},
        follow=True,
    )
    assert "geen e-mailadres of naam" in named.content.decode()
    assert not ErasureRequest.objects.exists()

    client.post(reverse("privacy:erasure_request", args=[household.key]), {"reason": "bezwaar"})
    request = ErasureRequest.objects.get()
    client.post(reverse("privacy:erasure_withdraw", args=[request.pk]))
    request.refresh_from_db()
    assert request.status == "ingetrokken"
    assert Household.objects.get(pk=household.pk).name == "Fam. Jansen"


@pytest.mark.parametrize("role", ["klantadviseur", "teamleider", "functioneel_beheer"])
def test_other_roles_cannot_request_or_confirm(client, client_for, role):
    household = factories.household("Jansen")
    officer = factories.staff_user("privacy_officer")
    request = ErasureRequest.objects.create(
        household_id=household.pk,
        reason="verzoek",
        requested_by=officer,
        requested_at="2026-11-27T10:00:00+01:00",
    )
    client_for(role)
    assert (
        client.post(
            reverse("privacy:erasure_request", args=[household.key]), {"reason": "verzoek"}
        ).status_code
        == 403
    )
    assert client.get(reverse("privacy:erasure_requests")).status_code == 403
    assert client.post(reverse("privacy:erasure_confirm", args=[request.pk])).status_code == 403
    assert client.post(reverse("privacy:erasure_withdraw", args=[request.pk])).status_code == 403
    request.refresh_from_db()
    assert request.status == "aangevraagd"
