"""Correcting contact details from the check in the quick-log panel: HTMX swap, errors axe-core clean."""

import pytest

from tests import factories
from tests.e2e.test_quick_log import _log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_add_a_mobile_number_in_the_conversation(page, live_server, axe_check):
    household = factories.household("Visser", "Anouk")
    factories.tenancy(household, factories.unit())
    user = factories.staff_user("klantadviseur")
    _log_in(page, live_server.url, user.username)
    page.goto(f"{live_server.url}/huishoudens/{household.key}/")
    panel = page.locator("#contacts-panel")
    page.fill("#contact-mobile", "030 123 4567")
    page.get_by_role("button", name="Vastleggen als gecontroleerd").click()
    panel.get_by_role("alert").wait_for()
    assert "Dit is geen mobiel nummer" in panel.get_by_role("alert").inner_text()
    axe_check(page, "tenant360-contact-details-error")
    page.fill("#contact-mobile", "06-12345678")
    page.get_by_role("button", name="Vastleggen als gecontroleerd").click()
    panel.locator(".status-ok").wait_for()
    assert household.contact_points.get().value == "+31612345678"
    page.reload()
    assert "06 12345678" in page.locator("#contact-heading + ul").inner_text()
