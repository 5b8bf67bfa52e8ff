"""The ``borderlens`` command: each command parses its options and calls one domain function."""

from __future__ import annotations

import getpass
import json
from collections.abc import Callable
from dataclasses import asdict
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Annotated, Any

import typer

from borderlens.cli_common import AsJson, Quiet, fail, settings_for
from borderlens.console import (
    output,
    print_load,
    print_network,
    print_profile,
    print_resolution,
    print_risk_stage,
    print_status,
    print_world,
    progress_bar,
)
from borderlens.engine import Engine
from borderlens.errors import BorderLensError
from borderlens.ingest.bods import ingest_bods, ownership_cycle_count
from borderlens.ingest.declarations import ingest_declarations
from borderlens.ingest.reference_data import ingest_border_posts, ingest_roles
from borderlens.network import build_network, entity_profile, evaluate_network
from borderlens.risk.commands import (
    backtest_app,
    explain_command,
    retrain_command,
    rules_app,
    score_command,
    select_command,
    simulate_command,
    train_command,
)
from borderlens.settings import Settings
from borderlens.warehouse.loads import LoadReport
from borderlens.warehouse.session import describe_warehouse, open_warehouse
from borderlens.warehouse.status import warehouse_status
from borderlens.web.commands import Host, Port, serve_command, serve_demo, users_app

app = typer.Typer(
    help="BorderLens: find the few risky consignments among millions, and say why.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
ingest_app = typer.Typer(help="Load declarations, ownership data and reference data.")
app.add_typer(ingest_app, name="ingest")
evaluate_app = typer.Typer(help="Score a stage against the demo world's ground truth.")
app.add_typer(evaluate_app, name="evaluate")

Files = Annotated[list[Path], typer.Argument(help="One or more files to load.")]


class SourceFormat(StrEnum):
    kcs = "kcs"
    csv = "csv"
    parquet = "parquet"


@ingest_app.command("declarations")
def ingest_declarations_command(
    files: Files,
    file_format: Annotated[
        SourceFormat,
        typer.Option(
            "--format",
            "-f",
            help="kcs (Korea Customs Service layout), "
            "csv or parquet (columns named as fields, or --mapping).",
        ),
    ] = SourceFormat.kcs,
    mapping: Annotated[
        Path | None, typer.Option(help="MAP.toml: column to field, units, date format.")
    ] = None,
    quiet: Quiet = False,
) -> None:
    """Load goods declarations; bad rows are quarantined with their reasons."""
    _ingest_each(
        files,
        quiet,
        partial(ingest_declarations, file_format=file_format.value, mapping_path=mapping),
    )


@ingest_app.command("bods")
def ingest_bods_command(files: Files, quiet: Quiet = False) -> None:
    """Load Beneficial Ownership Data Standard statements (0.2-0.4, JSON or JSON Lines)."""
    _ingest_each(files, quiet, ingest_bods, notes=_ownership_cycles)


def _ownership_cycles(engine: Engine, report: LoadReport) -> str | None:
    cycles = ownership_cycle_count(engine, report.load_id)
    return f"  circular holdings (ownership cycles) in this load: {cycles}" if cycles else None


@ingest_app.command("roles")
def ingest_roles_command(files: Files, quiet: Quiet = False) -> None:
    """Load roles people hold: director, officer, employee, partner, family."""
    _ingest_each(files, quiet, ingest_roles)


@ingest_app.command("posts")
def ingest_posts_command(files: Files, quiet: Quiet = False) -> None:
    """Load border posts and customs offices with their coordinates."""
    _ingest_each(files, quiet, ingest_border_posts)


def _ingest_each(
    files: list[Path],
    quiet: bool,
    ingest: Callable[..., LoadReport],
    notes: Callable[[Engine, LoadReport], str | None] | None = None,
) -> None:
    """Load the files one after the other, printing each one's counts."""
    settings = settings_for(quiet)
    try:
        with open_warehouse(settings) as engine:
            for path in files:
                with progress_bar(quiet) as progress:
                    report = ingest(engine, path, progress=progress)
                print_load(report)
                note = notes(engine, report) if notes else None
                if note:
                    output.print(note)
    except BorderLensError as error:
        raise fail(error) from error


@app.command()
def demo(
    size: Annotated[
        str, typer.Option(help="World size: tiny, small, default or large.")
    ] = "default",
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives the same world.")] = (
        20261129
    ),
    out: Annotated[
        Path | None, typer.Option(help="Folder for the generated files (default: settings).")
    ] = None,
    ingest_only: Annotated[
        bool, typer.Option("--ingest-only", help="Stop after loading the world's files.")
    ] = False,
    no_serve: Annotated[
        bool, typer.Option("--no-serve", help="Do everything but serve the workbench.")
    ] = False,
    host: Host = "127.0.0.1",
    port: Port = 8000,
    quiet: Quiet = False,
) -> None:
    """Generate the demo world, run every stage on it, and serve the workbench.

    The world's files are ingested like real data. Entity resolution, the ownership network,
    then the risk stage: train, score, select within a 5% budget and explain the red items.
    The accounts analyst, supervisor, auditor and admin share the password
    BORDERLENS_DEMO_PASSWORD (default borderlens-demo).
    """
    from borderlens.demo.run import LaterStages, run_demo

    settings = settings_for(quiet)
    folder = out or settings.demo_dir
    if not (no_serve or ingest_only):
        from borderlens.web.server import Address, check_address_free

        try:  # before the world is built, not after: the address must be free to serve
            check_address_free(Address(host, port))
        except BorderLensError as error:
            raise fail(error) from error
    stages = (
        None
        if ingest_only
        else LaterStages(
            **_network_options(settings),
            model_dir=settings.model_dir,
            revenue_share=settings.revenue_share,
            safety_share=settings.safety_share,
        )
    )
    try:
        with open_warehouse(settings) as engine:
            with progress_bar(quiet) as progress:
                run = run_demo(
                    engine,
                    folder,
                    size=size,
                    seed=seed,
                    progress=progress,
                    on_load=print_load,
                    later_stages=stages,
                )
            print_world(run.world.summary, folder)
            print_status(warehouse_status(engine, describe_warehouse(settings)))
            if run.resolution:
                print_resolution(run.resolution)
            if run.network:
                print_network(run.network)
            if run.risk:
                print_risk_stage(run.risk)
    except BorderLensError as error:
        raise fail(error) from error
    if not (no_serve or ingest_only):
        serve_demo(settings, host, port)


