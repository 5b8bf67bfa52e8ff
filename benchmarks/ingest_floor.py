"""What any ingest of declarations pays on this machine before it checks a single value.

Two operations no design can skip, timed on their own on the benchmark's KCS-layout file:
DuckDB parsing the CSV, and DuckDB writing the typed rows into a fresh ``declaration`` table
(40 columns, compressed as the warehouse stores them). Their sum bounds the ingest's rate from
above; ``benchmarks/ingest.py`` measures the ingest itself. The write is also timed with
string compression turned off, which trades speed for a much larger file.

    python benchmarks/ingest_floor.py            # 1M rows
    python benchmarks/ingest_floor.py 200000     # any size
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from borderlens.engine.base import CsvOptions
from borderlens.engine.duckdb_engine import DuckDBEngine
from borderlens.engine.sql import quote_identifier, sql_literal
from borderlens.engine.text_files import read_header
from borderlens.ingest.declarations import ingest_declarations
from borderlens.warehouse.migrations import ensure_schema
from ingest import write_kcs_file

MEMORY_LIMIT = "1GB"
BLOCK_BYTES = 256 * 1024  # DuckDB's storage block


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed(run: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds of ``run``: the better of two tries."""
    best = (float("inf"), float("inf"))
    for _ in range(2):
        started, cpu_before = time.perf_counter(), cpu_seconds()
        run()
        best = min(best, (time.perf_counter() - started, cpu_seconds() - cpu_before))
    return best


def main(rows: int) -> int:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "kcs.csv"
        write_kcs_file(path, rows)
        engine = DuckDBEngine(Path(folder) / "floor.duckdb", memory_limit=MEMORY_LIMIT)
        ensure_schema(engine)
        names = read_header(path, CsvOptions())
        counts = ", ".join(f"count({quote_identifier(name)})" for name in names)
        columns = ", ".join(f"{sql_literal(name)}: 'VARCHAR'" for name in names)
        reader = (
            f"read_csv({sql_literal(str(path))}, all_varchar = true, header = true, "
            f"auto_detect = false, columns = {{{columns}}}, buffer_size = {16 * 1024 * 1024})"
        )
        parse = timed(lambda: engine.query(f"SELECT {counts} FROM {reader}"))
        report = ingest_declarations(engine, path, file_format="kcs")
        engine.execute("CREATE TEMP TABLE typed AS SELECT * FROM declaration")

        def write() -> None:
            engine.execute("CREATE OR REPLACE TABLE written AS SELECT * FROM declaration LIMIT 0")
            engine.execute("INSERT INTO written SELECT * FROM typed")

        def stored_megabytes() -> float:
            blocks = engine.count(
                "SELECT count(DISTINCT block_id) FROM pragma_storage_info('written') "
                "WHERE block_id >= 0"
            )
            return blocks * BLOCK_BYTES / 1024**2

        compressed = timed(write)
        compressed_size = stored_megabytes()
        engine.execute("SET disabled_compression_methods = 'dict_fsst,fsst'")
        uncompressed = timed(write)
        uncompressed_size = stored_megabytes()
        engine.close()

    floor = parse[0] + compressed[0]
    print(f"{rows:,} rows, {report.rows_loaded:,} of them typed and written:")
    print(f"  parse the CSV as text:        {parse[0]:.2f} s ({parse[1]:.2f} CPU s)")
    print(
        f"  write the typed rows:         {compressed[0]:.2f} s ({compressed[1]:.2f} CPU s), "
        f"{compressed_size:,.0f} MB stored"
    )
    print(
        f"  ... without string compression: {uncompressed[0]:.2f} s "
        f"({uncompressed[1]:.2f} CPU s), {uncompressed_size:,.0f} MB stored"
    )
    print(
        f"  parse + write alone: {floor:.2f} s, at most {rows / floor:,.0f} rows/s before any "
        "typing, checking, quarantine or parties"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000))
