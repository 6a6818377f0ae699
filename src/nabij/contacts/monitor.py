"""The developments monitor (capability C3): privacy-safe aggregates of signals.

Every figure is a number of *distinct households* with at least one signal, never a number of signals, and
never anything about one household. The rules (docs/privacy.md, "Developments monitor"):

- **Small cells are suppressed.** A count from 1 to 9 leaves this module as a suppressed `Cell` ("<10"),
  never as its number: the template, the chart and the CSV only ever see `Cell.display`. 0 is shown as 0:
  "nobody" identifies nobody, and hiding it would hide that a category simply does not occur.
- **Health only in aggregate.** *Gezondheid* (GDPR art. 9) is counted over all neighbourhoods together: it
  has no column in the neighbourhood table, and it is left out altogether when a neighbourhood is filtered.
- **Trend:** households in the last 4 weeks of the period against the 4 weeks before them; shown only
  when both windows hold at least 10 households (else a trend would tell something about a small group);
  a change of at most 10% either way counts as "gelijk".

All counting is done by the database over `contacts_signal` alone (week, neighbourhood and customer process
are copied onto each signal when it is recorded), in grouped queries whatever the period's length: two for
the weekly figures and trends (`build`), one for the neighbourhood table (`build_areas`).
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.html import format_html_join
from django.utils.translation import gettext as _

from nabij.contacts.models import CustomerProcess, Development, Signal, SignalCategory
from nabij.tenants.models import Neighbourhood

THRESHOLD = 10  # cells with 1..THRESHOLD-1 households are suppressed
TREND_WEEKS = 4
STEADY_MARGIN = 0.10  # a change of at most 10% either way is "gelijk"
DEFAULT_WEEKS = 12
MAX_WEEKS = 104
HEALTH = SignalCategory.HEALTH
SUPPRESSED = "<10"


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The last 12 weeks up to and including this week (Mondays)."""
    end = monday(today)
    return end - dt.timedelta(weeks=DEFAULT_WEEKS - 1), end


@dataclass(frozen=True)
class Cell:
    """A count as it may be shown: `value` is None when suppressed."""

    value: int | None

    @property
    def suppressed(self) -> bool:
        return self.value is None

    @property
    def display(self) -> str:
        return SUPPRESSED if self.value is None else str(self.value)

    def __str__(self) -> str:
        return self.display


def cell(count: int) -> Cell:
    return Cell(None) if 0 < count < THRESHOLD else Cell(count)


@dataclass(frozen=True)
class Filters:
    start: dt.date  # Monday of the first week
    end: dt.date  # Monday of the last week
    category: str = ""
    neighbourhood_id: int | None = None
    process: str = ""


@dataclass(frozen=True)
class Trend:
    direction: str  # "up", "down", "steady" or "unknown"
    change_pct: int | None

    @property
    def label(self) -> str:
        return {
            "up": _("stijgt"),
            "down": _("daalt"),
            "steady": _("gelijk"),
        }.get(self.direction, _("te weinig huishoudens voor een trend"))

    @property
    def arrow(self) -> str:
        return {"up": "↑", "down": "↓", "steady": "→"}.get(self.direction, "")


@dataclass(frozen=True)
class Series:
    """One category's weekly counts, aligned with `Monitor.weeks`."""

    category: str
    label: str
    cells: list[Cell]
    trend: Trend

    @property
    def has_signals(self) -> bool:
        return any(c.suppressed or c.value for c in self.cells)


@dataclass(frozen=True)
class NeighbourhoodRow:
    name: str
    municipality: str
    cells: list[Cell]  # aligned with Monitor.neighbourhood_categories

    @property
    def cells_html(self) -> str:
        """The row's <td> cells in one go: a corporation has hundreds of buurten, and a template loop
        per cell made the table the slowest part of the page."""
        return cells_html(self.cells)


def cells_html(cells: list[Cell]) -> str:
    return format_html_join("", "<td>{}</td>", ((c.display,) for c in cells))


@dataclass(frozen=True)
class AreaTable:
    """Households with a signal in the whole period, per neighbourhood and category (never health).

    Built apart from the weekly figures: it is the costliest count (distinct households over the whole
    period for every buurt), so the page loads it as a second request and shows the charts first.
    """

    categories: list[tuple[str, str]]
    rows: list[NeighbourhoodRow]


@dataclass(frozen=True)
class DevelopmentMark:
    number: int
    title: str
    date: dt.date
    week_index: int  # position on the timeline (index into Monitor.weeks)


@dataclass(frozen=True)
class Monitor:
    filters: Filters
    weeks: list[dt.date]
    series: list[Series]
    developments: list[DevelopmentMark]
    health_omitted: bool  # a neighbourhood is filtered, so health is left out

    @property
    def empty(self) -> bool:
        return not any(s.has_signals for s in self.series)

    @property
    def quiet_categories(self) -> list[str]:
        """Categories without any signal in the period: no chart, just their names."""
        return [s.label for s in self.series if not s.has_signals]

    @property
    def week_rows(self) -> list[tuple[dt.date, list[Cell]]]:
        """The weekly counts turned around: one row per week, one cell per category."""
        return [(week, [s.cells[i] for s in self.series]) for i, week in enumerate(self.weeks)]

    @property
    def recent_start(self) -> dt.date:
        return self.filters.end - dt.timedelta(weeks=TREND_WEEKS - 1)

    @property
    def previous_start(self) -> dt.date:
        return self.filters.end - dt.timedelta(weeks=2 * TREND_WEEKS - 1)


