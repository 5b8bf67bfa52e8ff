"""Schema versions: a new warehouse gets every table, an older one is brought up to date."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from borderlens.engine.base import Engine
from borderlens.errors import SchemaVersionError
from borderlens.warehouse.schema import (
    BUDGET_TABLES,
    JOB_TABLES,
    TABLES,
    WORKBENCH_TABLES,
    create_statement,
    workbench_statement,
)


@dataclass(frozen=True)
class Migration:
    """The statements that take a warehouse from ``version - 1`` to ``version``."""

    version: int
    description: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial warehouse", tuple(create_statement(table) for table in TABLES)),
    Migration(
        2,
        "workbench: users, sessions, API tokens, decisions, outcomes, rule profile versions",
        tuple(workbench_statement(table) for table in WORKBENCH_TABLES),
    ),
    Migration(
        3,
        "inspection budgets set in the workbench",
        tuple(workbench_statement(table) for table in BUDGET_TABLES),
    ),
    Migration(
        4,
        "pipeline jobs run by the workbench server",
        tuple(workbench_statement(table) for table in JOB_TABLES),
    ),
)

SCHEMA_VERSION = MIGRATIONS[-1].version


def current_version(engine: Engine) -> int:
    """The schema version stored in the warehouse, 0 for an empty one."""
    if not engine.table_exists("schema_version"):
        return 0
    version = engine.scalar("SELECT max(version) FROM schema_version")
    return int(version) if isinstance(version, int) else 0


def ensure_schema(engine: Engine, migrations: Sequence[Migration] = MIGRATIONS) -> int:
    """Apply every migration the warehouse lacks and return the version it is now at."""
    target = migrations[-1].version
    found = current_version(engine)
    if found > target:
        raise SchemaVersionError(
            f"the warehouse is at schema version {found}, newer than this BorderLens "
            f"understands ({target}); upgrade BorderLens or point BORDERLENS_DATABASE elsewhere."
        )
    for migration in migrations:
        if migration.version <= found:
            continue
        with engine.transaction():
            for statement in migration.statements:
                engine.execute(statement)
            description = migration.description.replace("'", "''")
            engine.execute(
                "INSERT INTO schema_version VALUES "
                f"({migration.version}, '{description}', current_timestamp::TIMESTAMP)"
            )
    return target
