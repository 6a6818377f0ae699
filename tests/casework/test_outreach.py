"""The proactive outreach list: precomputed by the batch, ordered by payment history, arrears and recent
signals with the reasons in plain Dutch (never health), filtered and paged, and "Maak zaak" in bulk."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse

from nabij.casework import tasks
from nabij.casework.models import Case, OutreachCandidate
from nabij.casework.outreach import create_outreach_cases, refresh_outreach_list
from nabij.casework.selectors import outreach_candidates
from nabij.contacts.services import SignalInput, log_contact
from nabij.core.clock import frozen_clock
from nabij.ledger.models import Booking, PaymentArrangement
from nabij.privacy.models import AccessLogEntry
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 15)


def tenant(name, *, paid_months=6, reminders=(), earlier=(), broken=0, city="Utrecht"):
    household = factories.household(surname=name)
    tenancy = factories.tenancy(household, factories.unit(city=city))
    factories.monthly_rent(tenancy, dt.date(2026, 1, 1), months=6, paid_months=paid_months)
    for day in (*reminders, *earlier):
        Booking.objects.create(
            tenancy=tenancy, kind="VOR", detail_kind="AAN", booking_date=day, amount_cents=0
        )
    for i in range(broken):
        PaymentArrangement.objects.create(
            id_extern=f"BR-{name}-{i}",
            tenancy=tenancy,
            status="ANN",
            start_date=dt.date(2025, 1, 1),
            amount_cents=100000,
            instalment_count=4,
        )
    return household


@pytest.fixture
def portfolio():
    staff = factories.staff_user("klantadviseur")
    households = {
        "Achterstand": tenant("Achterstand", paid_months=3, reminders=[dt.date(2026, 5, 10)]),
        "Geschiedenis": tenant(
            "Geschiedenis",
            paid_months=5,
            reminders=[dt.date(2026, 6, 10)],
            earlier=[dt.date(2024, 3, 1), dt.date(2024, 4, 1), dt.date(2025, 1, 10)],
            broken=1,
        ),
        "Signaal": tenant("Signaal"),
        "Gezondheid": tenant("Gezondheid"),
        "Niets": tenant("Niets"),
    }
    with frozen_clock(TODAY - dt.timedelta(days=5)):
        log_contact(
            households["Signaal"],
            staff,
            signals=[SignalInput(category="inkomensdaling", urgency="midden")],
        )
        log_contact(
            households["Gezondheid"], staff, signals=[SignalInput(category="gezondheid", urgency="midden")]
        )
    return households


def test_batch_orders_households_and_gives_reasons_in_plain_dutch(portfolio):
    with frozen_clock(TODAY):
        assert refresh_outreach_list() == 3
        rows = list(outreach_candidates())
    names = [r.household.name for r in rows]
    assert names == ["Fam. Achterstand", "Fam. Geschiedenis", "Fam. Signaal"]
    first, second, third = rows
    assert first.reasons == ["3 maanden huur achterstand", "1 aanmaning in de afgelopen 12 maanden"]
    assert second.reasons == [
        "1 maand huur achterstand",
        "1 aanmaning in de afgelopen 12 maanden",
        "2 eerdere achterstanden",
        "1 betalingsregeling voortijdig gestopt",
    ]
    assert third.reasons == ["Recent signaal: inkomensdaling"]
    # Health is never a reason and never orders anyone (DESIGN.md §6).
    assert not OutreachCandidate.objects.filter(household=portfolio["Gezondheid"]).exists()


def test_the_task_and_the_command_rebuild_the_list(portfolio):
    with frozen_clock(TODAY):
        assert tasks.refresh_outreach.call() == 3
        OutreachCandidate.objects.all().delete()
        call_command("refresh_outreach")
    assert OutreachCandidate.objects.count() == 3


def test_page_filters_pages_and_is_logged(client, portfolio, settings):
    settings.NABIJ_CASE_PAGE_SIZE = 2
    with frozen_clock(TODAY):
        refresh_outreach_list()
    user = factories.staff_user("klantadviseur")
    client.force_login(user)
    page = client.get(reverse("casework:outreach"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "3 maanden huur achterstand" in html and "Pagina 1 van 2" in html
    assert "gezondheid" not in html.lower()
    page = client.get(reverse("casework:outreach"), {"reden": "signalen"})
    assert [r.household.name for r in page.context["page"].object_list] == ["Fam. Signaal"]
    page = client.get(reverse("casework:outreach"), {"reden": "eerder", "maanden": "1"})
    assert [r.household.name for r in page.context["page"].object_list] == ["Fam. Geschiedenis"]
    entry = AccessLogEntry.objects.filter(what="outreach list").first()
    assert entry.user == user and entry.action == "search"


def test_maak_zaak_creates_proactive_cases_and_refuses_doubles(client, portfolio):
    with frozen_clock(TODAY):
        refresh_outreach_list()
    user = factories.staff_user("klantadviseur")
    client.force_login(user)
    ids = [portfolio["Achterstand"].pk, portfolio["Signaal"].pk]
    response = client.post(
        reverse("casework:outreach_cases"),
        {"huishouden": ids, "team": "klantcontact", "terug": "reden=achterstand"},
    )
    assert response.status_code == 302 and response["Location"].endswith("?reden=achterstand")
    cases = Case.objects.filter(kind="proactief").order_by("household_id")
    assert [c.household_id for c in cases] == sorted(ids)
    assert cases.get(household=portfolio["Signaal"]).summary == "Recent signaal: inkomensdaling"
    assert all(c.source == "uitnodiglijst" and c.team == "klantcontact" for c in cases)
    # A second time for one of them: refused as a whole, with the reason.
    response = client.post(
        reverse("casework:outreach_cases"),
        {"huishouden": [portfolio["Geschiedenis"].pk, portfolio["Signaal"].pk], "team": "klantcontact"},
        follow=True,
    )
    assert (
        "1 van de gekozen huishoudens heeft al een open zaak proactief contact." in response.content.decode()
    )
    assert Case.objects.filter(kind="proactief").count() == 2
    # Only for one's own team; and not for a household that is not on the list.
    with pytest.raises(Exception, match="niet"):
        create_outreach_cases([portfolio["Niets"].pk], actor=user)
    page = client.get(reverse("casework:outreach"), {"open_zaak": "zonder"})
    assert [r.household.name for r in page.context["page"].object_list] == ["Fam. Geschiedenis"]
