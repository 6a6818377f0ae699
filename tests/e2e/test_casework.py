"""A KCC colleague works the queue in a real browser: "Volgende zaak" opens the case due first, a call is
logged as a contact, the outcome is recorded, and the case has left the queue. axe-core finds no serious
or critical violations on the queue and the case page."""

import pytest

from nabij.casework.models import Case
from nabij.casework.services import book_callback, open_case
from nabij.core.clock import frozen_clock
from tests import factories
from tests.casework.conftest import amsterdam
from tests.e2e.test_tenant_search import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _log_in(page, base, username):
    page.goto(f"{base}/inloggen/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.press("#id_password", "Enter")


def test_kcc_takes_the_next_case_calls_records_the_outcome_and_the_case_leaves_the_queue(
    page, live_server, axe_check, artifacts_dir
):
    first = factories.household("Bakker", "Sanne")
    factories.tenancy(first, factories.unit(street="Oudegracht", house_number=3))
    second = factories.household("Jansen", "Kees")
    with frozen_clock(amsterdam(2026, 3, 2, 9, 0)):
        callback = book_callback(household=first, source="klik-actie", phone_note="Liefst voor 11 uur")
    later = open_case(household=second, kind="proactief", team="klantcontact", source="medewerker")
    open_case(household=second, kind="betaalhulp", team="incasso", source="medewerker", summary="Van incasso")
    user = factories.staff_user("klantadviseur")
    base = live_server.url

    _log_in(page, base, user.username)
    page.goto(f"{base}/zaken/")
    queue = page.locator("main")
    assert "Wachtrij Klantcontact" in queue.inner_text()
    assert "Van incasso" not in queue.inner_text()
    assert page.locator(".site-header .nav-count").first.inner_text().startswith("2")
    axe_check(page, "casework-queue")
    page.screenshot(path=artifacts_dir / "casework-queue.png", full_page=True)

    # "Volgende zaak" takes the case due first (the callback, overdue by now) and opens it.
    with page.expect_navigation():
        page.get_by_role("button", name="Volgende zaak").click()
    assert page.url.endswith(f"/zaken/{callback.case_id}/")
    assert "Terugbellen: Fam. Bakker" in page.locator("h1").inner_text()
    assert "Liefst voor 11 uur" in page.locator("main").inner_text()
    axe_check(page, "casework-case")

    # The call: outgoing by phone, reached.
    page.select_option("#id_poging-channel", "TEL")
    page.select_option("#id_poging-direction", "UIT")
    page.get_by_label("Bereikt", exact=True).check()
    page.fill("#id_poging-note", "Betalingsregeling besproken")
    with page.expect_navigation():
        page.get_by_role("button", name="Contactpoging opslaan").click()
    assert "Contactpoging vastgelegd." in page.locator(".messages").inner_text()
    assert "Telefoon, bereikt: Betalingsregeling besproken" in page.locator(".history").inner_text()

    # The outcome.
    page.get_by_label("Betalingsregeling afgesproken").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Zaak afronden").click()
    assert "Zaak afgerond." in page.locator(".messages").inner_text()
    assert "Afgerond: Betalingsregeling afgesproken" in page.locator(".facts").first.inner_text()
    axe_check(page, "casework-case-closed")
    page.screenshot(path=artifacts_dir / "casework-case.png", full_page=True)

    case = Case.objects.get(pk=callback.case_id)
    assert (case.status, case.outcome, case.owner) == ("afgerond", "betalingsregeling", user)
    assert case.contacts.get().created_by == user

    # Back in the queue: the case is gone, the other one is next.
    page.goto(f"{base}/zaken/")
    rows = page.locator(".case-table tbody").inner_text()
    assert "Fam. Bakker" not in rows and "Fam. Jansen" in rows
    assert page.locator(".site-header .nav-count").first.inner_text().startswith("1")
    with page.expect_navigation():
        page.get_by_role("button", name="Volgende zaak").click()
    assert page.url.endswith(f"/zaken/{later.pk}/")


def test_the_tenant_360_panel_opens_a_new_case(page, live_server, axe_check):
    household = factories.household("Visser", "Anouk")
    tenancy = factories.tenancy(household, factories.unit(street="Lijnmarkt", house_number=8))
    user = factories.staff_user("incasso")
    _log_in(page, live_server.url, user.username)
    page.goto(f"{live_server.url}/huishoudens/{household.key}/")
    page.get_by_text("Nieuwe zaak").click()
    page.select_option("#id_zaak-kind", "betaalhulp")
    page.select_option("#id_zaak-team", "incasso")
    page.fill("#id_zaak-summary", "Vraagt om een regeling")
    axe_check(page, "tenant360-casework-panel")
    with page.expect_navigation():
        page.get_by_role("button", name="Zaak aanmaken").click()
    case = Case.objects.get()
    assert page.url.endswith(f"/zaken/{case.pk}/")
    assert (case.kind, case.tenancy, case.summary) == ("betaalhulp", tenancy, "Vraagt om een regeling")
    assert "Zaak aangemaakt." in page.locator(".messages").inner_text()
