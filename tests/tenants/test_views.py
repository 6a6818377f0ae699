"""Tenant search and the tenant 360 page, as staff use them."""

import datetime as dt

import pytest
from django.urls import reverse

from nabij.core.clock import frozen_clock
from nabij.ledger.models import Booking
from nabij.privacy.models import AccessLogEntry
from nabij.tenants.models import Person
from tests import factories

pytestmark = pytest.mark.django_db

ROLES_WITH_ACCESS = ["klantadviseur", "incasso", "wijkconsulent", "teamleider"]
ROLES_WITHOUT_ACCESS = ["beleid", "functioneel_beheer", "privacy_officer", None]


@pytest.fixture
def jansen():
    household = factories.household("Jansen", "Piet")
    unit = factories.unit(postcode="3521AB", house_number=12, street="Lindelaan")
    tenancy = factories.tenancy(household, unit, id_extern="HO-004711")
    return household, unit, tenancy


@pytest.mark.parametrize("role", ROLES_WITH_ACCESS)
def test_staff_with_access_can_search_and_open_the_record(client_for, client, role, jansen):
    household, _, _ = jansen
    client_for(role)
    assert client.get(reverse("tenants:search")).status_code == 200
    assert client.post(reverse("tenants:search"), {"q": "Jansen"}).status_code == 200
    assert client.get(reverse("tenants:household", args=[household.key])).status_code == 200


@pytest.mark.parametrize("role", ROLES_WITHOUT_ACCESS)
def test_other_roles_get_403_and_the_refusal_is_logged(client_for, client, role, jansen):
    household, _, _ = jansen
    user = client_for(role)
    assert client.get(reverse("tenants:search")).status_code == 403
    assert client.post(reverse("tenants:search"), {"q": "Jansen"}).status_code == 403
    response = client.get(reverse("tenants:household", args=[household.key]))
    assert response.status_code == 403
    assert "Jansen" not in response.content.decode()
    assert AccessLogEntry.objects.filter(user=user, action="denied").count() == 3


