"""One-tap links in real Chromium on a phone-sized screen: from the link to the confirmation in exactly one
tap, with JavaScript on and off; axe-core finds nothing serious on any tenant page; screenshots of every
page in test-artifacts/. And the scanner test: GET, HEAD and a headless browser that runs the page's
scripts register nothing."""

import datetime as dt

import pytest
from django.utils import timezone

from nabij.actions import services
from nabij.actions.models import ActionResponse, LinkOpen
from nabij.casework.models import Callback, Case, DunningPause
from nabij.contacts.models import Signal
from nabij.core.clock import frozen_clock
from nabij.tenants.models import ChannelPreference, ContactPoint
from tests import factories
from tests.e2e.conftest import _close, _new_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
THURSDAY_1130 = timezone.make_aware(dt.datetime(2026, 11, 26, 11, 30))


@pytest.fixture
def clock():
    with frozen_clock(THURSDAY_1130):
        yield


@pytest.fixture
def home():
    household = factories.household("Visser", "Anouk")
    factories.tenancy(household, factories.unit(street="Kastanjelaan"))
    factories.contact_point(household, "EMA", "anouk.visser@example.nl", preferred=True)
    factories.contact_point(household, "MOB", "+31612345678", preferred=True)
    return household


@pytest.fixture(params=[True, False], ids=["js", "nojs"])
def phone(request, browser):
    context, page = _new_page(browser, java_script_enabled=request.param, **PHONE)
    page.js = request.param
    yield page
    _close(request, context, page)


@pytest.fixture
def check(browser, axe_check, artifacts_dir):
    """Screenshot and axe-core for the page as the phone shows it. axe-core is JavaScript: for a page shown
    with JavaScript off, the very HTML the server sent is replayed at the same URL in a JavaScript-enabled
    phone (stylesheets load from the server as usual) and checked there."""

    def run(phone, name: str) -> None:
        phone.screenshot(path=artifacts_dir / f"{name}.png", full_page=True)
        if phone.js:
            axe_check(phone, name)
            return
        html, url = phone.content(), phone.url
        context, page = _new_page(browser, **PHONE)
        try:
            page.route(url, lambda route: route.fulfill(status=200, body=html, content_type="text/html"))
            page.goto(url)
            axe_check(page, name)
        finally:
            context.close()

    return run


# (kind, the one button to tap, what the confirmation says, what is in the database afterwards)
WALKS = [
    (
        "terugbellen",
        "Ja, bel mij",
        "We bellen je vandaag tussen 13:00 en 17:00",
        lambda: Callback.objects.filter(day_part="middag").count() == 1,
    ),
    (
        "betaalhulp",
        "Ja, ik wil hulp",
        "Iemand van ons team huurincasso belt je uiterlijk",
        lambda: Case.objects.filter(kind="betaalhulp").count() == 1 and DunningPause.objects.count() == 1,
    ),
    (
        "hoe_gaat_het",
        "Ik kan hulp gebruiken",
        "Iemand van ons neemt contact met je op",
        lambda: (
            Signal.objects.filter(polarity="zorg").count() == 1
            and Case.objects.filter(kind="opvolging_signaal").count() == 1
        ),
    ),
    (
        "gegevens",
        "Ja, mijn gegevens kloppen",
        "We hebben genoteerd dat je gegevens kloppen",
        lambda: all(p.verified_at for p in ContactPoint.objects.all()),
    ),
    (
        "afmelden",
        "Ja, meld mij af",
        "Je bent afgemeld.",
        lambda: ChannelPreference.objects.get(purpose="campaign").consent is False,
    ),
]


@pytest.mark.parametrize(("kind", "button", "confirmation", "registered"), WALKS, ids=[w[0] for w in WALKS])
def test_from_link_to_confirmation_in_one_tap(
    phone, live_server, home, clock, check, kind, button, confirmation, registered
):
    mode = "js" if phone.js else "nojs"
    _link, token = services.create_link(household=home, kind=kind)
    phone.goto(f"{live_server.url}/k/{token}")
    assert phone.locator("h1").count() == 1
    tap = phone.get_by_role("button", name=button)
    box = tap.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 300  # a big target on a 390 px wide screen
    check(phone, f"one-tap-{kind}-{mode}-1-question")
    assert not ActionResponse.objects.exists()

    with phone.expect_navigation():
        tap.tap()  # the one tap

    assert confirmation in phone.locator("main").inner_text()
    check(phone, f"one-tap-{kind}-{mode}-2-confirmation")
    assert ActionResponse.objects.filter(link__household=home, kind=kind).count() == 1
    assert registered()
    # No personal data on either page.
    text = phone.content()
    for value in ("Visser", "Anouk", "Kastanjelaan", "anouk.visser@example.nl", "612345678"):
        assert value not in text

    # Opening the link again: "we already have your request", nothing registered twice.
    phone.goto(f"{live_server.url}/k/{token}")
    assert "We hebben je verzoek al" in phone.locator("h1").inner_text()
    check(phone, f"one-tap-{kind}-{mode}-3-again")
    assert ActionResponse.objects.count() == 1