@app.command()
def resolve(quiet: Quiet = False) -> None:
    """Resolve registry records and declaration parties to entities with stable ids (Splink)."""
    from borderlens.resolve.matching import resolve_entities

    settings = settings_for(quiet)
    try:
        with open_warehouse(settings) as engine, progress_bar(quiet) as progress:
            summary = resolve_entities(engine, progress=progress)
    except BorderLensError as error:
        raise fail(error) from error
    print_resolution(summary)


class MatchKind(StrEnum):
    company = "company"
    person = "person"


@app.command()
def match(
    file_a: Annotated[Path, typer.Argument(help="CSV list to dedupe, or to link to FILE_B.")],
    file_b: Annotated[Path | None, typer.Argument(help="Second CSV list to link to.")] = None,
    kind: Annotated[MatchKind, typer.Option(help="What the lists hold.")] = MatchKind.company,
    id_column: Annotated[str, typer.Option(help="Column with each row's id.")] = "id",
    name_column: Annotated[str, typer.Option(help="Column with the name.")] = "name",
    address_column: Annotated[str, typer.Option(help="Column with the address.")] = "address",
    country_column: Annotated[str, typer.Option(help="Column with the country.")] = "country",
    out: Annotated[Path, typer.Option(help="CSV of matching pairs to write.")] = Path("links.csv"),
) -> None:
    """Dedupe one list or link two (a watch list against importers, say) with the same models."""
    from borderlens.resolve.matching import match_files

    try:
        summary = match_files(
            file_a,
            file_b,
            kind=kind.value,
            id_column=id_column,
            name_column=name_column,
            address_column=address_column,
            country_column=country_column,
            out=out,
        )
    except BorderLensError as error:
        raise fail(error) from error
    output.print(
        f"{summary.pairs:,} matching pairs of {summary.records_a:,}"
        + (f" x {summary.records_b:,}" if file_b else "")
        + f" records written to {summary.out} ({summary.model_version})"
    )


class Verdict(StrEnum):
    confirm = "confirm"
    reject = "reject"


