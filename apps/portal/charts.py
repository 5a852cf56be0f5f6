"""Geometry for the server-rendered SVG chart of events per month, stacked by type.

Pure Python: the template only draws the rectangles computed here, so the chart needs no
JavaScript and renders the same for every reader.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
OTHER_COLOUR = "#8C8C8C"
OTHER = "other"


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
    max_series: int = len(PALETTE),
) -> Chart:
    """Lay out ``(month, series, count)`` rows as stacked bars, one column per calendar month.

    Months without events keep their (empty) column so gaps in time stay visible; series beyond
    the ``max_series`` largest are grouped as "other".
    """
    left, right, top, bottom = 36, 8, 8, 24
    chart = Chart(width=width, height=height, plot_left=left, plot_bottom=height - bottom)
    rows = [(month.replace(day=1), series, count) for month, series, count in rows if count]
    if not rows:
        return chart

    totals: dict[str, int] = defaultdict(int)
    for _, series, count in rows:
        totals[series] += count
    ranked = sorted(totals, key=lambda s: (-totals[s], s))
    named = ranked if len(ranked) <= max_series else ranked[: max_series - 1]
    colours = {series: PALETTE[i] for i, series in enumerate(named)}

    per_month: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for month, series, count in rows:
        per_month[month][series if series in colours else OTHER] += count
    order = [*named, *([OTHER] if len(named) < len(ranked) else [])]
    chart.legend = [
        (s, colours.get(s, OTHER_COLOUR), totals[s] if s != OTHER else 0) for s in order
    ]
    if OTHER in order:
        other_total = sum(t for s, t in totals.items() if s not in colours)
        chart.legend[-1] = (OTHER, OTHER_COLOUR, other_total)

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
