"""Risk engine at scale: seconds and peak memory to train on and score 1M declarations.

Writes N synthetic declarations over two years (default 1,000,000; 40,000 importers, 2,000
declarants, 30,000 sellers, 3,000 HS subheadings, 60 origins, 40 offices, lognormal values
and masses, every row inspected with a fraud rate that depends on importer, declarant and
unit value) straight into a DuckDB warehouse, then, each in a fresh process pinned to two
cores, times:

- training: features for all N rows, then both boosters on all of them (goal < 3 minutes);
- scoring: features for all N rows, then both boosters' probabilities (goal < 60 s).

    python benchmarks/risk.py            # 1M declarations
    python benchmarks/risk.py 200000     # any size
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from child import measure_in_child

GOALS = {"train": 180.0, "score": 60.0}

DECLARATIONS_SQL = """
SELECT setseed(0.42);
CREATE OR REPLACE TABLE _synthetic AS
SELECT i,
    DATE '2024-01-01' + CAST(floor(random() * 730) AS INTEGER) AS day,
    CAST(floor(pow(random(), 2) * 40000) AS INTEGER) AS importer,
    CAST(floor(pow(random(), 2) * 2000) AS INTEGER) AS declarant,
    CAST(floor(random() * 30000) AS INTEGER) AS seller,
    CAST(floor(pow(random(), 1.5) * 3000) AS INTEGER) AS goods,
    CAST(floor(pow(random(), 2) * 60) AS INTEGER) AS origin,
    CAST(floor(random() * 40) AS INTEGER) AS office,
    exp(4 + 2 * sqrt(-2 * ln(random())) * cos(6.283185 * random())) AS mass,
    exp(1 + sqrt(-2 * ln(random())) * cos(6.283185 * random())) AS price_per_kg,
    random() AS draw
FROM range({rows}) t(i);
INSERT INTO declaration (declaration_id, item_no, declaration_date, office_id, process_type,
    import_type, import_use, payment_type, transport_mode, declarant_id, importer_id,
    importer_country, seller_id, hs_code, origin_country, departure_country, tax_type,
    tax_rate, net_mass_kg, item_value, inspected, fraud_label, critical_fraud_label)
SELECT 'D' || i, 1, day, 'O' || office, ['A', 'B'][1 + i % 2], CAST(11 + i % 5 AS VARCHAR),
    '21', CAST(11 + i % 3 AS VARCHAR), CAST(10 * (1 + i % 4) AS VARCHAR), 'B' || declarant,
    'I' || importer, 'KR', 'S' || seller, lpad(CAST(10000 + goods * 29 AS VARCHAR), 6, '0'),
    ['CN', 'US', 'DE', 'VN', 'JP', 'IT', 'TR', 'IN'][1 + origin % 8],
    ['CN', 'US', 'DE', 'VN', 'JP', 'IT', 'TR', 'IN'][1 + (i + origin) % 8],
    ['A', 'C', 'FCN1'][1 + goods % 3], CAST(goods % 13 AS DOUBLE), round(mass, 1),
    round(mass * price_per_kg, 2), true,
    CASE WHEN draw < 0.05 + 0.4 * (importer % 17 = 0)::INT + 0.2 * (declarant % 11 = 0)::INT
              + 0.2 * (price_per_kg < 1)::INT THEN 1 ELSE 0 END,
    CASE WHEN draw < 0.01 * (1 + (goods % 29 = 0)::INT * 10) THEN 2
         WHEN draw < 0.05 + 0.4 * (importer % 17 = 0)::INT + 0.2 * (declarant % 11 = 0)::INT
              + 0.2 * (price_per_kg < 1)::INT THEN 1 ELSE 0 END
FROM _synthetic;
DROP TABLE _synthetic;
"""


def build_warehouse(database: Path, rows: int) -> None:
    from borderlens.engine.duckdb_engine import DuckDBEngine
    from borderlens.warehouse.migrations import ensure_schema

    with DuckDBEngine(database) as engine:
        ensure_schema(engine)
        engine.connection.execute(DECLARATIONS_SQL.format(rows=rows))


MEASURE = """
import json, resource, time
from pathlib import Path
from borderlens.engine.duckdb_engine import DuckDBEngine
from borderlens.risk.model import RiskModel
from borderlens.risk.scoring import feature_rows, train_on_warehouse, score_warehouse
engine = DuckDBEngine({database!r}, threads=2)
started = time.perf_counter()
if {stage!r} == "train":
    model = train_on_warehouse(engine)
    model.save(Path({model!r}))
    rows = model.training_rows
else:
    rows = score_warehouse(engine, RiskModel.load(Path({model!r}))).rows
seconds = time.perf_counter() - started
print(json.dumps({{"seconds": seconds, "rows": rows,
                  "peak_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}}))
"""


def main(sizes: list[int]) -> int:
    failures = 0
    with tempfile.TemporaryDirectory() as folder:
        for rows in sizes:
            database = Path(folder) / f"risk_{rows}.duckdb"
            model = Path(folder) / f"model_{rows}.json"
            build_warehouse(database, rows)
            for stage, goal in GOALS.items():
                code = MEASURE.format(database=str(database), stage=stage, model=str(model))
                figures = measure_in_child(code, cores="0,1")
                ok = figures["seconds"] < goal
                failures += not ok
                print(
                    f"{stage:>5} {rows:>10,} declarations: {figures['seconds']:.1f} s, peak "
                    f"{figures['peak_bytes'] / 1024**3:.2f} GB, 2 cores "
                    f"[{'meets' if ok else 'misses'} goal: < {goal:.0f} s]",
                    flush=True,
                )
            database.unlink()
    return 1 if failures else 0


if __name__ == "__main__":
    requested = [int(arg) for arg in sys.argv[1:]] or [1_000_000]
    sys.exit(main(requested))
