"""The casework pages: queues with filters and counts, volgende zaak, the case page, bulk assign, roles,
access logging and the tenant 360 panel."""

import datetime as dt

import pytest
from django.urls import reverse

from nabij.casework.models import Case, CaseStatus
from nabij.casework.services import book_callback, open_case, start_dunning_pause
from nabij.contacts.services import SignalInput, log_contact
from nabij.core.clock import frozen_clock
from nabij.privacy.models import AccessLogEntry
from tests import factories
from tests.casework.conftest import amsterdam

pytestmark = pytest.mark.django_db


def kcc_case(household, **overrides):
    values = {"household": household, "kind": "proactief", "team": "klantcontact", "source": "medewerker"}
    values.update(overrides)
    return open_case(**values)


def test_queue_shows_my_teams_cases_overdue_first_and_counts_in_the_navigation(client, household):
    other = factories.household(surname="Smit")
    with frozen_clock(amsterdam(2026, 3, 2, 10)):
        later = kcc_case(household, summary="Later")
        earlier = kcc_case(other, due_at=amsterdam(2026, 3, 1, 12), summary="Te laat")
        open_case(
            household=household, kind="betaalhulp", team="incasso", source="medewerker", summary="Incasso"
        )
    user = factories.staff_user("klantadviseur")
    client.force_login(user)
    with frozen_clock(amsterdam(2026, 3, 2, 10)):
        response = client.get(reverse("casework:queue"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Wachtrij Klantcontact" in page
    assert page.index("Te laat") < page.index("Later")
    assert "Incasso" not in page
    assert "te laat" in page  # the overdue badge
    assert [c.pk for c in response.context["page"].object_list] == [earlier.pk, later.pk]
    assert '<span class="nav-count">2<' in page  # two unowned cases in my team's queue
    entry = AccessLogEntry.objects.get(what="case queue")
    assert (entry.action, entry.result_count, entry.user) == ("search", 2, user)


def test_filters_narrow_the_queue_and_survive_paging(client, household, settings):
    settings.NABIJ_CASE_PAGE_SIZE = 2
    for _ in range(3):
        kcc_case(household, kind="terugbellen")
    kcc_case(household, kind="proactief")
    client.force_login(factories.staff_user("klantadviseur"))
    response = client.get(reverse("casework:queue"), {"kind": "terugbellen"})
    assert response.context["page"].paginator.count == 3
    assert "kind=terugbellen&amp;pagina=2" in response.content.decode()
    response = client.get(reverse("casework:queue"), {"owner": "niemand", "status": "afgerond"})
    assert response.context["page"].paginator.count == 0


def test_next_case_assigns_and_opens_it_and_logging_and_closing_takes_it_out_of_the_queue(client, household):
    case = kcc_case(household, kind="terugbellen")
    user = factories.staff_user("klantadviseur")
    client.force_login(user)
    response = client.post(reverse("casework:next"))
    assert response.status_code == 302 and response.url == reverse("casework:case", args=[case.pk])
    case.refresh_from_db()
    assert (case.owner, case.status) == (user, CaseStatus.IN_PROGRESS)

    page = client.get(response.url)
    assert page.status_code == 200 and "Contactpoging vastleggen" in page.content.decode()
    assert AccessLogEntry.objects.filter(what="case", household_id=household.id).exists()

    client.post(
        reverse("casework:attempt", args=[case.pk]),
        {
            "poging-channel": "TEL",
            "poging-direction": "UIT",
            "poging-outcome": "bereikt",
            "poging-note": "Regeling besproken",
        },
    )
    assert case.contacts.get().note == "Regeling besproken"
    refused = client.post(reverse("casework:close", args=[case.pk]), {"afronden-note": ""})
    assert refused.status_code == 400
    assert "Kies een uitkomst om de zaak af te ronden." in refused.content.decode()
    client.post(reverse("casework:close", args=[case.pk]), {"afronden-outcome": "betalingsregeling"})
    case.refresh_from_db()
    assert (case.status, case.outcome) == ("afgerond", "betalingsregeling")
    queue = client.get(reverse("casework:queue"))
    assert case not in queue.context["page"].object_list
    assert client.post(reverse("casework:next")).url == reverse("casework:queue")  # nothing left


def test_a_refused_transition_shows_the_dutch_message(client, household):
    case = kcc_case(household)
    client.force_login(factories.staff_user("klantadviseur"))
    response = client.post(reverse("casework:status", args=[case.pk]), {"status-status": "wacht_op_partner"})
    assert response.status_code == 400
    assert "Een zaak met status ‘Nieuw’ kan niet naar ‘Wacht op partner’." in response.content.decode()
    assert Case.objects.get(pk=case.pk).status == "nieuw"


def test_other_teams_may_look_but_not_change(client, household):
    case = kcc_case(household)
    client.force_login(factories.staff_user("incasso"))
    assert client.get(reverse("casework:case", args=[case.pk])).status_code == 200
    response = client.post(reverse("casework:note", args=[case.pk]), {"notitie-text": "Niet mijn zaak"})
    assert response.status_code == 403
    assert AccessLogEntry.objects.filter(action="denied", what="case change").exists()
    assert not case.events.filter(kind="notitie").exists()


@pytest.mark.parametrize("role", ["beleid", "functioneel_beheer", "privacy_officer"])
def test_roles_without_casework_are_refused(client_for, client, role):
    client_for(role)
    assert client.get(reverse("casework:queue")).status_code == 403
    assert client.post(reverse("casework:next")).status_code == 403


def test_team_leads_bulk_assign_validated(client, household):
    cases = [kcc_case(household) for _ in range(3)]
    adviser = factories.staff_user("klantadviseur", username="anouk")
    collector = factories.staff_user("incasso", username="bram")
    lead = factories.staff_user("teamleider")
    client.force_login(lead)
    ids = [c.pk for c in cases[:2]]
    client.post(reverse("casework:bulk_assign"), {"zaak": ids, "owner": collector.pk})
    assert not Case.objects.filter(owner=collector).exists()  # not in the KCC team
    client.post(reverse("casework:bulk_assign"), {"zaak": ids, "owner": adviser.pk})
    assert set(Case.objects.filter(owner=adviser).values_list("pk", flat=True)) == set(ids)
    client.force_login(adviser)
    assert client.post(reverse("casework:bulk_assign"), {"zaak": ids, "owner": adviser.pk}).status_code == 403


def test_my_cases(client, household):
    user = factories.staff_user("klantadviseur")
    mine = kcc_case(household)
    kcc_case(household)
    Case.objects.filter(pk=mine.pk).update(owner=user)
    client.force_login(user)
    response = client.get(reverse("casework:mine"))
    assert [c.pk for c in response.context["page"].object_list] == [mine.pk]


def test_callbacks_for_today_by_slot_on_the_kcc_queue(client, household):
    with frozen_clock(amsterdam(2026, 3, 2, 13, 30)):  # Monday afternoon
        old = book_callback(household=household, source="klik-actie")  # this afternoon
    with frozen_clock(amsterdam(2026, 3, 3, 9, 0)):  # Tuesday morning: yesterday's is overdue
        book_callback(household=factories.household(surname="Mulder"), source="klik-actie")
        client.force_login(factories.staff_user("klantadviseur"))
        response = client.get(reverse("casework:queue"))
    groups = response.context["callback_groups"]
    assert [g.total for g in groups] == [1, 1, 0]
    assert groups[0].callbacks[0].case_id == old.case_id
    page = response.content.decode()
    assert "Terugbellen vandaag" in page and "None" not in page


def test_tenant_360_panel_shows_open_cases_callbacks_and_a_running_pause(client, household, tenancy):
    with frozen_clock(dt.date(2026, 3, 2)):
        book_callback(household=household, source="klik-actie", phone_note="Na 14 uur")
        start_dunning_pause(tenancy=tenancy, reason="Betaalhulp aangevraagd")
        client.force_login(factories.staff_user("klantadviseur"))
        page = client.get(reverse("tenants:household", args=[household.key])).content.decode()
    assert "Na 14 uur" in page
    assert f"Incassostop op {tenancy.id_extern} tot en met 1 april 2026" in page
    assert "Terugbellen" in page


def test_an_urgent_signal_with_follow_up_becomes_a_case_for_the_owning_team(household):
    user = factories.staff_user("klantadviseur")
    with frozen_clock(amsterdam(2026, 11, 20, 10)):  # a Friday
        log_contact(
            household,
            user,
            signals=[SignalInput("inkomensdaling", urgency="acuut", follow_up_wanted=True, consent=True)],
        )
        log_contact(
            household,
            user,
            signals=[SignalInput("gezondheid", urgency="hoog", follow_up_wanted=True, consent=True)],
        )
    money, health = Case.objects.order_by("id")
    assert (money.kind, money.team, money.priority, money.status) == (
        "opvolging_signaal",
        "incasso",
        1,
        "nieuw",
    )
    assert money.due_at == amsterdam(2026, 11, 23, 17)  # the next working day, closing time
    assert money.signal.category == "inkomensdaling"
    assert money.summary == "Opvolging signaal: Inkomensdaling"
    # Health is a special category: the case does not say it.
    assert (health.team, health.summary) == ("wijk", "Opvolging signaal")
    assert money.events.get().actor == user


def test_take_a_case_and_give_it_back_but_not_a_colleagues(client, household):
    case = kcc_case(household)
    me, colleague = factories.staff_user("klantadviseur"), factories.staff_user("klantadviseur", "joost")
    client.force_login(me)
    client.post(reverse("casework:take", args=[case.pk]))
    case.refresh_from_db()
    assert (case.owner, case.status) == (me, "in_behandeling")
    client.post(reverse("casework:take", args=[case.pk]), {"actie": "teruggeven"})
    case.refresh_from_db()
    assert case.owner is None
    Case.objects.filter(pk=case.pk).update(owner=colleague)
    response = client.post(reverse("casework:take", args=[case.pk]), follow=True)
    assert "joost behandelt deze zaak al." in response.content.decode()
    assert Case.objects.get(pk=case.pk).owner == colleague


def test_bulk_assign_returns_only_to_our_own_pages(client, household):
    case = kcc_case(household)
    adviser = factories.staff_user("klantadviseur")
    client.force_login(factories.staff_user("teamleider"))
    data = {"zaak": [case.pk], "owner": adviser.pk}
    assert client.post(reverse("casework:bulk_assign"), {**data, "next": "//evil.example/"}).url == "/zaken/"
    assert client.post(reverse("casework:bulk_assign"), {**data, "next": "/zaken/?kind=proactief"}).url == (
        "/zaken/?kind=proactief"
    )


def test_the_case_page_has_the_phone_numbers_and_arrears_in_months(client, household, tenancy):
    import datetime as dt

    factories.contact_point(household, "MOB", "+31612345678", preferred=True)
    factories.contact_point(household, "TEL", "+31301234567", status="ONG")  # invalid: not shown
    factories.monthly_rent(tenancy, dt.date(2026, 1, 1), months=3, paid_months=1)
    case = kcc_case(household, tenancy=tenancy)
    client.force_login(factories.staff_user("klantadviseur"))
    with frozen_clock(dt.date(2026, 3, 20)):
        page = client.get(reverse("casework:case", args=[case.pk])).content.decode()
    assert 'href="tel:+31612345678"' in page and "+31301234567" not in page
    assert "2 maanden" in page


def test_open_a_case_from_the_tenant_360(client, household, tenancy):
    client.force_login(factories.staff_user("incasso"))
    page = client.get(reverse("tenants:household", args=[household.key])).content.decode()
    assert "Nieuwe zaak" in page
    url = reverse("casework:open", args=[household.key])
    response = client.post(
        url, {"zaak-kind": "betaalhulp", "zaak-team": "incasso", "zaak-summary": "Belde zelf"}
    )
    case = Case.objects.get()
    assert response.url == reverse("casework:case", args=[case.pk])
    assert (case.kind, case.team, case.tenancy, case.summary, case.source) == (
        "betaalhulp", "incasso", tenancy, "Belde zelf", "medewerker",
    )  # fmt: skip
    refused = client.post(url, {"zaak-kind": "terugbellen", "zaak-team": "incasso"}, follow=True)
    assert "Kies een soort zaak uit de lijst." in refused.content.decode()
    assert Case.objects.count() == 1
    client.force_login(factories.staff_user("beleid"))
    assert client.post(url, {"zaak-kind": "betaalhulp", "zaak-team": "incasso"}).status_code == 403
