"""Ingest throughput: rows per second and peak memory for 1M and 10M KCS-layout declarations.

Writes a synthetic KCS-layout CSV of N rows (about 0.5% of them malformed), then times
``ingest_declarations`` into a fresh DuckDB file with full validation and quarantine, in a
child process whose peak resident memory is read from the operating system. It also prints
the CPU seconds the ingest used: other work on the same cores stretches the wall time, much
less the CPU time, so compare variants on both. Then it times a day's file of 100,000 more
rows into the warehouse just filled: a load should cost what its own rows cost, not what the
warehouse already holds.

    python benchmarks/ingest.py            # 1M and 10M rows
    python benchmarks/ingest.py 200000     # any sizes
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from child import measure_in_child

GOAL_ROWS_PER_SECOND = 500_000
GOAL_PEAK_BYTES = 2 * 1024**3
# DuckDB's buffer pool limit for the run (BORDERLENS_DUCKDB_MEMORY_LIMIT in production);
# past it DuckDB spills intermediate results to disk.
WARM_UP_ROWS = 1_000
WARM_UP_FIRST_ID = 900_000_000
DAY_ROWS = 100_000
DAY_FIRST_ID = 950_000_000
MEMORY_LIMIT = os.environ.get("BORDERLENS_DUCKDB_MEMORY_LIMIT", "1GB")

# A KCS-layout row built from the row number; every 200th row carries one defect.
ROWS_SQL = """
SELECT
    {first_id} + i AS "Declaration ID",
    CASE WHEN i % 200 = 7 THEN '2999-01-01'
         ELSE strftime(DATE '2020-01-01' + CAST(i % 365 AS INTEGER), '%Y-%m-%d') END AS "Date",
    10 + i % 40 AS "Office ID",
    ['A', 'B', 'D'][1 + i % 3] AS "Process Type",
    11 AS "Import Type", 21 AS "Import Use", 11 AS "Payment Type",
    10 * (1 + i % 5) AS "Mode of Transport",
    'DCL' || (i % 997) AS "Declarant ID",
    'IMP' || (i % 50021) AS "Importer ID",
    'SEL' || (i % 40009) AS "Seller ID",
    CASE WHEN i % 9 = 0 THEN 'CUR' || (i % 31) ELSE '' END AS "Courier ID",
    CASE WHEN i % 200 = 13 THEN '85AB12' ELSE CAST(100000 + (i * 7919) % 870000 AS VARCHAR) END
        AS "HS6 Code",
    ['CN', 'JP', 'US', 'DE', 'VN'][1 + i % 5] AS "Country of Departure",
    CASE WHEN i % 200 = 29 THEN 'XY' ELSE ['CN', 'JP', 'US', 'DE', 'VN', 'ZZ'][1 + i % 6] END
        AS "Country of Origin",
    (i % 13) * 1.5 AS "Tax Rate",
    'A' AS "Tax Type",
    'Y' AS "Country of Origin Indicator",
    CASE WHEN i % 200 = 41 THEN -5.0 ELSE (i % 10007) * 0.75 END AS "Net Mass",
    (i % 100003) * 12.5 AS "Item Price",
    CAST(i % 11 = 0 AS INTEGER) AS "Fraud",
    CAST(i % 11 = 0 AS INTEGER) + CAST(i % 77 = 0 AS INTEGER) AS "Critical Fraud"
FROM range({rows}) t(i)
"""


def write_kcs_file(path: Path, rows: int, first_id: int = 100_000_000) -> None:
    """A KCS-layout CSV of ``rows`` rows, written by DuckDB."""
    rows_sql = ROWS_SQL.format(rows=rows, first_id=first_id)
    with duckdb.connect() as connection:
        connection.execute(f"COPY ({rows_sql}) TO '{path}' (HEADER)")


def measure_ingest(
    path: Path, warm_up: Path, day: Path, database: Path, memory_limit: str | None
) -> dict[str, float]:
    """Ingest in a fresh process and return seconds, counts and peak memory.

    A small file goes first, untimed but reported: the first load of a process also pays
    one-off costs (imports pyarrow pulls in when it first builds a table from Python rows),
    which are not throughput. The day's file comes last, timed on its own.
    """
    code = f"""
