"""Smoke test in a real browser: a klantadviseur logs in, finds a tenant and opens the tenant 360,
with the keyboard only; axe-core checks each page. And the search without JavaScript.

The screenshot for the README (docs/screenshot-tenant360.png) is refreshed with
`NABIJ_UPDATE_SCREENSHOT=1 make e2e`; every run saves its screenshots in test-artifacts/.
"""

import datetime as dt
import os

import pytest
from django.contrib.auth.models import User

from nabij.core.clock import frozen_clock
from nabij.ledger.models import Booking, PaymentArrangement
from nabij.tenants.models import ChannelPreference, Household, Person
from tests import factories
from tests.e2e.conftest import REPO_DIR

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TODAY = dt.date(2026, 11, 20)
PASSWORD = "a-long-test-password-1"  # the one factories.staff_user sets


def _utc(year, month, day):
    return dt.datetime(year, month, day, 10, 30, tzinfo=dt.UTC)


@pytest.fixture
def frozen_today():
    """The live server runs in a thread of this process, so the frozen clock holds there too."""
    with frozen_clock(TODAY):
        yield TODAY


@pytest.fixture
def klantadviseur() -> User:
    user = factories.staff_user("klantadviseur", username="sanne")
    user.first_name, user.last_name = "Sanne", "Bakker"
    user.save()
    return user


@pytest.fixture
def van_den_berg(frozen_today) -> Household:
    """A family in Utrecht-Lombok, two and a half months behind on rent, with mixed contact details."""
    lombok = factories.neighbourhood(name="Lombok", district="West", municipality="Utrecht")
    household = factories.household(
        "Berg", "Marloes", name_prefix="van den", composition=Household.Composition.FAMILY
    )
    Person.objects.create(
        id_extern="PER-E2E-2",
        household=household,
        first_name="Youssef",
        surname="El Idrissi",
        date_of_birth=dt.date(1982, 2, 9),
    )
    unit = factories.unit(
        street="Kanaalstraat",
        house_number=112,
        house_letter="B",
        postcode="3531CJ",
        city="Utrecht",
        neighbourhood=lombok,
    )
    tenancy = factories.tenancy(
        household, unit, id_extern="HO-2019-04417", start_date=dt.date(2019, 4, 1), gross_rent_cents=72450
    )
    # Rent from January; paid through August, half of September; two reminders sent.
    factories.monthly_rent(tenancy, dt.date(2026, 1, 1), months=11, paid_months=8)
    Booking.objects.create(
        tenancy=tenancy, kind="ONT", detail_kind="BAN", booking_date=dt.date(2026, 9, 24), amount_cents=36225
    )
    for day in (dt.date(2026, 9, 15), dt.date(2026, 10, 15)):
        Booking.objects.create(
            tenancy=tenancy, kind="VOR", detail_kind="AAN", booking_date=day, amount_cents=0
        )
    PaymentArrangement.objects.create(
        id_extern="BR-E2E-1",
        tenancy=tenancy,
        status=PaymentArrangement.Status.REQUESTED,
        agreed_on=dt.date(2026, 11, 18),
        start_date=dt.date(2026, 12, 1),
        amount_cents=181125,
        instalment_count=6,
    )
    factories.contact_point(
        household,
        "EMA",
        "marloes.vandenberg@example.nl",
        preferred=True,
        status="GEV",
        verified_at=_utc(2026, 10, 2),
    )
    factories.contact_point(household, "MOB", "06 18 27 36 45", verified_at=_utc(2024, 3, 11))
    factories.contact_point(household, "TEL", "030 293 84 75", verified_at=None)
    factories.contact_point(household, "EMA", "m.berg1984@example.com", status="ONG")
    ChannelPreference.objects.create(
        household=household, purpose="service", channel="EMA", consent=True, recorded_at=_utc(2025, 6, 3)
    )
    ChannelPreference.objects.create(
        household=household, purpose="campaign", channel="EMA", consent=False, recorded_at=_utc(2025, 6, 3)
    )
    # Neighbours whose surnames also start with "Berg", so the result list has more than one row.
    for surname, first, street, number in [
        ("Bergsma", "Hanneke", "Damstraat", 7),
        ("Bergman", "Tom", "Vleutenseweg", 201),
    ]:
        other = factories.household(surname, first)
        factories.tenancy(other, factories.unit(street=street, house_number=number, postcode="3531BV"))
    return household


