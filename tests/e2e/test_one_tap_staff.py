"""The Klik-acties panel on the tenant 360: make a link to copy (HTMX), e-mail one, and see the tenant's
registration appear; axe-core clean."""

import re

import pytest
from django.core import mail

from nabij.actions.models import ActionLink
from tests import factories
from tests.e2e.test_quick_log import _log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_copy_and_email_a_link_and_see_the_registration(page, live_server, axe_check, artifacts_dir):
    household = factories.household("Visser", "Anouk")
    factories.tenancy(household, factories.unit())
    factories.contact_point(household, "EMA", "anouk.visser@example.nl", preferred=True)
    user = factories.staff_user("incasso")
    _log_in(page, live_server.url, user.username)
    page.goto(f"{live_server.url}/huishoudens/{household.key}/")
    panel = page.locator("#actions-panel")
    panel.get_by_label("Welke link stuur je de huurder?").select_option("betaalhulp")
    panel.get_by_role("button", name="Maak link om te kopiëren").click()
    field = panel.get_by_label("Link voor de huurder")
    field.wait_for()
    url = field.input_value()
    assert re.fullmatch(r"http://localhost:\d+/k/[A-Za-z0-9_-]{22}", url)
    axe_check(page, "tenant360-actions-panel-link")
    page.screenshot(path=artifacts_dir / "tenant360-actions-panel-link.png", full_page=True)

    panel.get_by_label("Welke link stuur je de huurder?").select_option("terugbellen")
    panel.get_by_role("button", name="Mail de link").click()
    panel.get_by_text("is gemaild naar de huurder").wait_for()
    assert mail.outbox[-1].to == ["anouk.visser@example.nl"]
    assert ActionLink.objects.filter(kind="terugbellen", sent_at__isnull=False).count() == 1

    # The tenant taps the copied link (another browser context, no login); staff see it at once.
    tenant = page.context.browser.new_context()
    tenant_page = tenant.new_page()
    tenant_page.goto(url)
    tenant_page.get_by_role("button", name="Ja, ik wil hulp").click()
    tenant_page.get_by_text("Gelukt, dank je wel").wait_for()
    tenant.close()
    page.reload()
    assert "Hulp bij betalen" in page.locator("#actions-panel .action-responses").inner_text()
    axe_check(page, "tenant360-actions-panel-registration")