import json, resource, time
from pathlib import Path
from borderlens.engine.duckdb_engine import DuckDBEngine
from borderlens.ingest.declarations import ingest_declarations
from borderlens.warehouse.migrations import ensure_schema
engine = DuckDBEngine({str(database)!r}, memory_limit={memory_limit!r})
ensure_schema(engine)
started = time.perf_counter()
ingest_declarations(engine, Path({str(warm_up)!r}), file_format="kcs")
warm_up_seconds = time.perf_counter() - started
before = resource.getrusage(resource.RUSAGE_SELF)
cpu_before = before.ru_utime + before.ru_stime
started = time.perf_counter()
report = ingest_declarations(engine, Path({str(path)!r}), file_format="kcs")
seconds = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_SELF)
cpu = usage.ru_utime + usage.ru_stime - cpu_before
started = time.perf_counter()
ingest_declarations(engine, Path({str(day)!r}), file_format="kcs")
day_seconds = time.perf_counter() - started
engine.close()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({{"seconds": seconds, "cpu_seconds": cpu, "warm_up_seconds": warm_up_seconds,
                  "day_seconds": day_seconds, "read": report.rows_read,
                  "loaded": report.rows_loaded, "quarantined": report.rows_quarantined,
                  "peak_bytes": peak}}))
"""
    return measure_in_child(code)


def main(sizes: list[int]) -> int:
    failures = 0
    with tempfile.TemporaryDirectory() as folder:
        for rows in sizes:
            path = Path(folder) / f"kcs_{rows}.csv"
            write_kcs_file(path, rows)
            warm_up = Path(folder) / "kcs_warm_up.csv"
            write_kcs_file(warm_up, WARM_UP_ROWS, first_id=WARM_UP_FIRST_ID)
            day = Path(folder) / "kcs_day.csv"
            write_kcs_file(day, DAY_ROWS, first_id=DAY_FIRST_ID)
            database = Path(folder) / f"bench_{rows}.duckdb"
            figures = measure_ingest(path, warm_up, day, database, MEMORY_LIMIT)
            rate = figures["read"] / figures["seconds"]
            peak_gb = figures["peak_bytes"] / 1024**3
            ok = rate >= GOAL_ROWS_PER_SECOND and figures["peak_bytes"] < GOAL_PEAK_BYTES
            failures += not ok
            print(
                f"{rows:>11,} rows ({path.stat().st_size / 1024**2:,.0f} MB CSV): "
                f"{figures['seconds']:.1f} s ({figures['cpu_seconds']:.1f} CPU s), "
                f"{rate:,.0f} rows/s, peak {peak_gb:.2f} GB, "
                f"{figures['loaded']:,.0f} loaded, {figures['quarantined']:,.0f} quarantined, "
                f"DuckDB memory limit {MEMORY_LIMIT}, after a {WARM_UP_ROWS:,}-row first load "
                f"of {figures['warm_up_seconds']:.2f} s "
                f"[{'meets' if ok else 'misses'} goal: 500,000 rows/s, < 2 GB]; then a day's "
                f"{DAY_ROWS:,} rows into that warehouse in {figures['day_seconds']:.2f} s"
            )
            path.unlink()
            warm_up.unlink()
            day.unlink()
            database.unlink()
    print(f"measured on {resource.getpagesize()}-byte pages, {time.strftime('%Y-%m-%d')}")
    return 1 if failures else 0


if __name__ == "__main__":
    requested = [int(arg) for arg in sys.argv[1:]] or [1_000_000, 10_000_000]
    sys.exit(main(requested))
