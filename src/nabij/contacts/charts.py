"""Geometry for the developments monitor's server-rendered SVG bar charts (no JavaScript).

One small chart per category (small multiples read better than eleven lines in one chart). A suppressed
week is drawn as a hatched bar of fixed height at the 10-household line — its number is never used — and
developments are vertical lines with their number, explained in the list below the charts.
"""

from dataclasses import dataclass

from nabij.contacts.monitor import THRESHOLD, DevelopmentMark, Series

WIDTH = 360
HEIGHT = 170
LEFT = 34
RIGHT = 8
TOP = 18
BOTTOM = 22


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    suppressed: bool
    label: str  # "wk 48: 12"


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Marker:
    x: float
    number: int
    title: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    plot_top: int
    plot_bottom: int
    plot_left: int
    plot_right: int
    max_value: int
    mid_value: int
    mid_y: float
    bars: list[Bar]
    ticks: list[Tick]
    markers: list[Marker]


def _nice_max(value: int) -> int:
    """Round up to 1, 2 or 5 times a power of ten, at least THRESHOLD."""
    value = max(value, THRESHOLD)
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def bar_chart(series: Series, weeks: list, developments: list[DevelopmentMark]) -> Chart:
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    n = max(len(weeks), 1)
    slot = plot_w / n
    bar_w = max(slot * 0.7, 1.0)
    top_value = _nice_max(max((c.value or 0 for c in series.cells), default=0))
    bars, ticks = [], []
    every = max(1, -(-n // 8))  # at most about 8 week labels
    for i, (week, c) in enumerate(zip(weeks, series.cells, strict=True)):
        value = THRESHOLD if c.suppressed else (c.value or 0)
        h = plot_h * value / top_value
        x = LEFT + i * slot + (slot - bar_w) / 2
        week_no = week.isocalendar()[1]
        bars.append(
            Bar(
                x=round(x, 1),
                y=round(TOP + plot_h - h, 1),
                width=round(bar_w, 1),
                height=round(h, 1),
                suppressed=c.suppressed,
                label=f"wk {week_no}: {c.display}",
            )
        )
        if i % every == 0:
            ticks.append(Tick(x=round(LEFT + i * slot + slot / 2, 1), label=f"wk {week_no}"))
    markers = [
        Marker(x=round(LEFT + d.week_index * slot + slot / 2, 1), number=d.number, title=d.title)
        for d in developments
        if 0 <= d.week_index < n
    ]
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        plot_top=TOP,
        plot_bottom=TOP + plot_h,
        plot_left=LEFT,
        plot_right=WIDTH - RIGHT,
        max_value=top_value,
        mid_value=top_value // 2,
        mid_y=round(TOP + plot_h / 2, 1),
        bars=bars,
        ticks=ticks,
        markers=markers,
    )
