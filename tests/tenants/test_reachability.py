"""Digital reachability per neighbourhood: shares of households with a verified e-mail address or mobile,
small neighbourhoods suppressed, for teamleider and beleid only."""

import datetime as dt

import pytest
from django.urls import reverse

from nabij.core.clock import frozen_clock
from nabij.tenants.selectors import digital_reachability
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 20)
RECENT = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
STALE = dt.datetime(2025, 10, 1, tzinfo=dt.UTC)  # more than 365 days before TODAY


@pytest.fixture(autouse=True)
def _max_age(settings):
    settings.NABIJ_VERIFICATION_MAX_AGE_DAYS = 365


def living(neighbourhood, *contacts, **tenancy):
    """A household renting a dwelling in `neighbourhood`, with contact points (kind, verified_at, status)."""
    household = factories.household()
    factories.tenancy(household, factories.unit(neighbourhood=neighbourhood), **tenancy)
    for kind, verified_at, status in contacts:
        factories.contact_point(
            household, kind, f"{kind}-{household.pk}", verified_at=verified_at, status=status
        )
    return household


EMAIL = ("EMA", RECENT, "GEV")
MOBILE = ("MOB", RECENT, "GEV")


@pytest.fixture
def corporation():
    noord = factories.neighbourhood(name="Noord", district="Overvecht")
    zuid = factories.neighbourhood(name="Zuid", district="Hoograven")
    klein = factories.neighbourhood(name="Klein")
    # Noord, 12 households: e-mail 3, mobile 5, either 5.
    for _ in range(2):
        living(noord, EMAIL, MOBILE)
    living(noord, EMAIL, EMAIL, MOBILE)  # two verified addresses: still one household
    for _ in range(2):
        living(noord, MOBILE)
    living(noord, ("EMA", RECENT, "ONG"))  # invalid, even though checked recently
    living(noord, ("EMA", STALE, "GEV"))  # checked too long ago
    living(noord, ("EMA", None, "AAN"), ("TEL", RECENT, "GEV"))  # never checked; landlines do not count
    for _ in range(4):
        living(noord)
    # Not living in Noord today: moved out, not yet moved in, only a parking space.
    living(noord, EMAIL, end_date=dt.date(2026, 10, 31))
    living(noord, EMAIL, start_date=dt.date(2026, 12, 1))
    parking = factories.household()
    factories.tenancy(parking, factories.unit(neighbourhood=noord, kind="PAR"))
    factories.contact_point(parking, "EMA", "p@example.nl", verified_at=RECENT, status="GEV")
    # Zuid, 10 households: e-mail 5, mobile 0, either 5.
    for _ in range(5):
        living(zuid, EMAIL)
    for _ in range(5):
        living(zuid)
    # Klein, 4 households, all reachable: too few to show.
    for _ in range(4):
        living(klein, EMAIL, MOBILE)
    return noord, zuid, klein


def _figures(row):
    return (
        row.label,
        row.households,
        row.email,
        row.email_share,
        row.mobile,
        row.mobile_share,
        row.either_share,
    )


def test_shares_per_neighbourhood_worst_first_and_small_ones_last(corporation):
    with frozen_clock(TODAY):
        reach = digital_reachability()
    noord, zuid, klein = reach.rows
    assert _figures(noord) == ("Noord", 12, 3, 25, 5, 42, 42)  # 5/12 = 41.7%
    assert _figures(zuid) == ("Zuid", 10, 5, 50, 0, 0, 50)
    assert klein.label == "Klein" and klein.suppressed
    # Klein's 4 households are left out of the total, else total minus Noord and Zuid would give them away.
    assert reach.total_leaves_out_small
    assert _figures(reach.total)[1:] == (22, 8, 36, 5, 23, 45)


def test_small_neighbourhoods_together_ten_or_more_count_in_the_total(corporation):
    noord, zuid, klein = corporation
    other = factories.neighbourhood(name="Ander klein")
    for _ in range(6):
        living(other)
    with frozen_clock(TODAY):
        reach = digital_reachability()
    assert [r.label for r in reach.rows if r.suppressed] == ["Ander klein", "Klein"]
    assert not reach.total_leaves_out_small
    assert _figures(reach.total)[1:] == (32, 12, 38, 9, 28, 44)


def test_a_household_living_in_two_neighbourhoods_counts_once_in_the_total(corporation):
    noord, zuid, klein = corporation
    for _ in range(6):  # Klein grows to 10: nothing is left out of the total any more
        living(klein)
    both = living(noord, EMAIL)
    factories.tenancy(both, factories.unit(neighbourhood=zuid))
    with frozen_clock(TODAY):
        reach = digital_reachability()
    by_label = {r.label: r for r in reach.rows}
    assert (by_label["Noord"].households, by_label["Noord"].email) == (13, 4)
    assert (by_label["Zuid"].households, by_label["Zuid"].email) == (11, 6)
    assert not reach.total_leaves_out_small
    total = reach.total
    assert (total.households, total.email, total.mobile, total.either) == (33, 13, 9, 15)


def test_the_page_shows_less_than_ten_instead_of_figures(client_for, client, corporation):
    client_for("beleid")
    with frozen_clock(TODAY):
        html = client.get(reverse("tenants:reachability")).content.decode()
    rows = html.split("<tbody>", 1)[1]
    assert rows.index("Noord") < rows.index("Zuid") < rows.index("Klein")
    klein = rows.split("Klein", 1)[1].split("</tr>", 1)[0]
    assert klein.count("&lt;10") == 4 and "%" not in klein
    assert '<rect class="bar-fill" width="25"' in rows
    assert "Het totaal telt de buurten met minder dan 10 huishoudens niet mee" in html


def test_no_figures_at_all_below_ten_households(client_for, client):
    living(factories.neighbourhood(name="Enige buurt"), EMAIL)
    client_for("teamleider")
    with frozen_clock(TODAY):
        html = client.get(reverse("tenants:reachability")).content.decode()
    main = html.split("<main", 1)[1]
    assert "%" not in main and "&lt;10" in main


@pytest.mark.parametrize("role", ["teamleider", "beleid"])
def test_nav_link_and_home_card_for_roles_with_the_permission(client_for, client, role):
    client_for(role)
    assert reverse("tenants:reachability") in client.get(reverse("home")).content.decode()


def test_no_link_for_other_roles(client_for, client):
    client_for("klantadviseur")
    assert reverse("tenants:reachability") not in client.get(reverse("home")).content.decode()
