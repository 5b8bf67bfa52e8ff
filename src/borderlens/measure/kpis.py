"""Key performance indicators of the selection and of the officers' work, computed on request
from the warehouse so that a recorded outcome counts at once.

- **facilitation**: the share of goods items released without examination (sent green by the
  selection and not decided otherwise, or released by an officer's decision), and the median
  hours from lodgement (the declaration date, at midnight) to release (the officer's decision,
  or the selection run for green items);
- **revenue**: additional duties recovered by examinations;
- **security**: seizures and critical frauds (a threat to public safety) found;
- **hit rates**: the share of examinations that found something, by channel, rule, model
  version and who picked the item (model, rule, exploration draw, officer), with the false
  positives (examinations that found nothing), week by week.

Every figure is split by where the result comes from (see `borderlens.measure.results`):
outcomes recorded in the workbench, and the historical inspection results of the declarations.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from borderlens.measure.results import (
    HISTORY,
    WORKBENCH,
    items_sql,
    rule_hits_sql,
    selection_run,
)
from borderlens.warehouse.store import Row, Store

EARLIEST, LATEST = date(1, 1, 1), date(9999, 12, 31)
CHANNEL_ORDER = ("red", "yellow", "blue", "green", "not selected")
NO_MODEL = "no model (historical inspection)"
_TALLY = """count(*) AS inspected, count(*) FILTER (WHERE hit) AS hits,
    coalesce(sum(revenue), 0) AS revenue, count(*) FILTER (WHERE critical) AS critical,
    count(*) FILTER (WHERE seizure) AS seizures"""


@dataclass(frozen=True)
class Tally:
    """Examinations of one group from one source, and what they found."""

    inspected: int = 0
    hits: int = 0
    false_positives: int = 0
    hit_rate: float | None = None
    revenue: float = 0.0
    critical: int = 0
    seizures: int = 0

    @classmethod
    def of(cls, row: Row | None) -> Tally:
        if not row or not row["inspected"]:
            return cls()
        inspected, hits = int(row["inspected"]), int(row["hits"])
        return cls(
            inspected,
            hits,
            inspected - hits,
            hits / inspected,
            float(row["revenue"]),
            int(row["critical"]),
            int(row["seizures"]),
        )


@dataclass(frozen=True)
class GroupRow:
    """One channel, rule, model version or picker: its workbench and historical results."""

    label: str
    workbench: Tally
    history: Tally


@dataclass(frozen=True)
class Facilitation:
    items: int
    released: int
    released_green: int
    released_by_officer: int
    share_released: float | None
    median_hours: float | None
    median_hours_green: float | None
    median_hours_officer: float | None


@dataclass(frozen=True)
class Week:
    start: date
    items: int
    released: int
    workbench: Tally
    history: Tally


@dataclass(frozen=True)
class Kpis:
    """Every KPI of one period (``since``/``until`` are lodgement days; None is open)."""

    since: date | None
    until: date | None
    facilitation: Facilitation
    workbench: Tally
    history: Tally
    by_channel: list[GroupRow]
    by_rule: list[GroupRow]
    by_model_version: list[GroupRow]
    by_picker: list[GroupRow]
    weeks: list[Week]
    combined: Tally
    """Both sources together."""
    selection_ran_at: datetime | None = None
    """When the current selection ran (green items count as released then)."""


def combine(first: Tally, second: Tally) -> Tally:
    """Two tallies of different items as one."""
    inspected, hits = first.inspected + second.inspected, first.hits + second.hits
    return Tally(
        inspected,
        hits,
        inspected - hits,
        hits / inspected if inspected else None,
        first.revenue + second.revenue,
        first.critical + second.critical,
        first.seizures + second.seizures,
    )


def _facilitation(store: Store, items: str, period: list[date]) -> Facilitation:
    row = store.row(
        f"""{items}
        SELECT count(*) AS items, count(released_by) AS released,
            count(*) FILTER (WHERE released_by = 'selection') AS green,
            count(*) FILTER (WHERE released_by = 'officer') AS officer,
            median(hours_to_release) AS hours,
            median(hours_to_release) FILTER (WHERE released_by = 'selection') AS hours_green,
            median(hours_to_release) FILTER (WHERE released_by = 'officer') AS hours_officer
        FROM items""",
        period,
    )
    assert row is not None
    total = int(row["items"])
    return Facilitation(
        total,
        int(row["released"]),
        int(row["green"]),
        int(row["officer"]),
        row["released"] / total if total else None,
        row["hours"],
        row["hours_green"],
        row["hours_officer"],
    )


def _grouped(store: Store, sql: str, period: list[date]) -> dict[str, dict[str, Tally]]:
    """{label: {source: tally}} from a query returning label, source and the tally columns."""
    found: dict[str, dict[str, Tally]] = {}
    for row in store.rows(sql, period):
        found.setdefault(str(row["label"]), {})[row["source"]] = Tally.of(row)
    return found


def _rows(groups: dict[str, dict[str, Tally]], order: tuple[str, ...] = ()) -> list[GroupRow]:
    def rank(label: str) -> tuple[int, int, str]:
        position = order.index(label) if label in order else len(order)
        busiest = -sum(tally.inspected for tally in groups[label].values())
        return position, busiest, label

    return [
        GroupRow(label, groups[label].get(WORKBENCH, Tally()), groups[label].get(HISTORY, Tally()))
        for label in sorted(groups, key=rank)
    ]


def _by(store: Store, items: str, label: str, period: list[date]) -> dict[str, dict[str, Tally]]:
    return _grouped(
        store,
        f"{items} SELECT {label} AS label, source, {_TALLY} FROM items "
        "WHERE source IS NOT NULL GROUP BY ALL",
        period,
    )


def _by_rule(store: Store, items: str, period: list[date]) -> dict[str, dict[str, Tally]]:
    return _grouped(
        store,
        f"""{items}, rules AS (
            SELECT i.*, unnest(from_json(i.advice_rules, '["VARCHAR"]')) AS rule_id
            FROM items i WHERE i.source = '{WORKBENCH}'
            UNION ALL BY NAME
            SELECT i.*, h.rule_id FROM items i
            JOIN ({rule_hits_sql(store)}) h
              ON h.declaration_id = i.declaration_id AND h.item_no = i.item_no
            WHERE i.source = '{HISTORY}'
        )
        SELECT rule_id AS label, source, {_TALLY} FROM rules GROUP BY ALL""",
        period,
    )


def _weeks(store: Store, items: str, period: list[date]) -> list[Week]:
    def tally(source: str) -> str:
        where = f"source = '{source}'"
        return (
            f"count(*) FILTER (WHERE {where}) AS {source}_inspected, "
            f"count(*) FILTER (WHERE {where} AND hit) AS {source}_hits, "
            f"coalesce(sum(revenue) FILTER (WHERE {where}), 0) AS {source}_revenue, "
            f"count(*) FILTER (WHERE {where} AND critical) AS {source}_critical, "
            f"count(*) FILTER (WHERE {where} AND seizure) AS {source}_seizures"
        )

    rows = store.rows(
        f"""{items} SELECT week, count(*) AS items, count(released_by) AS released,
            {tally(WORKBENCH)}, {tally(HISTORY)}
        FROM items GROUP BY week ORDER BY week""",
        period,
    )

    def part(row: Row, source: str) -> Tally:
        return Tally.of({name: row[f"{source}_{name}"] for name in _TALLY_NAMES})

    return [
        Week(
            row["week"],
            int(row["items"]),
            int(row["released"]),
            part(row, WORKBENCH),
            part(row, HISTORY),
        )
        for row in rows
    ]


_TALLY_NAMES = ("inspected", "hits", "revenue", "critical", "seizures")


def _newest_first(rows: list[GroupRow]) -> list[GroupRow]:
    """Model versions newest first (their names sort by training time), history last."""
    versions = sorted((row for row in rows if row.label != NO_MODEL), key=lambda row: row.label)
    return versions[::-1] + [row for row in rows if row.label == NO_MODEL]


def compute_kpis(store: Store, since: date | None = None, until: date | None = None) -> Kpis:
    """Every KPI of the goods items lodged from ``since`` to ``until`` (both included)."""
    items = items_sql(store)
    period = [since or EARLIEST, until or LATEST]
    totals = _by(store, items, "'all'", period).get("all", {})
    models = _by(store, items, f"coalesce(model_version, '{NO_MODEL}')", period)
    run = selection_run(store)
    workbench, history = totals.get(WORKBENCH, Tally()), totals.get(HISTORY, Tally())
    return Kpis(
        since=since,
        until=until,
        facilitation=_facilitation(store, items, period),
        workbench=workbench,
        history=history,
        by_channel=_rows(
            _by(store, items, "coalesce(channel, 'not selected')", period), CHANNEL_ORDER
        ),
        by_rule=_rows(_by_rule(store, items, period)),
        by_model_version=_newest_first(_rows(models)),
        by_picker=_rows(_by(store, items, "picker", period)),
        weeks=_weeks(store, items, period),
        combined=combine(workbench, history),
        selection_ran_at=run["selected_at"] if run else None,
    )
