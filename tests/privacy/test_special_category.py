"""Health signals (GDPR art. 9) are shown only to roles with VIEW_SPECIAL_SIGNALS, through every route —
pages, HTMX partials, exports, search — and every time they are shown it is in the access log."""

import pytest
from django.test import Client
from django.urls import reverse

from nabij.casework.models import Case
from nabij.contacts import services
from nabij.privacy.matrix import fetch_every_url
from nabij.privacy.models import AccessLogEntry
from tests import factories

pytestmark = pytest.mark.django_db

HEALTH_NOTE = "Heeft COPD en kan de trap niet meer op"
CONTACT_NOTE = "Vertelde over de longziekte en de ziekenhuisopnames"


@pytest.fixture
def household():
    household = factories.household("Zorgvuldig")
    factories.tenancy(household, factories.unit())
    services.log_contact(
        household,
        None,
        note=CONTACT_NOTE,
        # Urgent and to be followed up (with consent): casework opens a case for it, so case pages are
        # walked with real content too.
        signals=[
            services.SignalInput(
                "gezondheid", urgency="hoog", follow_up_wanted=True, consent=True, note=HEALTH_NOTE
            )
        ],
    )
    return household


def samples_for(household) -> dict:
    case = Case.objects.filter(household=household).first()
    return {"key": household.key, "pk": case.pk if case else 999_999}


def leaks(body: bytes) -> bool:
    text = body.decode("utf-8", errors="replace")
    return any(secret in text for secret in (HEALTH_NOTE, CONTACT_NOTE, "COPD", "longziekte"))


@pytest.mark.parametrize("role", ["klantadviseur", "incasso", "beleid", "functioneel_beheer", None])
def test_no_route_gives_health_content_to_a_role_without_the_permission(household, role):
    user = factories.staff_user(role)
    samples = samples_for(household)
    assert samples["pk"] != 999_999, "the urgent health signal should have opened a case"
    seen = []
    for headers in (None, {"HX-Request": "true"}):  # full pages and HTMX partials
        for name, method, url, response in fetch_every_url(user, samples=samples, headers=headers):
            seen.append(name)
            body = b"".join(response) if response.streaming else response.content
            assert not leaks(body), f"{name} ({method.upper()} {url}) shows health content to {role}"
    assert {"tenants:household", "contacts:log", "monitor:csv", "tenants:search"} <= set(seen)

    client = _client(user)
    # Search by what the note says finds nothing, and the results never carry it.
    for query in ("COPD", "Zorgvuldig"):
        response = client.post(reverse("tenants:search"), {"q": query}, headers={"HX-Request": "true"})
        assert not leaks(response.content)
    assert not AccessLogEntry.objects.filter(what="health signal").exists()


def test_a_customer_adviser_sees_that_a_signal_is_hidden_not_what_it_says(household):
    html = _client(factories.staff_user("klantadviseur")).get(
        reverse("tenants:household", args=[household.key])
    )
    assert "Afgeschermd signaal" in html.content.decode()
    assert not leaks(html.content)


def test_every_time_an_allowed_role_sees_health_content_it_is_in_the_access_log(household):
    consultant = factories.staff_user("wijkconsulent")
    client = _client(consultant)
    page = client.get(reverse("tenants:household", args=[household.key]))
    assert HEALTH_NOTE in page.content.decode()
    # The contacts panel as an HTMX partial (a quick-log form sent without a category re-renders it).
    partial = client.post(reverse("contacts:log", args=[household.key]), {}, headers={"HX-Request": "true"})
    assert HEALTH_NOTE in partial.content.decode()

    logged = AccessLogEntry.objects.filter(user=consultant, household_id=household.id, what="health signal")
    assert logged.count() == 2
    # ... and the log itself holds no health content.
    for entry in AccessLogEntry.objects.all():
        assert not leaks(" ".join(str(v) for v in vars(entry).values()).encode())

    lead = factories.staff_user("teamleider")
    csv = _client(lead).get(reverse("monitor:csv"))
    assert csv.status_code == 200 and not leaks(csv.content)
    assert AccessLogEntry.objects.filter(user=lead, action="export", what="monitor csv").count() == 1


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client
