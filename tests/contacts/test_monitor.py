"""The developments monitor: hand-computed aggregates, suppression of small cells, health only in aggregate,
filters, trend, the CSV download and who may see it."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from nabij.contacts import monitor
from nabij.contacts.models import Development, Signal
from nabij.core.clock import frozen_clock
from nabij.privacy.models import AccessLogEntry
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 25)  # a Wednesday
W = dt.date(2026, 11, 23)  # this week's Monday: the last week of the default period
START = dt.date(2026, 9, 7)  # 12 weeks: 7 Sep .. 23 Nov


def week(n: int) -> dt.date:
    """The Monday n weeks before W."""
    return W - dt.timedelta(weeks=n)


@pytest.fixture(autouse=True)
def today():
    with frozen_clock(TODAY):
        yield


def add(category, households, area, weeks_ago, process="telefonie"):
    monday = week(weeks_ago)
    at = timezone.make_aware(dt.datetime.combine(monday + dt.timedelta(days=1), dt.time(10)))
    for household in households:
        Signal.objects.create(
            household=household,
            category=category,
            created_at=at,
            week_start=monday,
            neighbourhood=area,
            process=process,
        )


@pytest.fixture
def fixture():
    """The hand-computed fixture. Counts are distinct households; see the expected numbers in the tests.

    energiekosten  W:   pool[0:12] Lombok (pool[0] twice), pool[12:15] Oog in Al  -> week W 15
                   W-1: pool[15:19] Lombok                                        -> week W-1 "<10" (4)
                   period: Lombok 16, Oog in Al "<10" (3); trend: 19 vs 0 -> too few
    betaalzorgen   W-5: pool[0:10] Lombok; W-2: pool[0:10] Lombok + pool[10:20] Oog (betaalhulp)
                   trend 20 vs 10 -> stijgt +100%; period: Lombok 10, Oog in Al 10
    overlast       W-6: pool[0:20] Lombok; W-1: pool[0:10] Lombok -> daalt -50%; Lombok 20
    eenzaamheid    W-4: pool[0:10] Oog; W-3: pool[0:10] Oog -> gelijk 0%; Oog in Al 10
    gezondheid     W:   pool[0:11] Lombok -> week W 11, never per neighbourhood
    positief       W-20 (before the period): pool[0:15] -> not counted
    """
    lombok = factories.neighbourhood(name="Lombok", municipality="Utrecht")
    oog = factories.neighbourhood(name="Oog in Al", municipality="Utrecht")
    pool = [factories.household(f"Huis{i}") for i in range(20)]
    add("energiekosten", pool[0:12] + pool[0:1], lombok, 0)
    add("energiekosten", pool[12:15], oog, 0)
    add("energiekosten", pool[15:19], lombok, 1)
    add("betaalzorgen", pool[0:10], lombok, 5)
    add("betaalzorgen", pool[0:10], lombok, 2)
    add("betaalzorgen", pool[10:20], oog, 2, process="betaalhulp")
    add("overlast", pool[0:20], lombok, 6)
    add("overlast", pool[0:10], lombok, 1)
    add("eenzaamheid", pool[0:10], oog, 4)
    add("eenzaamheid", pool[0:10], oog, 3)
    add("gezondheid", pool[0:11], lombok, 0)
    add("positief", pool[0:15], lombok, 20)
    return {"lombok": lombok, "oog": oog, "pool": pool}


def build(**filters):
    start, end = monitor.default_period(TODAY)
    return monitor.build(
        monitor.Filters(start=filters.pop("start", start), end=filters.pop("end", end), **filters)
    )


def series(data, category):
    return next(s for s in data.series if s.category == category)


def weekly(data, category) -> dict:
    return {w: c.display for w, c in zip(data.weeks, series(data, category).cells, strict=True)}


def area_table(**filters) -> dict:
    start, end = monitor.default_period(TODAY)
    areas = monitor.build_areas(
        monitor.Filters(start=filters.pop("start", start), end=filters.pop("end", end), **filters)
    )
    codes = [code for code, _label in areas.categories]
    return {row.name: dict(zip(codes, (c.display for c in row.cells), strict=True)) for row in areas.rows}


def test_default_period_is_the_last_12_weeks_up_to_this_week():
    assert monitor.default_period(TODAY) == (START, W)


def test_weekly_counts_are_distinct_households_with_small_cells_suppressed(fixture):
    data = build()
    assert data.weeks[0] == START and data.weeks[-1] == W and len(data.weeks) == 12
    energy = weekly(data, "energiekosten")
    assert energy[W] == "15"  # 12 + 3 households; pool[0]'s second signal counts once
    assert energy[week(1)] == "<10"  # 4 households
    assert energy[week(2)] == "0"
    assert series(data, "energiekosten").cells[-2].value is None  # the 4 never leaves the module
    assert weekly(data, "betaalzorgen")[week(2)] == "20"
    assert weekly(data, "betaalzorgen")[week(5)] == "10"
    assert weekly(data, "overlast")[week(6)] == "20"
    assert weekly(data, "gezondheid")[W] == "11"
    assert set(weekly(data, "positief").values()) == {"0"}  # its signals lie before the period


def test_neighbourhood_table_suppresses_small_cells_and_never_shows_health(fixture):
    table = area_table()
    assert all("gezondheid" not in row for row in table.values())
    assert list(table) == ["Lombok", "Oog in Al"]
    assert table["Lombok"]["energiekosten"] == "16"
    assert table["Oog in Al"]["energiekosten"] == "<10"  # 3 households
    assert table["Lombok"]["betaalzorgen"] == "10"
    assert table["Oog in Al"]["betaalzorgen"] == "10"
    assert table["Lombok"]["overlast"] == "20"
    assert table["Oog in Al"]["eenzaamheid"] == "10"
    assert table["Oog in Al"]["overlast"] == "0"


def test_trend_compares_the_last_4_weeks_with_the_4_before(fixture):
    data = build()
    trends = {s.category: (s.trend.label, s.trend.change_pct) for s in data.series}
    assert trends["betaalzorgen"] == ("stijgt", 100)
    assert trends["overlast"] == ("daalt", -50)
    assert trends["eenzaamheid"] == ("gelijk", 0)
    assert trends["energiekosten"] == ("te weinig huishoudens voor een trend", None)  # 19 vs 0
    assert trends["positief"][1] is None


def test_trend_needs_10_households_in_both_windows():
    assert monitor.trend_of(9, 50).direction == "unknown"
    assert monitor.trend_of(50, 9).direction == "unknown"
    assert monitor.trend_of(11, 10).direction == "steady"  # +10%: within the margin
    assert monitor.trend_of(12, 10).direction == "up"


def test_filters_category_neighbourhood_and_process(fixture):
    only_energy = build(category="energiekosten")
    assert [s.category for s in only_energy.series] == ["energiekosten"]
    assert [list(row) for row in area_table(category="energiekosten").values()] == [["energiekosten"]] * 2

    oog = build(neighbourhood_id=fixture["oog"].id)
    assert weekly(oog, "energiekosten")[W] == "<10"
    assert weekly(oog, "betaalzorgen")[week(2)] == "10"
    assert list(area_table(neighbourhood_id=fixture["oog"].id)) == ["Oog in Al"]

    help_process = build(process="betaalhulp")
    assert weekly(help_process, "betaalzorgen")[week(2)] == "10"
    assert weekly(help_process, "energiekosten")[W] == "0"

    short = build(start=week(1), end=W)
    assert short.weeks == [week(1), W]
    assert area_table(start=week(1), end=W)["Lombok"]["energiekosten"] == "16"
    assert area_table(start=week(1), end=W)["Lombok"]["overlast"] == "10"  # only week W-1 counts now


def test_health_is_left_out_when_a_neighbourhood_is_chosen(fixture):
    data = build(neighbourhood_id=fixture["lombok"].id)
    assert "gezondheid" not in [s.category for s in data.series]
    assert data.health_omitted
    data = build(neighbourhood_id=fixture["lombok"].id, category="gezondheid")
    assert data.series == [] and data.empty and data.health_omitted


def test_page_shows_the_numbers_the_charts_and_the_developments(client_for, client, fixture):
    Development.objects.create(
        title="Energieprijzen omhoog", date=W + dt.timedelta(days=2), created_at=timezone.now()
    )
    Development.objects.create(title="Lang geleden", date=dt.date(2025, 1, 1), created_at=timezone.now())
    client_for("beleid")
    response = client.get(reverse("monitor:page"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ontwikkelingenmonitor" in html
    assert "<td>15</td>" in html and "<td>&lt;10</td>" in html
    assert "wk 47: &lt;10" in html  # the suppressed bar's tooltip in the SVG
    assert 'role="img"' in html and "<title>" in html and "<desc>" in html
    assert "stijgt" in html and "daalt" in html and "gelijk" in html
    assert "Energieprijzen omhoog" in html and "Lang geleden" not in html
    assert 'class="marker"' in html
    assert "Huis1" not in html  # no household's name anywhere


def test_neighbourhood_table_comes_in_a_second_request_with_the_same_filters(client_for, client, fixture):
    client_for("beleid")
    query = {"categorie": "energiekosten"}
    page = client.get(reverse("monitor:page"), query).content.decode()
    areas_url = reverse("monitor:areas") + "?categorie=energiekosten"
    assert f'hx-get="{areas_url}"' in page and f'href="{areas_url}"' in page  # works without JavaScript too
    assert "<td>16</td>" not in page

    fragment = client.get(reverse("monitor:areas"), query, headers={"HX-Request": "true"}).content.decode()
    assert "<td>16</td>" in fragment and "<td>&lt;10</td>" in fragment
    assert "Lombok" in fragment and "<html" not in fragment and "Betaalzorgen" not in fragment

    full = client.get(reverse("monitor:areas"), query).content.decode()
    assert "<html" in full and "Lombok" in full and "Terug naar de monitor" in full


def test_other_roles_may_not_see_the_neighbourhood_table(client_for, client, fixture):
    client_for("klantadviseur")
    assert client.get(reverse("monitor:areas"), headers={"HX-Request": "true"}).status_code == 403


def test_suppressed_bars_have_the_same_height_whatever_the_count(fixture):
    from nabij.contacts import charts

    data = build(neighbourhood_id=fixture["oog"].id, category="energiekosten")
    chart = charts.bar_chart(data.series[0], data.weeks, [])
    suppressed = [bar for bar in chart.bars if bar.suppressed]
    assert len(suppressed) == 1 and suppressed[0].label.endswith("<10")
    assert suppressed[0].height == round((chart.plot_bottom - chart.plot_top) * 10 / chart.max_value, 1)


def test_page_filters_through_get_parameters(client_for, client, fixture):
    client_for("teamleider")
    html = client.get(
        reverse("monitor:page"), {"buurt": fixture["lombok"].id, "categorie": "gezondheid"}
    ).content.decode()
    assert "Gezondheid staat hier niet bij" in html
    assert "Geen signalen in deze periode" in html


def test_invalid_period_is_refused_in_dutch(client_for, client):
    client_for("beleid")
    html = client.get(reverse("monitor:page"), {"van": "2026-11-23", "tot": "2026-09-01"}).content.decode()
    assert "De beginweek ligt na de eindweek." in html
    html = client.get(reverse("monitor:page"), {"van": "2020-01-01", "tot": "2026-09-01"}).content.decode()
    assert "hoogstens 104 weken" in html


def test_empty_state_without_signals(client_for, client):
    client_for("beleid")
    html = client.get(reverse("monitor:page")).content.decode()
    assert "Geen signalen in deze periode met deze filters." in html


def _csv(response):
    body = response.content
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def test_csv_holds_exactly_the_aggregates_and_is_logged(client_for, client, fixture):
    user = client_for("beleid")
    response = client.get(reverse("monitor:csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = _csv(response)
    assert rows[0] == ["onderdeel", "week", "buurt", "categorie", "huishoudens", "trend"]
    assert ["per week", "2026-W48", "", "Energiekosten", "15", ""] in rows
    assert ["per week", "2026-W47", "", "Energiekosten", "<10", ""] in rows
    period = "2026-W37 t/m 2026-W48"
    assert ["per buurt", period, "Oog in Al", "Energiekosten", "<10", ""] in rows
    assert ["per buurt", period, "Lombok", "Energiekosten", "16", ""] in rows
    assert ["trend", period, "", "Betaalzorgen", "", "stijgt (+100%)"] in rows
    assert not [r for r in rows if r[0] == "per buurt" and r[3] == "Gezondheid"]
    counts = [r[4] for r in rows[1:] if r[4]]
    assert all(c in ("0", "<10") or int(c) >= 10 for c in counts)
    entry = AccessLogEntry.objects.get(action=AccessLogEntry.Action.EXPORT)
    assert (entry.user, entry.what, entry.result_count) == (user, "monitor csv", len(rows) - 1)


def test_csv_neutralises_formulas(client_for, client):
    evil = factories.neighbourhood(name='=HYPERLINK("http://x")', municipality="Utrecht")
    add("woning", [factories.household(f"H{i}") for i in range(10)], evil, 0)
    client_for("beleid")
    rows = _csv(client.get(reverse("monitor:csv"), {"categorie": "woning"}))
    names = {r[2] for r in rows if r[0] == "per buurt"}
    assert names == {'\'=HYPERLINK("http://x")'}


@pytest.mark.parametrize(
    "role", ["klantadviseur", "incasso", "wijkconsulent", "functioneel_beheer", "privacy_officer"]
)
def test_other_roles_may_not_download_the_csv(client_for, client, role):
    client_for(role)
    assert client.get(reverse("monitor:csv")).status_code == 403
    assert not AccessLogEntry.objects.filter(action=AccessLogEntry.Action.EXPORT).exists()


def test_start_page_and_menu_link_to_the_monitor_for_beleid_only(client_for, client):
    client_for("beleid")
    assert reverse("monitor:page") in client.get(reverse("home")).content.decode()
    client_for("klantadviseur")
    assert reverse("monitor:page") not in client.get(reverse("home")).content.decode()