def test_anonymous_visitors_are_sent_to_login(client, jansen):
    household, _, _ = jansen
    response = client.get(reverse("tenants:household", args=[household.key]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    "query", ["Jansen", "jans", "JANSEN", "piet jansen", "3521 AB 12", "3521ab12", "3521AB", "ho-004711"]
)
def test_search_finds_by_name_postcode_and_tenancy_number(client_for, client, jansen, query):
    factories.household("Bakker", "Anna")
    client_for("klantadviseur")
    html = client.post(reverse("tenants:search"), {"q": query}).content.decode()
    assert "Piet Jansen" in html
    assert "Lindelaan 12" in html
    assert "Anna Bakker" not in html


def test_search_handles_name_prefixes_and_accents(client_for, client):
    factories.household("Vries", "Kees", name_prefix="de")
    factories.household("Çelik", "Ayşe")
    client_for("klantadviseur")
    assert "Kees de Vries" in client.post(reverse("tenants:search"), {"q": "de Vries"}).content.decode()
    assert "Kees de Vries" in client.post(reverse("tenants:search"), {"q": "vries"}).content.decode()
    assert "Ayşe Çelik" in client.post(reverse("tenants:search"), {"q": "celik"}).content.decode()


def test_search_without_results_explains_what_to_try(client_for, client, jansen):
    client_for("klantadviseur")
    html = client.post(reverse("tenants:search"), {"q": "Pietersen"}).content.decode()
    assert "Niemand gevonden" in html


def test_empty_search_is_refused_with_a_message(client_for, client):
    client_for("klantadviseur")
    response = client.post(reverse("tenants:search"), {"q": "   "})
    assert response.status_code == 200
    assert "Dit veld is verplicht" in response.content.decode()


def test_search_results_paginate_and_the_query_stays_out_of_the_url(client_for, client, settings):
    settings.NABIJ_SEARCH_PAGE_SIZE = 5
    for i in range(12):
        factories.household("Smit", f"Persoon{i:02d}")
    client_for("klantadviseur")
    first = client.post(reverse("tenants:search"), {"q": "Smit"}).content.decode()
    assert "12 huishoudens gevonden" in first
    assert "Pagina 1 van 3" in first
    third = client.post(reverse("tenants:search"), {"q": "Smit", "page": 3}).content.decode()
    assert "Pagina 3 van 3" in third
    assert third.count("Persoon") == 2
    # The search form posts; names never become part of a URL.
    assert 'method="post"' in first and "?q=" not in first


def test_htmx_search_returns_only_the_results_fragment(client_for, client, jansen):
    client_for("klantadviseur")
    response = client.post(reverse("tenants:search"), {"q": "Jansen"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Piet Jansen" in html
    assert "<html" not in html


def test_every_search_and_view_is_access_logged_without_the_query(client_for, client, jansen):
    household, _, _ = jansen
    user = client_for("klantadviseur")
    client.post(reverse("tenants:search"), {"q": "Jansen"})
    client.get(reverse("tenants:household", args=[household.key]))
    search, view = AccessLogEntry.objects.filter(user=user).order_by("at", "id")
    assert (search.action, search.what, search.result_count) == ("search", "search by name", 1)
    assert "Jansen" not in str(search.__dict__)
    assert (view.action, view.household_id) == ("view", household.id)


def test_tenant_360_shows_household_contact_state_and_arrears_in_months(client_for, client, jansen):
    household, _, tenancy = jansen
    factories.monthly_rent(tenancy, dt.date(2026, 1, 1), months=11, paid_months=8)
    with frozen_clock(dt.date(2026, 11, 20)):
        factories.contact_point(household, "EMA", "piet@example.nl", preferred=True, verified_at=None)
        factories.contact_point(
            household, "MOB", "0612345678", verified_at=dt.datetime(2024, 3, 1, tzinfo=dt.UTC)
        )
        factories.contact_point(
            household, "TEL", "0301234567", verified_at=dt.datetime(2026, 10, 1, tzinfo=dt.UTC)
        )
        client_for("klantadviseur")
        html = client.get(reverse("tenants:household", args=[household.key])).content.decode()
    assert "Fam. Jansen" in html
    assert "Lindelaan 12, 3521 AB Utrecht" in html
    assert "Achterstand: 3 maanden huur" in html
    assert "1 september 2026" in html  # oldest unpaid rent
    assert "80 dagen" in html
    assert "€ 1.950,00" in html
    assert "Niet gecontroleerd" in html
    assert "Laatst gecontroleerd 1 maart 2024 — opnieuw controleren" in html
    assert "Gecontroleerd 1 oktober 2026" in html
    assert "Nog geen contacten vastgelegd." in html  # the contacts app's follow-up panel


def test_tenant_360_without_arrears_says_so(client_for, client, jansen):
    household, _, tenancy = jansen
    factories.monthly_rent(tenancy, dt.date(2026, 1, 1), months=6, paid_months=6)
    client_for("incasso")
    with frozen_clock(dt.date(2026, 6, 20)):
        html = client.get(reverse("tenants:household", args=[household.key])).content.decode()
    assert "Geen huurachterstand." in html


def test_unknown_household_key_gives_a_dutch_404(client_for, client):
    client_for("klantadviseur")
    response = client.get(reverse("tenants:household", args=["00000000-0000-0000-0000-000000000000"]))
    assert response.status_code == 404


def test_results_are_ordered_by_main_tenant_surname(client_for, client):
    factories.household("Bergsma", "Anna")
    factories.household("Berg", "Kees", name_prefix="van den")
    factories.household("Berger", "Lotte")
    client_for("klantadviseur")
    html = client.post(reverse("tenants:search"), {"q": "berg"}).content.decode()
    assert html.index("Kees van den Berg") < html.index("Lotte Berger") < html.index("Anna Bergsma")


@pytest.mark.parametrize(
    ("surname", "query"), [("Yılmaz", "yilmaz"), ("El Amrani", "el amrani"), ("Øster", "oster")]
)
def test_search_folds_letters_without_accents_and_keeps_whole_surnames(client_for, client, surname, query):
    factories.household(surname, "Sam")
    client_for("klantadviseur")
    assert f"Sam {surname}" in client.post(reverse("tenants:search"), {"q": query}).content.decode()


def test_a_household_found_through_a_co_resident_shows_that_person(client_for, client):
    household = factories.household("Beek", "Tiny", name_prefix="van")
    Person.objects.create(
        id_extern="PER-CO-1", household=household, first_name="Truus", name_prefix="de", surname="Jong"
    )
    factories.household("Jong", "Anouk", name_prefix="de")
    client_for("klantadviseur")
    html = client.post(reverse("tenants:search"), {"q": "de jong"}).content.decode()
    assert "Truus de Jong" in html and "(medebewoner)" in html
    assert "Tiny van Beek" not in html
    assert html.index("Anouk de Jong") < html.index("Truus de Jong")


def test_the_home_is_the_current_tenancy_and_a_parking_space_is_listed_beside_it(client_for, client, jansen):
    household, _, _ = jansen
    garage = factories.unit(kind="PAR", street="Lindelaan", house_number=99)
    factories.tenancy(household, garage, id_extern="HO-PARK-1", start_date=dt.date(2024, 1, 1))
    client_for("klantadviseur")
    html = client.get(reverse("tenants:household", args=[household.key])).content.decode()
    assert "Lindelaan 12, 3521 AB Utrecht" in html.split("Huur en betalen")[0]
    assert "HO-PARK-1: Lindelaan 99 (parkeergelegenheid), lopend sinds 2024" in html


def test_money_still_owed_on_an_ended_tenancy_is_shown(client_for, client, jansen):
    household, _, _ = jansen
    old_home = factories.unit(street="Dorpsstraat", house_number=3)
    old = factories.tenancy(
        household,
        old_home,
        id_extern="HO-OLD-1",
        start_date=dt.date(2015, 1, 1),
        end_date=dt.date(2017, 12, 31),
    )
    factories.monthly_rent(old, dt.date(2017, 10, 1), months=3, paid_months=2)
    client_for("incasso")
    html = client.get(reverse("tenants:household", args=[household.key])).content.decode()
    assert "Nog open op andere huurcontracten" in html
    assert "HO-OLD-1 (Dorpsstraat 3): € 650,00" in html
    assert "Geen huurachterstand." in html  # the current home is paid up


def test_arrears_on_a_tenancy_without_rent_show_the_amount(client_for, client):
    household = factories.household("Smit", "Jan")
    tenancy = factories.tenancy(household, factories.unit(), gross_rent_cents=0)
    Booking.objects.create(
        tenancy=tenancy, kind="VOR", detail_kind="FAC", booking_date=dt.date(2026, 1, 5), amount_cents=12500
    )
    client_for("incasso")
    html = client.get(reverse("tenants:household", args=[household.key])).content.decode()
    assert "Achterstand: € 125,00" in html


def test_first_name_and_surname_match_with_or_without_accents(client_for, client):
    factories.household("Jansen", "José")
    client_for("klantadviseur")
    for query in ["José Jansen", "jose jansen"]:
        assert "José Jansen" in client.post(reverse("tenants:search"), {"q": query}).content.decode()
