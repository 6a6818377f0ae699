"""The digital reachability page in a real browser: axe-core clean, bars drawn without JavaScript."""

import datetime as dt

import pytest

from tests import factories
from tests.e2e.test_quick_log import _log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_reachability_page_is_accessible(page, live_server, axe_check, artifacts_dir):
    recent = dt.datetime.now(dt.UTC) - dt.timedelta(days=30)
    for name, households, with_email in (("Overvecht", 12, 3), ("Lunetten", 10, 8), ("Rijnsweerd", 4, 4)):
        neighbourhood = factories.neighbourhood(name=name, district="Utrecht-Oost")
        for i in range(households):
            household = factories.household()
            factories.tenancy(household, factories.unit(neighbourhood=neighbourhood))
            if i < with_email:
                factories.contact_point(household, "EMA", f"h{household.pk}@example.nl", verified_at=recent)
    user = factories.staff_user("beleid")
    _log_in(page, live_server.url, user.username)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Bereikbaarheid").click()
    page.wait_for_url(f"{live_server.url}/bereikbaarheid/")
    table = page.get_by_role("table")
    assert "slechtst bereikbaar eerst" in table.locator("caption").inner_text()
    rows = table.locator("tbody tr")
    assert rows.nth(0).locator("th").inner_text() == "Overvecht"
    assert "25%" in rows.nth(0).inner_text()
    assert rows.nth(2).inner_text().count("<10") == 4
    axe_check(page, "reachability")
    page.screenshot(path=artifacts_dir / "reachability.png", full_page=True)
