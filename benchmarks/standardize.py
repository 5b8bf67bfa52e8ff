"""Standardization throughput: 1M party rows through ``standardize_records``.

Names and addresses mix scripts and legal forms (Cyrillic, Chinese, Greek, Arabic, Turkish,
German, Indonesian...). Distinct values are what cost time (each is standardized once), so
the script runs with few, many and only distinct values.

    python benchmarks/standardize.py                 # 1M rows at three levels of repetition
    python benchmarks/standardize.py 200000 50000    # rows, distinct names and addresses
"""

from __future__ import annotations

import random
import sys
import time

import pyarrow as pa

from borderlens.resolve.standardize import standardize_records

STEMS = ["Romashka", "Ромашка", "Guangming", "光明", "Ege Tekstil", "Maju Jaya", "Acme",
         "Παπαδόπουλος", "النور", "Beridze"]  # fmt: skip
FORMS = ["LLC", "ООО", "Co., Ltd.", "有限公司", "A.Ş.", "GmbH", "Sp. z o.o.", "PT", "Ltd", "ΑΕ",
         "ذ.م.م", "S.A. de C.V."]  # fmt: skip
COUNTRIES = ["Россия", "RU", "China", "中国", "Türkiye", "GE", "UK", "Deutschland", None]


def company_name(seed: int) -> str:
    pick = random.Random(seed)
    form = pick.choice(FORMS)
    words = pick.choice(["Trading", "Tekstil", "Import", "Logistics", "深圳", "Holding"])
    stem = f"{pick.choice(STEMS)} {words} {seed}"
    return f"{form} {stem}" if form in ("ООО", "PT") else f"{stem} {form}"


def address(seed: int) -> str:
    pick = random.Random(-seed)
    return pick.choice(
        [
            f"{seed % 200} Rustaveli Ave, Tbilisi 0{seed % 900 + 100}",
            f"ул. Ленина, д. {seed % 90}, Москва 1{seed % 99999:05d}",
            f"Flat {seed % 9}, {seed % 300} Downing Street, London SW1A {seed % 9}AA",
            f"{seed % 99} Keji Rd, Nanshan, Shenzhen 518{seed % 999:03d}",
            f"深圳市南山区科技路{seed % 500}号",
        ]
    )


def measure(rows: int, distinct: int) -> None:
    rng = random.Random(7)
    names = [company_name(i) for i in range(distinct)]
    addresses = [address(i) for i in range(distinct)]
    table = pa.table(
        {
            "id": pa.array(range(rows), pa.int64()),
            "name": [names[rng.randrange(distinct)] for _ in range(rows)],
            "address": [addresses[rng.randrange(distinct)] for _ in range(rows)],
            "country": [COUNTRIES[rng.randrange(len(COUNTRIES))] for _ in range(rows)],
        }
    )
    started = time.perf_counter()
    standardize_records(
        table,
        kind="company",
        id_column="id",
        name_column="name",
        address_column="address",
        country_column="country",
    )
    seconds = time.perf_counter() - started
    print(
        f"{rows:,} rows, {distinct:,} distinct names and addresses: "
        f"{seconds:.1f} s ({rows / seconds:,.0f} rows/s)"
    )


if __name__ == "__main__":
    if len(sys.argv) == 3:
        measure(int(sys.argv[1]), int(sys.argv[2]))
    else:
        for distinct in (100_000, 300_000, 1_000_000):
            measure(1_000_000, distinct)
