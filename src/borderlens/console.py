"""Terminal output: progress bars for long work and tables for results (rich)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from borderlens.ingest.progress import Progress as ProgressCallback
from borderlens.ingest.progress import no_progress
from borderlens.warehouse.loads import LoadReport
from borderlens.warehouse.status import WarehouseStatus

if TYPE_CHECKING:
    from borderlens.network import NetworkSummary
    from borderlens.resolve.matching import ResolveSummary
    from borderlens.risk.backtest import BacktestResult
    from borderlens.risk.explain import Explanation
    from borderlens.risk.learning import SimulationResult
    from borderlens.risk.model import RiskModel
    from borderlens.risk.rules import Profile, RuleSummary
    from borderlens.risk.selection import SelectionSummary
    from borderlens.risk.stage import RiskStageSummary

console = Console(stderr=True)
output = Console()


@contextmanager
def progress_bar(quiet: bool) -> Iterator[ProgressCallback]:
    """A callback that drives one progress bar on stderr, or does nothing when quiet."""
    if quiet or not console.is_terminal:
        yield no_progress
        return
    bars = Progress(
        TextColumn("{task.description:<28}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )
    task: TaskID = bars.add_task("starting", total=1)

    def update(label: str, done: int, total: int) -> None:
        bars.update(task, description=label, completed=done, total=max(total, 1))

    with bars:
        yield update


def print_load(report: LoadReport) -> None:
    """One load's counts, and its quarantine reasons when there are any."""
    style = "yellow" if report.rows_quarantined else "green"
    output.print(report.summary(), style="dim" if report.already_loaded else style, soft_wrap=True)
    for field, rows in report.reasons.items():
        output.print(f"  quarantined for {field}: {rows:,}")


def print_world(summary: dict[str, int], folder: Path) -> None:
    """The headline counts of a generated demo world."""
    table = Table("demo world", "count", title=f"Generated into {folder}")
    for name, count in summary.items():
        table.add_row(name.replace("_", " "), f"{count:,}")
    output.print(table)


def print_status(status: WarehouseStatus) -> None:
    """Tables, recent loads and quarantine reasons as terminal tables."""
    output.print(
        f"[bold]{status.database}[/] ({status.engine}), schema version {status.schema_version}"
    )
    tables = Table("table", "rows", title="Tables")
    for count in status.tables:
        tables.add_row(count.table, f"{count.rows:,}")
    output.print(tables)
    loads = Table("load", "kind", "file", "read", "loaded", "quarantined", title="Recent loads")
    for load in status.loads:
        loads.add_row(
            load.load_id,
            load.source_kind,
            Path(load.source_file).name,
            f"{load.rows_read:,}",
            f"{load.rows_loaded:,}",
            f"{load.rows_quarantined:,}",
        )
    output.print(loads)
    reasons = Table("reason", "rows", title="Quarantine by reason")
    for reason in status.quarantine:
        reasons.add_row(reason.reason, f"{reason.rows:,}")
    output.print(reasons)


def print_network(summary: NetworkSummary) -> None:
    """What the network stage read, found and reported."""
    table = Table("network", "count", title=f"Ownership network ({summary.model_version})")
    rows = {
        "entities": summary.entities,
        "persons": summary.persons,
        "ownership and control links": summary.edges,
        "links without a share": summary.edges_without_share,
        "circular holdings (cycles)": summary.cycles,
        "effective ownership pairs": summary.effective_pairs,
        "ultimate owners": summary.ultimate_owners,
        "control pairs": summary.control_pairs,
        "importer/seller pairs that trade": summary.trading_pairs,
        "related pairs (WTO Art. 15.4)": summary.related_pairs,
        "declarations with an undeclared relationship": summary.undeclared_declarations,
    }
    for name, count in rows.items():
        table.add_row(name, f"{count:,}")
    for issue, count in sorted(summary.issues.items()):
        table.add_row(f"input issue: {issue.replace('_', ' ')}", f"{count:,}", style="yellow")
    output.print(table)


