"""Entity resolution at scale: seconds and peak memory to resolve 1M party records.

Builds a warehouse of N synthetic declaration-party rows (importer and seller name and
address variants: dropped legal forms, typos, swapped words, missing addresses) spread over
N/10 companies, plus a registry of those companies, then runs ``resolve_entities`` (company
dedupe plus link to the registry) in a child process on two DuckDB threads and reads its peak
resident memory from the operating system. Scores come from the synthetic truth.

    python benchmarks/resolve.py            # 1M party rows
    python benchmarks/resolve.py 200000     # any sizes
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from child import measure_in_child

GOAL_SECONDS = 300
GOAL_PEAK_BYTES = 8 * 1024**3
THREADS = 2

# Companies: a two-syllable core from a fixed syllable list, a trade word, a legal form, an
# address with postcode and city; parties: variants of one company each.
WORLD_SQL = """
CREATE TABLE company AS
SELECT i AS company_no,
    ['ka','ri','lo','ne','ta','vo','mi','sa','de','gu','pe','zo','ba','fi','ru','te',
     'ho','ly','an','or'][1 + i % 20] ||
    ['ran','tek','mar','sol','ven','dor','lix','nap','gro','sen','tal','mex','vis','cor',
     'bel','tan','rho','quin','zar','pol','dex','mun','kil','fer'][1 + (i // 20) % 24] ||
    ['a','o','is','en','um','ar','ix','el','on','us'][1 + (i // 480) % 10] ||
    CASE WHEN i >= 4800 THEN ['ia','ex','ova','ani','ura','eto','ima','olo'][1 + (i // 4800) % 8]
         ELSE '' END ||
    CASE WHEN i >= 38400 THEN CAST(i // 38400 AS VARCHAR) ELSE '' END AS core,
    ['Trading','Logistics','Textiles','Foods','Motors','Industries','Export','Group'][1 + i % 8]
        AS trade,
    ['LLC','GmbH','Ltd','S.A.','B.V.','JSC','S.r.l.','A.S.'][1 + (i * 7) % 8] AS form,
    ['DE','FR','NL','IT','TR','GE','CN','US','GB','PL'][1 + (i * 3) % 10] AS country,
    (i * 7919) % 90000 + 10000 AS postcode,
    1 + i % 250 AS house,
    ['Berlin','Paris','Rotterdam','Milano','Izmir','Tbilisi','Ningbo','Newark','Leeds',
     'Gdansk','Lyon','Porto'][1 + (i * 5) % 12] AS city
FROM range({companies}) t(i);

CREATE TABLE registry_entity AS
SELECT 'R' || company_no AS record_id, NULL AS statement_id, 'registeredEntity' AS entity_type,
    upper(core[1:1]) || core[2:] || ' ' || trade || ' ' || form AS name, NULL AS alternate_names,
    country AS jurisdiction, country, NULL AS identifiers,
    house || ' Main Street, ' || postcode || ' ' || city AS address,
    NULL::DATE AS founding_date, NULL::DATE AS dissolution_date, NULL::DATE AS statement_date,
    NULL AS bods_version, NULL AS load_id, NULL AS source_file, NULL::BIGINT AS source_line
FROM company;

CREATE TABLE party AS
SELECT CASE WHEN j % 3 = 0 THEN 'importer' ELSE 'seller' END AS role,
    'P' || (c.company_no * 4 + j % 4) AS party_id,
    CASE j % 6
        WHEN 0 THEN upper(c.core[1:1]) || c.core[2:] || ' ' || c.trade || ' ' || c.form
        WHEN 1 THEN upper(c.core) || ' ' || upper(c.trade)
        WHEN 2 THEN c.trade || ' ' || upper(c.core[1:1]) || c.core[2:] || ' ' || c.form
        WHEN 3 THEN upper(c.core[1:1]) || c.core[2:2] || c.core[4:] || c.core[3:3] || ' ' || c.trade
        WHEN 4 THEN upper(c.core[1:1]) || c.core[2:] || ' ' || c.form
        ELSE upper(c.core[1:1]) || c.core[2:] || c.core[-1:] || ' ' || c.trade || ' '
            || c.form END AS name,
    CASE WHEN j % 5 = 4 THEN NULL
         ELSE c.house || ' Main St, ' || c.postcode || ' ' || c.city END AS address,
    CASE WHEN j % 7 = 6 THEN NULL ELSE c.country END AS country,
    DATE '2026-01-01' AS first_seen, DATE '2026-06-30' AS last_seen, 1 + j AS declarations,
    NULL AS load_id
FROM company c, range(10) v(j);

CREATE TABLE truth_entity AS
SELECT 'registry' AS source_kind, 'R' || company_no AS source_key,
       'T' || company_no AS true_entity_id, 'company' AS entity_kind FROM company
UNION ALL
SELECT DISTINCT CASE WHEN j % 3 = 0 THEN 'importer' ELSE 'seller' END,
       'P' || (company_no * 4 + j % 4), 'T' || company_no, 'company'
FROM company, range(10) v(j);
DROP TABLE company;
"""


def build_warehouse(database: Path, parties: int) -> None:
    """A warehouse with the schema, ``parties`` party rows, their registry and the truth."""
    from borderlens.engine.duckdb_engine import DuckDBEngine
    from borderlens.warehouse.migrations import ensure_schema

    with DuckDBEngine(database) as engine:
        ensure_schema(engine)
        for table in ("registry_entity", "party", "truth_entity"):
            engine.execute(f"DROP TABLE IF EXISTS {table}")
        engine.connection.execute(WORLD_SQL.format(companies=parties // 10))


def measure_resolve(database: Path) -> dict[str, float]:
    """Resolve in a fresh process and return seconds, counts, scores and peak memory."""
    code = f"""
import json, logging, resource, time
logging.disable(logging.WARNING)
from borderlens.engine.duckdb_engine import DuckDBEngine
from borderlens.resolve.matching import evaluate_resolve, resolve_entities
engine = DuckDBEngine({str(database)!r}, threads={THREADS})
started = time.perf_counter()
summary = resolve_entities(engine)
seconds = time.perf_counter() - started
scores = evaluate_resolve(engine)["company"]
company = summary.kinds["company"]
print(json.dumps({{"seconds": seconds, "variants": company.variants,
                  "records": company.source_records, "entities": company.entities,
                  "precision": scores["precision"], "recall": scores["recall"],
                  "f1": scores["f1"],
                  "peak_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}}))
"""
    return measure_in_child(code, cores="0,1")


def main(sizes: list[int]) -> int:
    failures = 0
    with tempfile.TemporaryDirectory() as folder:
        for parties in sizes:
            database = Path(folder) / f"resolve_{parties}.duckdb"
            build_warehouse(database, parties)
            figures = measure_resolve(database)
            peak_gb = figures["peak_bytes"] / 1024**3
            ok = figures["seconds"] < GOAL_SECONDS and figures["peak_bytes"] < GOAL_PEAK_BYTES
            failures += not ok
            print(
                f"{parties:>10,} party rows ({figures['variants']:,.0f} distinct variants, "
                f"{figures['records']:,.0f} source records incl. registry): "
                f"{figures['seconds']:.0f} s, peak {peak_gb:.2f} GB, "
                f"{figures['entities']:,.0f} entities, pairwise P {figures['precision']:.3f} "
                f"R {figures['recall']:.3f} F1 {figures['f1']:.3f}, {THREADS} cores "
                f"[{'meets' if ok else 'misses'} goal: < 5 min, < 8 GB]"
            )
            database.unlink()
    print(f"measured {time.strftime('%Y-%m-%d')}")
    return 1 if failures else 0


if __name__ == "__main__":
    requested = [int(arg) for arg in sys.argv[1:]] or [1_000_000]
    sys.exit(main(requested))
