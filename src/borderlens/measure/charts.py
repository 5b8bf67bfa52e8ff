"""Small week-by-week charts as SVG geometry: axes with round ticks, lines or bars, a legend.

The numbers are laid out here and drawn by a template (no chart library, nothing from the
internet): a chart is lists of lines, paths, dots, bars and labels in SVG user units.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

WIDTH, WIDE, HEIGHT = 640, 1300, 250
LEFT, RIGHT, TOP, BOTTOM = 58, 12, 14, 34
MAX_X_LABELS = 7
Formatter = Callable[[float], str]


@dataclass(frozen=True)
class Series:
    """One named sequence of values, one per week (None where there is nothing to show)."""

    name: str
    colour: str
    values: Sequence[float | None]


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    title: str


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    colour: str
    title: str


@dataclass(frozen=True)
class Line:
    colour: str
    points: str


@dataclass
class Chart:
    """Everything a template needs to draw one chart."""

    title: str
    caption: str
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM
    y_ticks: list[Tick] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    dots: list[Dot] = field(default_factory=list)
    bars: list[Bar] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)
    empty: bool = False

    @property
    def wide(self) -> bool:
        return self.width > WIDTH

    @classmethod
    def sized(cls, title: str, caption: str, series: Sequence[Series], wide: bool) -> Chart:
        width = WIDE if wide else WIDTH
        legend = [(one.name, one.colour) for one in series]
        return cls(title, caption, width=width, right=width - RIGHT, legend=legend)


def nice_ceiling(top: float, ticks: int = 4) -> tuple[float, float]:
    """(axis maximum, tick step): a round step (1, 2, 2.5 or 5 times a power of ten) such
    that ``ticks`` steps reach at least ``top``."""
    if top <= 0:
        return 1.0, 0.25
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    return step * math.ceil(top / step - 1e-9), step


def _month_ticks(weeks: Sequence[date], x_of: Callable[[int], float]) -> list[Tick]:
    starts = [i for i, week in enumerate(weeks) if i == 0 or week.month != weeks[i - 1].month]
    every = max(1, math.ceil(len(starts) / MAX_X_LABELS))
    return [Tick(x_of(i), f"{weeks[i]:%b %Y}") for i in starts[::every]]


def _frame(chart: Chart, weeks: Sequence[date], top: float, fmt: Formatter) -> Callable[..., float]:
    """Set the axes of ``chart``; returns y_of(value)."""
    maximum, step = nice_ceiling(top)
    span = chart.bottom - chart.top

    def y_of(value: float) -> float:
        return round(chart.bottom - span * value / maximum, 1)

    count = math.floor(maximum / step + 1e-9)
    chart.y_ticks = [Tick(y_of(step * k), fmt(step * k)) for k in range(count + 1)]
    slot = (chart.right - chart.left) / max(1, len(weeks))
    chart.x_ticks = _month_ticks(weeks, lambda i: round(chart.left + slot * (i + 0.5), 1))
    return y_of


def line_chart(
    title: str,
    caption: str,
    weeks: Sequence[date],
    series: Sequence[Series],
    fmt: Formatter,
    *,
    wide: bool = False,
) -> Chart:
    """Lines through each series' values (broken where a value is None), a dot on each."""
    chart = Chart.sized(title, caption, series, wide)
    values = [v for s in series for v in s.values if v is not None]
    chart.empty = not values
    y_of = _frame(chart, weeks, max(values, default=0.0), fmt)
    slot = (chart.right - chart.left) / max(1, len(weeks))
    for one in series:
        run: list[str] = []
        for i, value in enumerate([*one.values, None]):
            if value is None:
                if len(run) > 1:
                    chart.lines.append(Line(one.colour, " ".join(run)))
                run = []
                continue
            x, y = round(chart.left + slot * (i + 0.5), 1), y_of(value)
            run.append(f"{x},{y}")
            title_text = f"{one.name}, week of {weeks[i]:%d %b %Y}: {fmt(value)}"
            chart.dots.append(Dot(x, y, one.colour, title_text))
    return chart


def bar_chart(
    title: str,
    caption: str,
    weeks: Sequence[date],
    series: Sequence[Series],
    fmt: Formatter,
    *,
    stacked: bool = True,
    wide: bool = False,
) -> Chart:
    """Bars per week: stacked (parts of one whole) or side by side."""
    chart = Chart.sized(title, caption, series, wide)
    rows = [[v or 0.0 for v in s.values] for s in series]
    totals = [sum(week) for week in zip(*rows, strict=True)] if stacked else []
    top = max(totals if stacked else [v for row in rows for v in row], default=0.0)
    chart.empty = top <= 0
    y_of = _frame(chart, weeks, top, fmt)
    slot = (chart.right - chart.left) / max(1, len(weeks))
    width = slot * 0.8 if stacked else slot * 0.8 / max(1, len(series))
    for i, week in enumerate(weeks):
        base = 0.0
        for k, one in enumerate(series):
            value = rows[k][i]
            if value <= 0:
                continue
            x = chart.left + slot * i + slot * 0.1 + (0 if stacked else width * k)
            low, high = (base, base + value) if stacked else (0.0, value)
            chart.bars.append(
                Bar(
                    round(x, 1),
                    y_of(high),
                    round(width, 1),
                    round(y_of(low) - y_of(high), 1),
                    one.colour,
                    f"{one.name}, week of {week:%d %b %Y}: {fmt(value)}",
                )
            )
            base = high if stacked else base
    return chart