def print_profile(profile: dict[str, Any]) -> None:
    """An entity's names, owners, holdings, structure and related parties."""
    output.print(f"[bold]Entity {profile['entity_id']}[/]")
    for record in profile["registry"]:
        where = f"{record.get('country') or '?'}, {record.get('record_id')}"
        output.print(f"  {record.get('name')}  ({where})")
    sections = (
        ("Ultimate owners", "ultimate_owners", ("owner_name", "owner_kind", "share", "via")),
        ("Owners (effective)", "owners", ("owner_name", "owner_id", "share", "direct_share")),
        ("Holdings (effective)", "holdings", ("owned_name", "owned_id", "share", "direct_share")),
        ("Related parties", "related_parties", ("name", "entity_b", "tests", "summary")),
    )
    for title, key, columns in sections:
        rows = profile.get(key) or []
        if not rows:
            continue
        table = Table(*columns, title=title)
        for row in rows[:25]:
            table.add_row(*(_cell(row.get(column)) for column in columns))
        output.print(table)
    if profile.get("structure"):
        output.print("structure: " + json.dumps(profile["structure"], default=str))


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    return "" if value is None else str(value)


def print_resolution(summary: ResolveSummary) -> None:
    """Records, candidate pairs and entities per kind after entity resolution."""
    table = Table(
        "kind", "model", "records", "candidate pairs", "entities", "new", "merged",
        title=f"Entity resolution ({summary.seconds:.1f} s)",
    )  # fmt: skip
    for kind in summary.kinds.values():
        table.add_row(
            kind.kind,
            kind.model_version,
            f"{kind.source_records:,}",
            f"{kind.candidate_pairs:,}",
            f"{kind.entities:,}",
            f"{kind.new_entities:,}",
            f"{kind.merged_entities:,}",
        )
    output.print(table)
    if summary.judgements:
        output.print(f"{summary.judgements:,} analysts' judgements applied")


def print_model(model: RiskModel, path: Path) -> None:
    """A trained model: version, window, rows and its validation scores."""
    start, end = model.training_window
    output.print(
        f"trained {model.version} on {model.training_rows:,} inspected items "
        f"({start} to {end}), {len(model.features)} features -> {path}",
        soft_wrap=True,
    )
    for name, value in model.metrics.items():
        shown = f"{value:,.0f}" if name == "validation_rows" else f"{value:.3f}"
        output.print(f"  {name}: {shown}")


def print_backtest(result: BacktestResult, chart: Path) -> None:
    """Each policy's precision, recall, revenue and critical recall at each inspection rate."""
    from borderlens.risk.metrics import RATES

    output.print(
        f"trained on {result.train_rows:,} inspected items before {result.cutoff} "
        f"({result.model.version}); tested on {result.test_rows:,} items with "
        f"{result.test_frauds:,} frauds ({result.test_critical:,} critical)",
        soft_wrap=True,
    )
    table = Table(title="share of ... at each inspection rate")
    table.add_column("policy")
    table.add_column("rate", justify="right")
    for label in ("precision", "recall", "revenue", "critical recall"):
        table.add_column(label, justify="right")
    for name, scores in result.policies.items():
        for rate in RATES:
            table.add_row(
                name if rate == RATES[0] else "",
                f"{rate}%",
                *(
                    f"{scores[f'{metric}@{rate}']:.3f}"
                    for metric in ("precision", "recall", "revenue", "critical")
                ),
                end_section=rate == RATES[-1],
            )
    output.print(table)
    for name, text in result.descriptions.items():
        output.print(f"  {name}: {text}", style="dim")
    output.print(f"chart: {chart}")


