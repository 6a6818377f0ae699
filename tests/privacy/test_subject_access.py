"""Subject access (AVG art. 15): the privacy officer picks one household with a POST search and downloads
everything Nabij holds about it, as readable HTML and as JSON, in one zip. Every step is access-logged."""

import datetime as dt
import io
import json
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from nabij.actions import services as action_services
from nabij.actions.models import ActionLink, ActionResponse
from nabij.casework import services as casework_services
from nabij.casework.models import Callback, Case, CaseEvent, DunningPause, OutreachCandidate
from nabij.casework.outreach import refresh_outreach_list
from nabij.contacts.models import Contact, Signal
from nabij.contacts.services import SignalInput, log_contact
from nabij.core.clock import frozen_clock
from nabij.demo.generator import seed_demo
from nabij.ledger.models import Booking, PaymentArrangement
from nabij.privacy import registry, subject_access
from nabij.privacy.models import AccessLogEntry
from nabij.tenants.models import ChannelPreference, ContactPoint, Household, Person, Tenancy
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 20)

# What each data class of tenants, ledger, contacts, casework, actions and privacy holds, counted straight
# from the tables: the ground truth the export is compared with.
ROWS = {
    "tenants.household": lambda h: Household.objects.filter(pk=h).count(),
    "tenants.persons": lambda h: Person.objects.filter(household_id=h).count(),
    "tenants.contact_points": lambda h: ContactPoint.objects.filter(household_id=h).count(),
    "tenants.preferences": lambda h: ChannelPreference.objects.filter(household_id=h).count(),
    "tenants.tenancies": lambda h: Tenancy.objects.filter(household_id=h).count(),
    "ledger.bookings": lambda h: Booking.objects.filter(tenancy__household_id=h).count(),
    "ledger.arrangements": lambda h: PaymentArrangement.objects.filter(tenancy__household_id=h).count(),
    "contacts.contacts": lambda h: Contact.objects.filter(household_id=h).count(),
    "contacts.signals": lambda h: (
        Signal.objects.filter(household_id=h).exclude(category="gezondheid").count()
    ),
    "contacts.health_signals": lambda h: Signal.objects.filter(household_id=h, category="gezondheid").count(),
    "privacy.access_log": lambda h: AccessLogEntry.objects.filter(household_id=h).count(),
    "casework.cases": lambda h: Case.objects.filter(household_id=h).count(),
    "casework.case_history": lambda h: CaseEvent.objects.filter(case__household_id=h).count(),
    "casework.callbacks": lambda h: Callback.objects.filter(household_id=h).count(),
    "casework.dunning_pauses": lambda h: DunningPause.objects.filter(tenancy__household_id=h).count(),
    "actions.links": lambda h: ActionLink.objects.filter(household_id=h).count(),
    "actions.responses": lambda h: ActionResponse.objects.filter(household_id=h).count(),
    # The one score Nabij computes: the order of the proactive outreach list, from payment history.
    "casework.outreach": lambda h: OutreachCandidate.objects.filter(household_id=h).count(),
}


def demo_household() -> Household:
    """The demo household with the most kinds of data; what the demo did not give it is added."""
    with frozen_clock(TODAY):
        seed_demo(40, 7)
        refresh_outreach_list(TODAY)
    household = max(
        Household.objects.all(), key=lambda h: (sum(1 for rows in ROWS.values() if rows(h.pk)), -h.pk)
    )
    tenancy = Tenancy.objects.filter(household=household).first()
    if not PaymentArrangement.objects.filter(tenancy=tenancy).exists():
        PaymentArrangement.objects.create(
            id_extern="BR-DEMO-1",
            tenancy=tenancy,
            status="ACT",
            start_date=TODAY,
            amount_cents=90000,
            instalment_count=3,
        )
    adviser = factories.staff_user("wijkconsulent")
    with frozen_clock(TODAY):
        # An urgent signal the tenant wants followed up (casework opens a case for it).
        log_contact(
            household,
            adviser,
            signals=[SignalInput("betaalzorgen", "hoog", follow_up_wanted=True, consent=True)],
        )
        if not Callback.objects.filter(household=household).exists():
            casework_services.book_callback(household=household, source="test", phone_note="Na 14 uur")
        if not DunningPause.objects.filter(tenancy__household=household).exists():
            casework_services.start_dunning_pause(tenancy=tenancy, reason="Regeling in de maak")
        if not ActionResponse.objects.filter(household=household).exists():
            link, _token = action_services.create_link(household=household, kind="hoe_gaat_het")
            action_services.respond(link, answer="beter")
        if not Signal.objects.filter(household=household, category="gezondheid").exists():
            log_contact(household, adviser, signals=[SignalInput("gezondheid", note="Slecht ter been")])
    return household