def _categories(filters: Filters) -> list[tuple[str, str]]:
    chosen = [
        (c.value, str(c.label)) for c in SignalCategory if not filters.category or c == filters.category
    ]
    if filters.neighbourhood_id is not None:
        chosen = [(code, label) for code, label in chosen if code != HEALTH]
    return chosen


def _signals(filters: Filters):
    qs = Signal.objects.all()
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.neighbourhood_id is not None:
        qs = qs.filter(neighbourhood_id=filters.neighbourhood_id).exclude(category=HEALTH)
    if filters.process:
        qs = qs.filter(process=filters.process)
    return qs


def trend_of(recent: int, previous: int) -> Trend:
    if recent < THRESHOLD or previous < THRESHOLD:
        return Trend("unknown", None)
    change = (recent - previous) / previous
    direction = "steady" if abs(change) <= STEADY_MARGIN else ("up" if change > 0 else "down")
    return Trend(direction, round(change * 100))


def build(filters: Filters) -> Monitor:
    weeks_count = (filters.end - filters.start).days // 7 + 1
    weeks = [filters.start + dt.timedelta(weeks=i) for i in range(weeks_count)]
    categories = _categories(filters)
    codes = [code for code, _label in categories]
    signals = _signals(filters).filter(category__in=codes)
    households = Count("household", distinct=True)

    weekly: dict[tuple[dt.date, str], int] = {
        (row["week_start"], row["category"]): row["n"]
        for row in signals.filter(week_start__range=(filters.start, filters.end))
        .values("week_start", "category")
        .annotate(n=households)
        .order_by()
    }

    recent_start = filters.end - dt.timedelta(weeks=TREND_WEEKS - 1)
    previous_start = filters.end - dt.timedelta(weeks=2 * TREND_WEEKS - 1)
    trends = {
        row["category"]: trend_of(row["recent"], row["previous"])
        for row in signals.filter(week_start__range=(previous_start, filters.end))
        .values("category")
        .annotate(
            recent=Count("household", distinct=True, filter=Q(week_start__gte=recent_start)),
            previous=Count("household", distinct=True, filter=Q(week_start__lt=recent_start)),
        )
        .order_by()
    }
    unknown = Trend("unknown", None)
    series = [
        Series(
            category=code,
            label=label,
            cells=[cell(weekly.get((week, code), 0)) for week in weeks],
            trend=trends.get(code, unknown),
        )
        for code, label in categories
    ]

    last_day = filters.end + dt.timedelta(days=6)
    developments = [
        DevelopmentMark(
            number=i,
            title=d.title,
            date=d.date,
            week_index=(monday(d.date) - filters.start).days // 7,
        )
        for i, d in enumerate(
            Development.objects.filter(date__range=(filters.start, last_day)).order_by("date", "id"), 1
        )
    ]
    return Monitor(
        filters=filters,
        weeks=weeks,
        series=series,
        developments=developments,
        health_omitted=filters.neighbourhood_id is not None and filters.category in ("", HEALTH),
    )


def build_areas(filters: Filters) -> AreaTable:
    signals = _signals(filters).filter(week_start__range=(filters.start, filters.end))
    # Never health: its breakdown by place is always left out.
    area_categories = [(code, label) for code, label in _categories(filters) if code != HEALTH]
    area_codes = [code for code, _label in area_categories]
    per_area: dict[int | None, dict[str, int]] = {}
    for row in (
        signals.filter(category__in=area_codes)
        .values("neighbourhood_id", "category")
        .annotate(n=Count("household", distinct=True))
        .order_by()
    ):
        per_area.setdefault(row["neighbourhood_id"], {})[row["category"]] = row["n"]
    names = {
        n.id: n
        for n in Neighbourhood.objects.filter(id__in=[i for i in per_area if i is not None]).only(
            "id", "name", "municipality"
        )
    }
    rows = []
    for area_id, counts in per_area.items():
        area = names.get(area_id)
        rows.append(
            NeighbourhoodRow(
                name=area.name if area else _("Buurt onbekend"),
                municipality=area.municipality if area else "",
                cells=[cell(counts.get(code, 0)) for code in area_codes],
            )
        )
    rows.sort(key=lambda r: (r.municipality == "", r.municipality, r.name))
    return AreaTable(categories=area_categories, rows=rows)


def csv_rows(monitor: Monitor, areas: AreaTable) -> list[list[str]]:
    """Exactly the aggregates the page shows, suppressed cells as "<10" (header first)."""
    period = f"{iso_week(monitor.filters.start)} t/m {iso_week(monitor.filters.end)}"
    rows = [[_("onderdeel"), _("week"), _("buurt"), _("categorie"), _("huishoudens"), _("trend")]]
    for s in monitor.series:
        for week, c in zip(monitor.weeks, s.cells, strict=True):
            rows.append([_("per week"), iso_week(week), "", s.label, c.display, ""])
    for area in areas.rows:
        for (_code, label), c in zip(areas.categories, area.cells, strict=True):
            rows.append([_("per buurt"), period, area.name, label, c.display, ""])
    for s in monitor.series:
        trend = s.trend.label
        if s.trend.change_pct is not None:
            trend = f"{trend} ({s.trend.change_pct:+d}%)"
        rows.append([_("trend"), period, "", s.label, "", trend])
    return rows


def iso_week(day: dt.date) -> str:
    year, week, _day = day.isocalendar()
    return f"{year}-W{week:02d}"


def process_label(code: str) -> str:
    try:
        return str(CustomerProcess(code).label)
    except ValueError:
        return code
