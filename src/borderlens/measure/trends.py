"""The KPI trends drawn on the KPI page, week by week of lodgement."""

from __future__ import annotations

from collections.abc import Callable

from borderlens.measure.charts import Chart, Series, bar_chart, line_chart
from borderlens.measure.kpis import Kpis, Tally

HISTORY_COLOUR = "#7d8fa1"
WORKBENCH_COLOUR = "#0b5cad"
HIT_COLOUR = "#c62828"
NO_HIT_COLOUR = "#c3ced8"
GREEN_COLOUR = "#2e7d32"
CRITICAL_COLOUR = "#6a1b9a"
SEIZURE_COLOUR = "#ef6c00"
MIN_WEEKLY_EXAMINATIONS = 5
"""A week's hit rate from fewer examinations than this is noise, and is not drawn."""


def count(value: float) -> str:
    return f"{value:,.0f}"


def percent(value: float) -> str:
    return f"{value:.0%}" if value >= 0.1 or value == 0 else f"{value:.1%}"


def money(value: float) -> str:
    """Amounts in short form: 950, 12.5k, 3.1M."""
    for size, suffix in ((1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            return f"{value / size:,.1f}".rstrip("0").rstrip(".") + suffix
    return f"{value:,.0f}"


def _steady_rate(tally: Tally) -> float | None:
    return tally.hit_rate if tally.inspected >= MIN_WEEKLY_EXAMINATIONS else None


def kpi_charts(kpis: Kpis) -> list[Chart]:
    """Examinations, hit rate, revenue, security findings and releases per week."""
    weeks = [week.start for week in kpis.weeks]
    history = [week.history for week in kpis.weeks]
    workbench = [week.workbench for week in kpis.weeks]
    hits = [h.hits + w.hits for h, w in zip(history, workbench, strict=True)]
    misses = [
        h.false_positives + w.false_positives for h, w in zip(history, workbench, strict=True)
    ]
    critical = [h.critical + w.critical for h, w in zip(history, workbench, strict=True)]
    released = [w.released / w.items if w.items else None for w in kpis.weeks]

    def by_source(values: Callable[[Tally], float | None]) -> list[Series]:
        return [
            Series("historical inspections", HISTORY_COLOUR, [values(t) for t in history]),
            Series("workbench outcomes", WORKBENCH_COLOUR, [values(t) for t in workbench]),
        ]

    return [
        bar_chart(
            "Examinations per week",
            "Hits and false positives (examinations that found nothing), both sources.",
            weeks,
            [Series("hits", HIT_COLOUR, hits), Series("false positives", NO_HIT_COLOUR, misses)],
            count,
        ),
        line_chart(
            "Hit rate per week",
            "Share of examinations that found something; weeks with fewer than "
            f"{MIN_WEEKLY_EXAMINATIONS} examinations from a source are left out.",
            weeks,
            by_source(_steady_rate),
            percent,
        ),
        bar_chart(
            "Duties recovered per week",
            "Additional duties the examinations recovered.",
            weeks,
            by_source(lambda tally: tally.revenue),
            money,
        ),
        bar_chart(
            "Security findings per week",
            "Critical frauds (a threat to public safety) from both sources; seizures are "
            "recorded in the workbench only.",
            weeks,
            [
                Series("critical frauds", CRITICAL_COLOUR, critical),
                Series("seizures", SEIZURE_COLOUR, [t.seizures for t in workbench]),
            ],
            count,
            stacked=False,
        ),
        line_chart(
            "Released without examination per week",
            "Share of the week's items sent green by the selection or released by an officer.",
            weeks,
            [Series("released", GREEN_COLOUR, released)],
            percent,
            wide=True,
        ),
    ]