def download(client, household) -> tuple[dict, str]:
    response = client.post(reverse("privacy:subject_access_export", args=[household.key]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert str(household.key) not in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == ["inzage.html", "inzage.json"]
    return json.loads(archive.read("inzage.json")), archive.read("inzage.html").decode()


def test_export_of_a_demo_household_holds_every_data_class(client, client_for):
    household = demo_household()
    client.force_login(factories.staff_user("klantadviseur"))
    client.get(reverse("tenants:household", args=[household.key]))  # someone looked at the record
    client_for("privacy_officer")

    data, html = download(client, household)

    sections = {s["key"]: s for s in data["sections"]}
    assert set(sections) == {p.key for p in registry.providers()}  # every registered class, also later ones
    for key, rows in ROWS.items():
        assert rows(household.pk) > 0, key  # the household has data of this class...
        assert len(sections[key]["records"]) == rows(household.pk), key  # ...and the export holds all of it
    for section in data["sections"]:
        assert section["label"] in html
    assert data["household"]["name"] == household.name
    person = Person.objects.filter(household=household).first()
    assert sections["tenants.persons"]["records"][0]["surname"] in {
        p.surname for p in household.persons.all()
    }
    assert person.surname in html
    # Health is in it (art. 15: the tenant's own data), in its own section, marked as special category.
    health = sections["contacts.health_signals"]
    assert health["special_category"] is True
    assert all(r["category"] == "Gezondheid" for r in health["records"])
    assert not any(r["category"] == "Gezondheid" for r in sections["contacts.signals"]["records"])
    assert "bijzondere persoonsgegevens (gezondheid)" in html
    # The outreach order is there with everything it was computed from and its reasons in words.
    candidate = OutreachCandidate.objects.get(household=household)
    (outreach,) = sections["casework.outreach"]["records"]
    assert outreach["score"] == candidate.score and outreach["reasons"] == candidate.reasons
    assert {
        "months_in_arrears",
        "reminders",
        "earlier_spells",
        "broken_arrangements",
        "recent_signals",
    } <= set(outreach)
    # The access log section says when and why, not which colleague or from which address.
    assert set(sections["privacy.access_log"]["records"][0]) == {"at", "action", "what", "context"}


def test_search_page_and_download_are_access_logged_and_keep_personal_data_out_of_urls(client, client_for):
    household = factories.household("Oosterbroekstra", first_name="Wilhelmina")
    factories.tenancy(household, factories.unit(postcode="9724ZX", house_number=117))
    officer = client_for("privacy_officer")

    page = client.get(reverse("privacy:subject_access"))
    assert page.status_code == 200
    found = client.post(reverse("privacy:subject_access"), {"q": "9724 ZX 117"})
    html = found.content.decode()
    assert "Fam. Oosterbroekstra" in html and str(household.key) in html
    assert client.post(reverse("privacy:subject_access"), {"q": "Oosterbroekstra"}).context["subjects"]
    page = client.get(reverse("privacy:subject_access_household", args=[household.key])).content.decode()
    assert "Fam. Oosterbroekstra" in page and "9724 ZX" in page  # the address, to be sure it is them
    download(client, household)

    entries = AccessLogEntry.objects.filter(user=officer).order_by("at", "id")
    assert [(e.action, e.what) for e in entries] == [
        ("search", "subject access search"),
        ("search", "subject access search"),
        ("view", "subject access"),
        ("export", "subject access export"),
    ]
    assert entries[0].result_count == 1 and entries[0].household_id is None
    assert all(e.household_id == household.pk for e in entries[2:])
    assert not any("Oosterbroekstra" in e.what + e.context for e in entries)


@pytest.mark.parametrize("role", [None, "klantadviseur", "teamleider", "functioneel_beheer"])
def test_only_the_privacy_officer_gets_subject_access(client, client_for, role):
    household = factories.household("Jansen")
    client_for(role)
    assert client.post(reverse("privacy:subject_access"), {"q": "Jansen"}).status_code == 403
    assert client.get(reverse("privacy:subject_access_household", args=[household.key])).status_code == 403
    assert client.post(reverse("privacy:subject_access_export", args=[household.key])).status_code == 403
    assert AccessLogEntry.objects.filter(action="denied").count() == 3
    # The service checks too, whoever calls it.
    with pytest.raises(PermissionDenied):
        subject_access.build_export(registry.directory().by_key(household.key), factories.staff_user(role))


def test_unknown_household_key_is_404(client, client_for):
    client_for("privacy_officer")
    key = "00000000-0000-4000-8000-000000000000"
    assert client.get(reverse("privacy:subject_access_household", args=[key])).status_code == 404


def test_sections_of_one_app_stay_together_in_reading_order():
    household = factories.household("Jansen")
    export = subject_access.build_export(registry.directory().by_key(household.key))
    apps_in_order = [section.key.split(".")[0] for section in export.sections]
    seen = [app for i, app in enumerate(apps_in_order) if i == 0 or apps_in_order[i - 1] != app]
    assert len(seen) == len(set(seen))  # no app's sections are split up by another's
    assert seen[:3] == ["tenants", "ledger", "contacts"] and seen[-1] == "privacy"
    assert export.sections[0].key == "tenants.household"


def test_the_export_includes_the_households_own_erasure_requests():
    from nabij.privacy import erasure

    household = factories.household("Jansen")
    officer = factories.staff_user("privacy_officer")
    erasure.withdraw_erasure(erasure.request_erasure(officer, household.pk, "bezwaar", "AVG-9"), officer)
    export = subject_access.build_export(registry.directory().by_key(household.key), officer)
    section = next(s for s in export.sections if s.key == "privacy.erasure_requests")
    assert [(r["reason"], r["reference"], r["status"]) for r in section.records] == [
        ("Bezwaar van de huurder (AVG art. 21)", "AVG-9", "Ingetrokken")
    ]