def _log_in_with_keyboard(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/inloggen/")
    assert page.evaluate("document.activeElement.id") == "id_username"  # autofocus
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{base_url}/", f"login did not reach the start page: {page.url}"


def _tab_to(page, predicate_js: str, limit: int = 30) -> None:
    """Press Tab until the focused element matches the JavaScript predicate `el => bool`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"({predicate_js})(document.activeElement)"):
            return
    raise AssertionError(f"no focusable element matched {predicate_js} within {limit} Tabs")


def test_klantadviseur_finds_a_tenant_with_the_keyboard(
    page, live_server, klantadviseur, van_den_berg, axe_check, artifacts_dir
):
    base = live_server.url

    page.goto(f"{base}/inloggen/")
    axe_check(page, "login")
    page.screenshot(path=artifacts_dir / "login.png")
    _log_in_with_keyboard(page, base, klantadviseur.username)
    axe_check(page, "home")

    page.goto(f"{base}/zoeken/")
    # The field has autofocus; step away from it, then "/" brings the focus back (nabij.js).
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.id") != "id_q"
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "id_q"
    assert page.input_value("#id_q") == "", "the shortcut key must not end up in the field"

    # Marks this document: a full page load would lose it, an HTMX swap keeps it.
    page.evaluate("window.__sameDocument = true")
    page.keyboard.type("van den Berg")
    with page.expect_response(lambda r: r.url.endswith("/zoeken/") and r.request.method == "POST") as posted:
        page.keyboard.press("Enter")
    assert posted.value.request.headers.get("hx-request") == "true"
    page.locator("#results table.results").wait_for()
    assert page.evaluate("window.__sameDocument === true"), "the search reloaded the whole page"
    assert page.url == f"{base}/zoeken/", "the query must not appear in the URL"
    results = page.locator("#results").inner_text()
    assert "3 huishoudens gevonden" in results
    assert "Marloes van den Berg" in results
    assert "Kanaalstraat 112B, 3531 CJ Utrecht" in results
    axe_check(page, "search-results")
    page.screenshot(path=artifacts_dir / "search-results.png")

    _tab_to(page, "el => el.tagName === 'A' && el.textContent.includes('Marloes van den Berg')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert f"/huishoudens/{van_den_berg.key}/" in page.url

    main = page.locator("main").inner_text()
    assert "Fam. van den Berg" in page.locator("h1").inner_text()
    assert "Kanaalstraat 112B, 3531 CJ Utrecht" in main
    assert "Achterstand: 2,5 maanden huur" in main
    assert "€ 1.811,25" in main
    assert "Gecontroleerd 2 oktober 2026" in main
    assert "Laatst gecontroleerd 11 maart 2024 — opnieuw controleren" in main
    assert "Niet gecontroleerd" in main
    assert "Ongeldig" in main
    axe_check(page, "tenant360")
    page.screenshot(path=artifacts_dir / "tenant360.png")
    page.screenshot(path=artifacts_dir / "tenant360-full.png", full_page=True)
    if os.environ.get("NABIJ_UPDATE_SCREENSHOT"):
        page.screenshot(path=REPO_DIR / "docs" / "screenshot-tenant360.png")


def test_search_works_without_javascript(page_without_js, live_server, klantadviseur, van_den_berg):
    page, base = page_without_js, live_server.url
    page.goto(f"{base}/inloggen/")
    page.fill("#id_username", klantadviseur.username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.press("#id_password", "Enter")
    assert page.url == f"{base}/"

    page.goto(f"{base}/zoeken/")
    page.fill("#id_q", "Berg")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Zoeken").click()
    response = navigation.value
    assert response.request.method == "POST"
    assert response.request.headers.get("hx-request") is None
    assert page.url == f"{base}/zoeken/"
    # A full page: layout, the form with the query kept, and the results.
    assert page.locator("h1").inner_text() == "Huurder zoeken"
    assert page.input_value("#id_q") == "Berg"
    results = page.locator("#results").inner_text()
    assert "3 huishoudens gevonden" in results
    assert "Marloes van den Berg" in results

    page.click("text=Marloes van den Berg")
    assert "Achterstand: 2,5 maanden huur" in page.locator("main").inner_text()
