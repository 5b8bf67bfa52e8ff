"""Generate the demo world and take it through the same ingest commands as real data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from borderlens.demo.world import WorldFiles, generate_world
from borderlens.engine.base import Engine
from borderlens.ingest.bods import ingest_bods
from borderlens.ingest.declarations import ingest_declarations
from borderlens.ingest.progress import Progress, no_progress
from borderlens.ingest.reference_data import ingest_border_posts, ingest_roles
from borderlens.network import DEFAULT_SECRECY, NetworkSummary, build_network
from borderlens.resolve.matching import ResolveSummary, resolve_entities
from borderlens.risk.defaults import DEFAULT_REVENUE_SHARE, DEFAULT_SAFETY_SHARE
from borderlens.warehouse.loads import LoadReport
from borderlens.warehouse.schema import TABLES

if TYPE_CHECKING:
    from borderlens.risk.stage import RiskStageSummary


@dataclass
class DemoRun:
    """What the demo generated, what each load did, and what the later stages found."""

    world: WorldFiles
    loads: list[LoadReport] = field(default_factory=list)
    resolution: ResolveSummary | None = None
    network: NetworkSummary | None = None
    risk: RiskStageSummary | None = None


@dataclass(frozen=True)
class LaterStages:
    """Run entity resolution, the ownership network and, with a ``model_dir``, the risk stage
    after the ingest, with these options."""

    ubo_threshold: float = 25.0
    secrecy: frozenset[str] = DEFAULT_SECRECY
    model_dir: Path | None = None
    revenue_share: float = DEFAULT_REVENUE_SHARE
    safety_share: float = DEFAULT_SAFETY_SHARE


def ingest_world(
    engine: Engine,
    world: WorldFiles,
    *,
    progress: Progress = no_progress,
    on_load: Callable[[LoadReport], None] = lambda report: None,
) -> list[LoadReport]:
    """Load the world's files in dependency order: registry, roles, posts, declarations."""
    steps: list[tuple[Callable[..., LoadReport], Path]] = [
        *((ingest_bods, path) for path in world.bods),
        (ingest_roles, world.roles),
        (ingest_border_posts, world.border_posts),
        *((_ingest_canonical_declarations, path) for path in world.declarations),
    ]
    reports = []
    for done, (ingest, path) in enumerate(steps):
        progress(f"loading {path.name}", done, len(steps))
        report = ingest(engine, path)
        on_load(report)
        reports.append(report)
    progress("loaded", len(steps), len(steps))
    return reports


def _ingest_canonical_declarations(engine: Engine, path: Path) -> LoadReport:
    return ingest_declarations(engine, path, file_format="csv")


def store_ground_truth(engine: Engine, world: WorldFiles) -> None:
    """The demo knows its own truth; later stages are scored against these tables."""
    for table, data in world.truth.items():
        if table not in TABLES:
            continue
        engine.write_arrow(table, data, "replace")


def run_demo(
    engine: Engine,
    out_dir: Path,
    *,
    size: str = "default",
    seed: int = 20261129,
    progress: Progress = no_progress,
    on_load: Callable[[LoadReport], None] = lambda report: None,
    later_stages: LaterStages | None = None,
) -> DemoRun:
    """Generate the world into ``out_dir``, ingest it, and store its ground truth.

    With ``later_stages``, the world then goes through entity resolution and the ownership
    network, as ``make demo`` shows it.
    """
    world = generate_world(out_dir, size=size, seed=seed, progress=progress)
    run = DemoRun(world)
    run.loads = ingest_world(engine, world, progress=progress, on_load=on_load)
    store_ground_truth(engine, world)
    if later_stages is not None:
        run.resolution = resolve_entities(engine, progress=progress)
        run.network = build_network(
            engine, ubo_threshold=later_stages.ubo_threshold, secrecy=later_stages.secrecy
        )
        if later_stages.model_dir is not None:
            from borderlens.risk.stage import run_risk_stage

            run.risk = run_risk_stage(
                engine,
                later_stages.model_dir,
                revenue_share=later_stages.revenue_share,
                safety_share=later_stages.safety_share,
                progress=progress,
            )
    return run