def print_selection(summary: SelectionSummary) -> None:
    """Items per channel, and the red ones exploration drew."""
    total = sum(summary.channels.values()) or 1
    table = Table(title=f"channels over {summary.groups:,} day(s) or office-days")
    table.add_column("channel")
    table.add_column("items", justify="right")
    table.add_column("share", justify="right")
    meaning = {
        "red": "physical examination",
        "yellow": "documentary check",
        "blue": "release, post-clearance audit",
        "green": "release",
    }
    for channel, items in summary.channels.items():
        table.add_row(f"{channel} ({meaning[channel]})", f"{items:,}", f"{items / total:.1%}")
    output.print(table)
    output.print(f"red items drawn at random to keep the model learning: {summary.explored:,}")


def print_simulation(result: SimulationResult) -> None:
    """Precision and revenue captured per simulated week, one column pair per arm."""
    arms = list(result.arms)
    table = Table(title="select, inspect, retrain: week by week")
    table.add_column("week")
    table.add_column("from")
    for arm in arms:
        table.add_column(f"precision\n{arm}", justify="right")
        table.add_column(f"revenue\n{arm}", justify="right")
    for index, first in enumerate(result.arms[arms[0]]):
        cells = [str(first.week), first.start.isoformat()]
        for arm in arms:
            week = result.arms[arm][index]
            cells += [f"{week.precision:.3f}", f"{week.revenue:.3f}"]
        table.add_row(*cells)
    output.print(table)
    for arm in arms:
        weeks = result.arms[arm]
        found = sum(week.frauds_found for week in weeks)
        picked = sum(week.selected for week in weeks)
        explored = sum(week.explored for week in weeks)
        output.print(
            f"{arm}: {found:,} frauds in {picked:,} inspections "
            f"({found / max(picked, 1):.3f}), {explored:,} of them drawn at random"
        )


def print_rules(profiles: list[Profile]) -> None:
    """Each profile's rules: id, version, channel, validity and reason."""
    for profile in profiles:
        table = Table(title=f"{profile.name}: {len(profile.rules)} rules")
        for column in ("rule", "version", "channel", "valid", "reason"):
            table.add_column(column)
        for rule in profile.rules:
            valid = f"{rule.valid_from or '...'} to {rule.valid_to or '...'}"
            table.add_row(rule.id, str(rule.version), rule.channel, valid, rule.reason_text)
        output.print(table)


def print_rule_hits(summary: RuleSummary) -> None:
    """Hits per rule and per channel."""
    table = Table(title=f"{summary.items_hit:,} goods items hit")
    table.add_column("rule")
    table.add_column("hits", justify="right")
    for rule, hits in summary.hits_by_rule.items():
        table.add_row(rule, f"{hits:,}")
    output.print(table)
    channels = ", ".join(f"{name} {hits:,}" for name, hits in summary.hits_by_channel.items())
    output.print(f"by channel: {channels or 'none'}")


def print_explanations(explanations: list[Explanation]) -> None:
    """Per item: its fraud probability and the factors behind it, strongest first."""
    for found in explanations:
        output.print(
            f"declaration {found.declaration_id} item {found.item_no}: fraud probability "
            f"{found.fraud_probability:.2f} ({found.model_version})",
            style="bold",
            soft_wrap=True,
        )
        for factor in found.factors:
            output.print(f"  +{factor.contribution:.2f}  {factor.text}", soft_wrap=True)
        if found.counter is not None:
            output.print(
                f"  {found.counter.contribution:.2f}  {found.counter.text}",
                style="dim",
                soft_wrap=True,
            )


def print_risk_stage(summary: RiskStageSummary) -> None:
    """The demo's risk stage: the model, its validation, the channels and the explanations."""
    print_model(summary.model, summary.model_path)
    output.print(
        f"scored {summary.scores.rows:,} goods items; mean fraud probability "
        f"{summary.scores.mean_fraud_probability:.3f}",
        soft_wrap=True,
    )
    print_selection(summary.selection)
    output.print(
        f"explained {summary.explained:,} red items (`borderlens explain DECLARATION_ID`)",
        soft_wrap=True,
    )