@app.command()
def judge(
    verdict: Annotated[Verdict, typer.Argument(help="confirm: one entity; reject: two.")],
    record_a: Annotated[str, typer.Argument(help="KIND:KEY, e.g. seller:S000051.")],
    record_b: Annotated[str, typer.Argument(help="KIND:KEY, e.g. registry:5276578b4e8a.")],
    reason: Annotated[str, typer.Option(help="Why, in the analyst's words.")] = "",
    analyst: Annotated[str, typer.Option(help="Who decides (default: this user).")] = "",
) -> None:
    """Record an analyst's verdict on a match; it overrides the model on every later run."""
    from borderlens.resolve.matching import record_judgement

    settings = settings_for(quiet=False)
    try:
        with open_warehouse(settings) as engine:
            judgement_id = record_judgement(
                engine,
                _source_record(record_a),
                _source_record(record_b),
                verdict.value,
                analyst=analyst or getpass.getuser(),
                reason=reason,
            )
    except BorderLensError as error:
        raise fail(error) from error
    output.print(f"judgement {judgement_id} recorded; `borderlens resolve` applies it")


def _source_record(text: str) -> tuple[str, str]:
    kind, _, key = text.partition(":")
    if not key:
        raise typer.BadParameter(f"{text!r}: write KIND:KEY, such as seller:S000051")
    return kind, key


@evaluate_app.command("resolve")
def evaluate_resolve_command(
    as_json: AsJson = False,
) -> None:
    """Pairwise precision, recall and F1 of company and person matches on the demo world."""
    from borderlens.resolve.matching import evaluate_resolve

    settings = settings_for(quiet=as_json)
    try:
        with open_warehouse(settings) as engine:
            scores = evaluate_resolve(engine)
    except BorderLensError as error:
        raise fail(error) from error
    output.print_json(json.dumps(scores, default=str))


@app.command()
def network(
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Ownership graph: effective ownership, ultimate owners, control, related parties."""
    settings = settings_for(quiet=as_json)
    try:
        with open_warehouse(settings) as engine:
            summary = build_network(engine, **_network_options(settings))
    except BorderLensError as error:
        raise fail(error) from error
    if as_json:
        output.print_json(json.dumps(asdict(summary), default=str))
    else:
        print_network(summary)


def _network_options(settings: Settings) -> dict[str, Any]:
    options: dict[str, Any] = {"ubo_threshold": settings.ubo_threshold}
    if (secrecy := settings.secrecy_list()) is not None:
        options["secrecy"] = secrecy
    return options


@app.command()
def entity(
    entity_id: Annotated[str, typer.Argument(help="Entity id (or registry record id).")],
    as_json: AsJson = False,
) -> None:
    """An entity: names and sources, owners, holdings, ultimate owners, related parties."""
    settings = settings_for(quiet=as_json)
    try:
        with open_warehouse(settings) as engine:
            profile = entity_profile(engine, entity_id)
    except BorderLensError as error:
        raise fail(error) from error
    if as_json:
        output.print_json(json.dumps(profile, default=str))
    else:
        print_profile(profile)


@evaluate_app.command("network")
def evaluate_network_command(
    as_json: AsJson = False,
) -> None:
    """Precision and recall of related importer/seller pairs against the demo's truth."""
    settings = settings_for(quiet=as_json)
    try:
        with open_warehouse(settings) as engine:
            scores = evaluate_network(engine)
    except BorderLensError as error:
        raise fail(error) from error
    output.print_json(json.dumps(scores, default=str))


@app.command()
def status(
    as_json: AsJson = False,
) -> None:
    """Tables and row counts, recent loads, and the quarantine by reason."""
    settings = settings_for(quiet=as_json)
    try:
        with open_warehouse(settings) as engine:
            found = warehouse_status(engine, describe_warehouse(settings))
    except BorderLensError as error:
        raise fail(error) from error
    if as_json:
        output.print_json(json.dumps(found.as_dict()))
    else:
        print_status(found)


# The risk engine's commands (borderlens.risk.commands), after the data and network ones.
app.add_typer(backtest_app, name="backtest")
app.add_typer(rules_app, name="rules")
app.command("train")(train_command)
app.command("score")(score_command)
app.command("select")(select_command)
app.command("retrain")(retrain_command)
app.command("simulate")(simulate_command)
app.command("explain")(explain_command)

# The analyst workbench (borderlens.web.commands).
app.command("serve")(serve_command)
app.add_typer(users_app, name="users")
