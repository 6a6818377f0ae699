"""The developments monitor in a real browser as beleid: charts, tables and filters, axe-core clean."""

import datetime as dt

import pytest
from django.utils import timezone

from nabij.contacts.models import Development, Signal
from nabij.core import clock
from tests import factories
from tests.e2e.test_tenant_search import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _log_in(page, base, username):
    page.goto(f"{base}/inloggen/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.press("#id_password", "Enter")


@pytest.fixture
def signals():
    """Enough households for visible numbers, a small (suppressed) cell and a development."""
    today = clock.today()
    monday = today - dt.timedelta(days=today.weekday())
    lombok = factories.neighbourhood(name="Lombok")
    oog = factories.neighbourhood(name="Oog in Al")
    households = [factories.household(f"Huis{i}") for i in range(14)]
    now = timezone.now()
    for weeks_ago, area, chosen in [
        (0, lombok, households[:12]),
        (0, oog, households[12:]),
        (3, lombok, households),
    ]:
        for household in chosen:
            Signal.objects.create(
                household=household,
                category="energiekosten",
                created_at=now,
                week_start=monday - dt.timedelta(weeks=weeks_ago),
                neighbourhood=area,
                process="telefonie",
            )
    Development.objects.create(
        title="Energieprijzen omhoog", date=monday - dt.timedelta(weeks=2), created_at=now
    )


def test_monitor_is_readable_and_accessible(page, live_server, signals, axe_check, artifacts_dir):
    user = factories.staff_user("beleid")
    base = live_server.url
    _log_in(page, base, user.username)
    page.get_by_role("link", name="Monitor", exact=True).click()
    page.wait_for_url(f"{base}/monitor/")
    assert page.get_by_role("heading", name="Ontwikkelingenmonitor").is_visible()
    energy_chart = "Staafdiagram: huishoudens per week met een signaal over Energiekosten"
    assert page.get_by_role("img", name=energy_chart).count() == 1
    area = page.locator("#area-table").inner_text()  # fetched by HTMX after the page has loaded
    assert "Lombok" in area and "<10" in area
    assert "Energieprijzen omhoog" in page.locator(".developments").inner_text()
    page.locator(".monitor-table summary").click()
    axe_check(page, "monitor")
    page.screenshot(path=artifacts_dir / "monitor.png", full_page=True)

    page.select_option("#id_categorie", "energiekosten")
    with page.expect_navigation():
        page.get_by_role("button", name="Toon").click()
    assert "categorie=energiekosten" in page.url
    assert page.locator(".chart-card").count() == 1
    axe_check(page, "monitor-filtered")


def test_neighbourhood_table_is_one_link_away_without_javascript(page_without_js, live_server, signals):
    page = page_without_js
    user = factories.staff_user("beleid")
    base = live_server.url
    _log_in(page, base, user.username)
    page.goto(f"{base}/monitor/?categorie=energiekosten")
    assert page.locator("#area-table").count() == 0
    with page.expect_navigation():
        page.get_by_role("link", name="Toon de tabel per buurt").click()
    area = page.locator("#area-table").inner_text()
    assert "Lombok" in area and "Energiekosten" in area and "Betaalzorgen" not in area
    with page.expect_navigation():
        page.get_by_role("link", name="Terug naar de monitor").click()
    assert "categorie=energiekosten" in page.url
