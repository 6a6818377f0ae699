"""Quick contact logging on the tenant 360 with the keyboard only: at most 3 interactions after the page
opened, saved with HTMX (no page load), and axe-core clean with the panel open. And without JavaScript."""

import pytest

from nabij.contacts.models import Contact, Signal
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
def household():
    household = factories.household("Visser", "Anouk")
    factories.tenancy(household, factories.unit(street="Oudegracht", house_number=12))
    return household


def test_log_a_contact_with_a_signal_in_three_keystrokes(
    page, live_server, household, axe_check, artifacts_dir
):
    user = factories.staff_user("klantadviseur")
    base = live_server.url
    _log_in(page, base, user.username)
    url = f"{base}/huishoudens/{household.key}/"
    page.goto(url)
    assert "Nog geen contacten vastgelegd." in page.locator("#contacts-panel").inner_text()
    navigations = page.evaluate("performance.getEntriesByType('navigation').length")
    page.evaluate("window.__sameDocument = true")

    # (1) "c" focuses the quick-log form's category chips.
    page.keyboard.press("c")
    assert page.evaluate("document.activeElement.name") == "category"
    axe_check(page, "tenant360-quick-log")
    # (2) An arrow key picks the first category, as radio buttons do natively.
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.value") == "betaalzorgen"
    assert page.locator("input[name=category][value=betaalzorgen]").is_checked()
    # (3) Enter saves, with HTMX.
    with page.expect_response(lambda r: r.url.endswith("/contact/") and r.request.method == "POST") as posted:
        page.keyboard.press("Enter")
    assert posted.value.request.headers.get("hx-request") == "true"
    page.locator("#contacts-panel .status-ok").wait_for()

    assert page.evaluate("window.__sameDocument === true"), "saving reloaded the whole page"
    assert page.evaluate("performance.getEntriesByType('navigation').length") == navigations
    assert page.url == url
    history = page.locator("#contacts-history").inner_text()
    assert "Betaalzorgen" in history
    assert "Telefoon, inkomend" in history
    contact = Contact.objects.get()
    assert (contact.household, contact.created_by, contact.signals.get().category) == (
        household,
        user,
        "betaalzorgen",
    )
    axe_check(page, "tenant360-after-quick-log")
    page.screenshot(path=artifacts_dir / "tenant360-quick-log.png", full_page=True)


def test_quick_log_works_without_javascript(page_without_js, live_server, household):
    page, base = page_without_js, live_server.url
    user = factories.staff_user("incasso")
    _log_in(page, base, user.username)
    url = f"{base}/huishoudens/{household.key}/"
    page.goto(url)
    page.check("input[name=category][value=positief]")
    page.fill("#id_note", "Heeft nieuw werk gevonden")
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan").click()
    assert page.url == url + "#contacts-panel"
    assert "Contact vastgelegd." in page.locator("main").inner_text()
    assert "Heeft nieuw werk gevonden" in page.locator("#contacts-history").inner_text()
    assert Signal.objects.get().polarity == "positief"
