"""KPIs from the historical inspections and the workbench's records: totals, the precedence of
a recorded outcome over the historical result, hit rates by channel, rule, model version and
picker, facilitation, weekly figures, and the charts drawn from them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from borderlens.measure import GroupRow, Kpis, Tally, compute_kpis
from borderlens.measure.charts import Series, bar_chart, line_chart, nice_ceiling
from borderlens.measure.kpis import NO_MODEL
from borderlens.measure.trends import count, kpi_charts, money, percent
from borderlens.review.decisions import Finding, record_decision, record_outcome
from borderlens.warehouse.store import Store
from tests.measure import item_in, opened_store

NOT_INSPECTED = "declaration_id IN (SELECT declaration_id FROM declaration WHERE NOT inspected)"


@pytest.fixture
def store(advised_world: Path, tmp_path: Path) -> Iterator[Store]:
    with opened_store(advised_world, tmp_path) as opened:
        yield opened


def examine(store: Store, item: tuple[str, int], finding: Finding, action: str = "inspect") -> str:
    record_decision(store, *item, action, "officer's choice", officer="ana", client="c")
    return record_outcome(store, *item, finding, officer="ana", client="c").outcome_id


def row(rows: list[GroupRow], label: str) -> GroupRow:
    return next(found for found in rows if found.label == label)


def test_the_history_comes_from_the_declarations_own_inspections(store: Store) -> None:
    expected = store.row(
        "SELECT count(*) AS n, count(*) FILTER (WHERE fraud_label = 1) AS hits, "
        "count(*) FILTER (WHERE critical_fraud_label = 2) AS critical, "
        "sum(revenue_recovered) AS revenue FROM declaration "
        "WHERE inspected AND fraud_label IS NOT NULL"
    )
    kpis = compute_kpis(store)
    assert expected is not None and expected["n"] > 0
    assert kpis.history.inspected == expected["n"] and kpis.history.hits == expected["hits"]
    assert kpis.history.critical == expected["critical"]
    assert kpis.history.revenue == pytest.approx(float(expected["revenue"]))
    assert kpis.workbench == Tally() and kpis.combined.inspected == expected["n"]
    assert sum(week.history.inspected for week in kpis.weeks) == expected["n"]
    assert [r.label for r in kpis.by_model_version] == [NO_MODEL]


def test_an_outcome_counts_at_once_in_every_kpi(store: Store) -> None:
    before = compute_kpis(store)
    item = item_in(store, f"channel = 'red' AND picked_by LIKE 'policy:%' AND {NOT_INSPECTED}")
    examine(store, item, Finding("hit", "weapons parts", 2500.0, seizure=True, critical=True))
    after = compute_kpis(store)
    assert after.workbench == Tally(1, 1, 0, 1.0, 2500.0, 1, 1)
    assert after.history == before.history
    assert after.combined.revenue == pytest.approx(before.combined.revenue + 2500.0)
    assert after.combined.hit_rate != before.combined.hit_rate
    assert row(after.by_channel, "red").workbench.hits == 1
    version = store.value("SELECT max(model_version) FROM risk_selection")
    assert row(after.by_model_version, version).workbench.inspected == 1
    assert after.by_model_version[-1].label == NO_MODEL
    assert row(after.by_picker, "model").workbench.hits == 1
    week = next(w for w in after.weeks if w.workbench.inspected)
    assert week.workbench.seizures == 1 and week.workbench.revenue == 2500.0


def test_a_recorded_outcome_replaces_the_historical_result(store: Store) -> None:
    before = compute_kpis(store)
    item = item_in(
        store,
        "declaration_id IN (SELECT declaration_id FROM declaration "
        "WHERE inspected AND fraud_label = 1)",
    )
    hit = examine(store, item, Finding("no_hit"))
    after = compute_kpis(store)
    assert after.history.inspected == before.history.inspected - 1
    assert after.history.hits == before.history.hits - 1
    assert after.workbench.false_positives == 1
    record_outcome(
        store,
        *item,
        Finding("hit", "found later in the papers", 10.0),
        officer="bob",
        client="c",
        corrects=hit,
    )
    corrected = compute_kpis(store)
    assert corrected.workbench.hits == 1 and corrected.workbench.false_positives == 0


def test_false_positives_by_rule_and_exploration_against_the_model(store: Store) -> None:
    ruled = item_in(store, f"picked_by = 'rule:weapons-explosives' AND {NOT_INSPECTED}")
    explored = item_in(store, f"picked_by = 'exploration' AND {NOT_INSPECTED}")
    overridden = item_in(store, f"channel = 'green' AND {NOT_INSPECTED}")
    examine(store, ruled, Finding("no_hit"))
    examine(store, explored, Finding("hit", "undervalued", 80.0))
    examine(store, overridden, Finding("no_hit"))
    kpis = compute_kpis(store)
    weapons = row(kpis.by_rule, "weapons-explosives")
    assert weapons.workbench.inspected == 1 and weapons.workbench.false_positives == 1
    assert row(kpis.by_picker, "exploration (random draw)").workbench.hit_rate == 1.0
    assert row(kpis.by_picker, "officer, against the advice").workbench.false_positives == 1
    assert row(kpis.by_channel, "green").workbench.inspected == 1


def test_releases_count_toward_facilitation(store: Store) -> None:
    before = compute_kpis(store).facilitation
    green = item_in(store, "channel = 'green'")
    red = item_in(store, "channel = 'red'")
    record_decision(store, *green, "inspect", "tip-off", officer="ana", client="c")
    record_decision(store, *red, "release", "trusted trader", officer="ana", client="c")
    after = compute_kpis(store).facilitation
    assert after.released_green == before.released_green - 1
    assert after.released_by_officer == before.released_by_officer + 1
    assert after.released == before.released and after.items == before.items
    assert after.median_hours_officer is not None and after.median_hours_officer > 0


def test_a_period_narrows_every_figure(store: Store) -> None:
    last = store.value("SELECT max(declaration_date) FROM declaration")
    whole, tail = compute_kpis(store), compute_kpis(store, since=last)
    assert 0 < tail.facilitation.items < whole.facilitation.items
    assert [w.start for w in tail.weeks] == [whole.weeks[-1].start]
    assert compute_kpis(store, since=date(2999, 1, 1)).facilitation.items == 0


def test_charts_draw_what_the_kpis_hold(store: Store) -> None:
    kpis: Kpis = compute_kpis(store)
    charts = kpi_charts(kpis)
    assert [c.title for c in charts][:2] == ["Examinations per week", "Hit rate per week"]
    examinations = charts[0]
    assert len({bar.x for bar in examinations.bars}) == sum(
        1 for week in kpis.weeks if week.history.inspected
    )
    assert charts[-1].wide and charts[-1].lines


def test_chart_geometry() -> None:
    assert nice_ceiling(7.3) == (8.0, 2.0)
    assert nice_ceiling(0.042) == pytest.approx((0.06, 0.02))
    assert nice_ceiling(0.0) == (1.0, 0.25)
    weeks = [date(2026, 1, 5), date(2026, 1, 12), date(2026, 1, 19), date(2026, 2, 2)]
    line = line_chart("t", "c", weeks, [Series("s", "#000", [0.5, None, 0.25, 0.5])], percent)
    assert len(line.lines) == 1 and len(line.dots) == 3
    assert [tick.label for tick in line.x_ticks] == ["Jan 2026", "Feb 2026"]
    bars = bar_chart(
        "t",
        "c",
        weeks,
        [Series("a", "#111", [1, 2, 0, 3]), Series("b", "#222", [1, 0, 0, 1])],
        count,
    )
    first_week = [bar for bar in bars.bars if bar.x == bars.bars[0].x]
    assert sum(bar.height for bar in first_week) == pytest.approx(bars.bottom - first_week[-1].y)
    assert bar_chart("t", "c", weeks, [Series("a", "#111", [0, 0, 0, 0])], count).empty
    assert money(12_500) == "12.5k" and money(3_000_000) == "3M" and percent(0.042) == "4.2%"
