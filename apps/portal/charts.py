"""Geometry for the server-rendered SVG chart of events per month, stacked by type.

Pure Python: the template only draws the rectangles computed here, so the chart needs no
JavaScript and renders the same for every reader. Each event type has a fixed colour
(``data/type_colours.yaml``), so a type looks the same whatever the data; the file's order is
the stacking order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

import yaml

COLOURS_FILE = Path(__file__).resolve().parent / "data" / "type_colours.yaml"
OTHER_COLOUR = "#8C8C8C"
OTHER = "other"  # a type the colour file does not know (the vocabulary grew without it)


@cache
def type_colours() -> dict[str, str]:
    """Event type -> its colour, in stacking order."""
    with COLOURS_FILE.open(encoding="utf-8") as fh:
        return {str(key): str(colour) for key, colour in yaml.safe_load(fh).items()}


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    month: date
    series: str
    count: int


@dataclass
class Chart:
    width: int
    height: int
    plot_left: int
    plot_bottom: int
    bars: list[Bar] = field(default_factory=list)
    legend: list[tuple[str, str, int]] = field(default_factory=list)  # (series, colour, total)
    x_labels: list[tuple[float, str]] = field(default_factory=list)
    y_ticks: list[tuple[float, int]] = field(default_factory=list)
    months: list[tuple[date, dict[str, int], int]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.bars


def _month_range(first: date, last: date) -> list[date]:
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _nice_step(peak: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if peak / step <= 5:
            return step
    return max(1, peak // 5)


def monthly_stacked_chart(
    rows: list[tuple[date, str, int]],
    *,
    width: int = 720,
    height: int = 240,
    colours: Mapping[str, str] | None = None,
) -> Chart:
    """Lay out ``(month, series, count)`` rows as stacked bars, one column per calendar month.

    Months without events keep their (empty) column so gaps in time stay visible. Each series
    takes its colour from ``colours`` (by default ``type_colours()``) and stacks in its order;
    series it does not name are drawn together as "other", in grey, on top.
    """
    colours = type_colours() if colours is None else colours
    left, right, top, bottom = 36, 8, 8, 24
    chart = Chart(width=width, height=height, plot_left=left, plot_bottom=height - bottom)
    rows = [(month.replace(day=1), series, count) for month, series, count in rows if count]
    if not rows:
        return chart

    totals: dict[str, int] = defaultdict(int)
    per_month: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for month, series, count in rows:
        key = series if series in colours else OTHER
        totals[key] += count
        per_month[month][key] += count
    order = [s for s in colours if s in totals] + ([OTHER] if OTHER in totals else [])
    chart.legend = [(s, colours.get(s, OTHER_COLOUR), totals[s]) for s in order]

    months = _month_range(min(per_month), max(per_month))
    peak = max(sum(counts.values()) for counts in per_month.values())
    step = _nice_step(peak)
    ceiling = step * -(-peak // step)
    plot_h = height - top - bottom
    slot = (width - left - right) / len(months)
    bar_w = min(max(1.0, slot * 0.8), 28.0)

    for i, month in enumerate(months):
        counts = per_month.get(month, {})
        total = sum(counts.values())
        if total:
            chart.months.append((month, dict(counts), total))
        y = float(height - bottom)
        for series in order:
            count = counts.get(series, 0)
            if not count:
                continue
            h = plot_h * count / ceiling
            y -= h
            chart.bars.append(
                Bar(
                    x=round(left + i * slot + (slot - bar_w) / 2, 2),
                    y=round(y, 2),
                    width=round(bar_w, 2),
                    height=round(h, 2),
                    colour=colours.get(series, OTHER_COLOUR),
                    month=month,
                    series=series,
                    count=count,
                )
            )
        if month.month == 1 or i == 0:
            label = str(month.year) if len(months) > 18 else month.strftime("%b %Y")
            chart.x_labels.append((round(left + i * slot, 2), label))
        elif len(months) <= 18:
            chart.x_labels.append((round(left + i * slot, 2), month.strftime("%b")))
    chart.y_ticks = [
        (round(height - bottom - plot_h * v / ceiling, 2), v) for v in range(0, ceiling + 1, step)
    ]
    return chart