def test_optional_other_number_and_the_problem_pages(phone, live_server, home, clock, check, settings):
    mode = "js" if phone.js else "nojs"
    _link, token = services.create_link(household=home, kind="terugbellen")
    phone.goto(f"{live_server.url}/k/{token}")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Ja, bel mij").tap()
    phone.fill("#telefoon", "12345")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Doorgeven").tap()
    assert "Dit telefoonnummer klopt niet" in phone.get_by_role("alert").inner_text()
    check(phone, f"one-tap-other-number-{mode}-error")
    phone.fill("#telefoon", "06 87654321")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Doorgeven").tap()
    assert "Dank je, we hebben het genoteerd." in phone.locator("main").inner_text()
    assert ActionResponse.objects.get().other_phone == "+31687654321"

    # The form for new contact details, and the friendly pages for unknown and expired links.
    _link, details = services.create_link(household=home, kind="gegevens")
    phone.goto(f"{live_server.url}/k/{details}")
    with phone.expect_navigation():
        phone.get_by_role("link", name="Nee, ik heb een nieuw e-mailadres of nummer").tap()
    check(phone, f"one-tap-change-details-{mode}")
    # The page of the link that confirms a new e-mail address (it arrives at that address).
    _link, verify = services.create_link(
        household=home, kind="email_bevestigen", payload={"email": "a@nieuw.nl"}
    )
    phone.goto(f"{live_server.url}/k/{verify}")
    assert "a@nieuw.nl" not in phone.content()
    check(phone, f"one-tap-verify-email-{mode}")
    response = phone.goto(f"{live_server.url}/k/{'A' * 22}")
    assert response.status == 404 and "088 123 45 67" in phone.locator("main").inner_text()
    check(phone, f"one-tap-unknown-{mode}")
    with frozen_clock(THURSDAY_1130 - dt.timedelta(days=30)):
        _link, old = services.create_link(household=home, kind="betaalhulp")
    response = phone.goto(f"{live_server.url}/k/{old}")
    assert response.status == 410 and "Deze link werkt niet meer" in phone.locator("h1").inner_text()
    check(phone, f"one-tap-expired-{mode}")
    settings.NABIJ_ACTION_RATE_PER_LINK = 1
    phone.goto(f"{live_server.url}/k/{verify}")
    response = phone.goto(f"{live_server.url}/k/{verify}")
    assert response.status == 429 and "Even geduld" in phone.locator("h1").inner_text()
    check(phone, f"one-tap-busy-{mode}")


def test_scanners_register_nothing(browser, live_server, home, clock, request):
    """Every kind of link fetched as a mail scanner would: GET, HEAD, and a headless browser that loads the
    page, runs its scripts and waits until the network is idle."""
    tokens = [services.create_link(household=home, kind=kind)[1] for kind, *_ in WALKS]
    tokens.append(
        services.create_link(household=home, kind="email_bevestigen", payload={"email": "a@nieuw.nl"})[1]
    )
    context, page = _new_page(browser, **PHONE)
    try:
        for token in tokens:
            url = f"{live_server.url}/k/{token}"
            assert page.request.get(url).status == 200
            assert page.request.head(url).status == 200
            page.goto(url, wait_until="networkidle")
            page.wait_for_timeout(300)  # let deferred scripts and any timers run
            page.reload(wait_until="networkidle")
    finally:
        _close(request, context, page)
    assert ActionResponse.objects.count() == 0
    assert DunningPause.objects.count() == 0
    assert Case.objects.count() == 0 and Callback.objects.count() == 0 and Signal.objects.count() == 0
    assert not ChannelPreference.objects.exists()
    assert all(p.verified_at is None for p in ContactPoint.objects.all())
    assert not ContactPoint.objects.filter(value="a@nieuw.nl").exists()
    assert LinkOpen.objects.count() == len(tokens) * 4
