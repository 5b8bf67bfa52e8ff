"""Workbench latency: queue and case pages with 1M declarations and 20 officers at once.

Builds the synthetic warehouse of ``benchmarks/risk.py`` (default 1,000,000 declarations) and
takes it through the real risk stage (train, score, select 5% red within the default budget,
explain every red item), or reuses a warehouse built before (``--reuse``). It then adds 20
analyst accounts, starts ``borderlens serve`` in its own process on 127.0.0.1, signs the 20
officers in through the sign-in form, and lets them work at once, each in its own thread:
queue pages with varied filters, sorts and pages, and the case pages of selected items.

Two phases, each bounded in time and in requests per officer:

- busy: each officer waits 0.5-1.5 s between pages (reading them), as officers do;
- saturated: no pause at all, to show the ceiling of the machine.

It prints p50/p95/p99 latency per page and requests per second. Goal: queue and case pages
under 300 ms at the 95th percentile with 1M declarations and 20 concurrent officers (busy).
Every request goes to the loopback address only.

    python benchmarks/workbench.py                                 # 1M, built in a temp folder
    python benchmarks/workbench.py --database /tmp/wb1m.duckdb     # build it there and keep it
    python benchmarks/workbench.py --database /tmp/wb1m.duckdb --reuse   # measure it again
    python benchmarks/workbench.py --rows 200000 --seconds 30      # smaller, shorter
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import numpy as np

from risk import build_warehouse

GOAL_P95_SECONDS = 0.300
OFFICERS = 20
PASSWORD = "benchmark-officer"
SORTS = ("probability", "date", "value", "office")
CHANNELS = ("red", "yellow", "blue")
REQUESTS_PER_OFFICER = 5_000
"""A bound on each officer's requests in a phase, besides its time."""


@dataclass(frozen=True)
class Sample:
    """What the simulated officers choose from: selected items and offices."""

    cases: list[tuple[str, int]]
    offices: list[str]
    declarations: int
    red: int
    explained: int


def build(database: Path, model_dir: Path, rows: int) -> None:
    """The synthetic warehouse, through the real risk stage."""
    from borderlens.engine.duckdb_engine import DuckDBEngine
    from borderlens.risk.stage import run_risk_stage

    started = time.perf_counter()
    build_warehouse(database, rows)
    print(f"built {rows:,} declarations in {time.perf_counter() - started:.0f} s", flush=True)
    started = time.perf_counter()
    with DuckDBEngine(database) as engine:
        stage = run_risk_stage(engine, model_dir)
    print(
        f"risk stage (train, score, select, explain {stage.explained:,} red items) in "
        f"{time.perf_counter() - started:.0f} s",
        flush=True,
    )


def prepare(database: Path) -> Sample:
    """Officers' accounts (created once) and the items and offices they will open."""
    from borderlens.review.accounts import create_user, find_user
    from borderlens.review.roles import Role
    from borderlens.warehouse.store import Store

    store = Store(database)
    try:
        for number in range(1, OFFICERS + 1):
            name = f"officer{number:02d}"
            if find_user(store, name) is None:
                create_user(store, name, Role.ANALYST, PASSWORD, created_by="benchmark", client="")
        cases = store.rows(
            "SELECT declaration_id, item_no FROM risk_selection WHERE channel = 'red' "
            "ORDER BY hash(declaration_id, item_no) LIMIT 5000"
        )
        offices = store.rows("SELECT DISTINCT office_id FROM risk_selection ORDER BY 1")
        explained = "SELECT count(*) FROM (SELECT DISTINCT declaration_id, item_no FROM {})"
        return Sample(
            [(row["declaration_id"], row["item_no"]) for row in cases],
            [row["office_id"] for row in offices],
            int(store.value("SELECT count(*) FROM declaration")),
            int(store.value("SELECT count(*) FROM risk_selection WHERE channel = 'red'")),
            int(store.value(explained.format("risk_explanation")))
            if store.table_exists("risk_explanation")
            else 0,
        )
    finally:
        store.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start_server(
    database: Path, model_dir: Path, log: Path, port: int
) -> tuple[subprocess.Popen[bytes], str]:
    """``borderlens serve`` on a loopback port (a free one for 0); returns once it answers."""
    port = port or free_port()
    environment = {
        **os.environ,
        "BORDERLENS_DATABASE": str(database),
        "BORDERLENS_MODEL_DIR": str(model_dir),
    }
    command = [sys.executable, "-m", "borderlens", "serve", "--host", "127.0.0.1"]
    with log.open("wb") as output:
        server = subprocess.Popen(
            [*command, "--port", str(port)],
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and server.poll() is None:
        try:
            if httpx.get(f"{url}/login", timeout=5).status_code == 200:
                return server, url
        except httpx.TransportError:
            time.sleep(0.5)
    stop_server(server)
    raise RuntimeError(f"the server did not start:\n{log.read_text(errors='replace')[-3000:]}")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def sign_in(url: str, username: str) -> httpx.Client:
    """A client signed in through the form, as a browser does."""
    client = httpx.Client(base_url=url, timeout=60, follow_redirects=False)
    form = client.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)
    if token is None:
        raise RuntimeError("the sign-in page carries no form token")
    data = {"username": username, "password": PASSWORD, "csrf_token": token[1], "next": "/"}
    if client.post("/login", data=data).status_code != 303:
        raise RuntimeError(f"{username} could not sign in")
    return client


def queue_address(draw: random.Random, sample: Sample) -> str:
    """A queue page as officers ask for it: mostly the first pages, with some filter."""
    params: list[tuple[str, str]] = [("sort", draw.choice(SORTS))]
    params.append(("order", draw.choice(("desc", "asc"))))
    if draw.random() < 0.5:
        params += [("channel", channel) for channel in draw.sample(CHANNELS, draw.randint(1, 2))]
    if draw.random() < 0.3:
        params.append(("office", draw.choice(sample.offices)))
    if draw.random() < 0.2:
        params.append(("status", "undecided"))
    params.append(("page", str(min(1 + int(draw.expovariate(0.3)), 40))))
    return "/queue?" + "&".join(f"{name}={value}" for name, value in params)


def case_address(draw: random.Random, sample: Sample) -> str:
    declaration_id, item_no = draw.choice(sample.cases)
    return f"/cases/{declaration_id}/{item_no}"


@dataclass
class Timings:
    """Latencies per page, and what went wrong (a status other than 200, or an error)."""

    seconds: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    failures: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, page: str, seconds: float, outcome: str) -> None:
        with self.lock:
            self.seconds[page].append(seconds)
            if outcome != "200":
                self.failures[page][outcome] += 1


def officer(
    client: httpx.Client,
    sample: Sample,
    seed: int,
    until: float,
    think: Callable[[random.Random], float],
    timings: Timings,
) -> None:
    """One officer's session: 60% queue pages, 40% case pages, until time or count runs out."""
    draw = random.Random(seed)
    for _ in range(REQUESTS_PER_OFFICER):
        if time.monotonic() >= until:
            return
        page = "queue" if draw.random() < 0.6 else "case"
        address = queue_address(draw, sample) if page == "queue" else case_address(draw, sample)
        started = time.perf_counter()
        try:
            outcome = str(client.get(address).status_code)
        except httpx.HTTPError as error:
            outcome = type(error).__name__
        timings.add(page, time.perf_counter() - started, outcome)
        time.sleep(think(draw))


def run_phase(
    name: str, clients: list[httpx.Client], sample: Sample, seconds: float, think_seconds: float
) -> bool:
    """Let every officer work for ``seconds``; print the figures; True when the goal is met."""
    timings = Timings()
    until = time.monotonic() + seconds

    def think(draw: random.Random) -> float:
        return draw.uniform(0.5, 1.5) * think_seconds

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        for number, client in enumerate(clients):
            pool.submit(officer, client, sample, number, until, think, timings)
    elapsed = time.perf_counter() - started
    total = sum(len(values) for values in timings.seconds.values())
    print(f"{name}: {len(clients)} officers, {elapsed:.0f} s, {total:,} pages, "
          f"{total / elapsed:.1f} pages/s")  # fmt: skip
    met = True
    for page in ("queue", "case"):
        values = np.array(timings.seconds.get(page, [float("nan")])) * 1000
        p50, p95, p99 = np.percentile(values, [50, 95, 99])
        failed = timings.failures[page]
        met = met and p95 < GOAL_P95_SECONDS * 1000 and not failed
        print(f"  {page:>5} pages: {len(values):>6,}  p50 {p50:6.0f} ms  p95 {p95:6.0f} ms  "
              f"p99 {p99:6.0f} ms  failed {sum(failed.values())} {dict(failed) or ''}")  # fmt: skip
    return met


def measure(database: Path, model_dir: Path, folder: Path, args: argparse.Namespace) -> int:
    sample = prepare(database)
    print(f"warehouse: {sample.declarations:,} declarations, {sample.red:,} red items, "
          f"{sample.explained:,} explained, {len(sample.offices)} offices; "
          f"{os.cpu_count()} cores")  # fmt: skip
    server, url = start_server(database, model_dir, folder / "server.log", args.port)
    try:
        clients = [sign_in(url, f"officer{n:02d}") for n in range(1, OFFICERS + 1)]
        if clients[0].get("/queue").status_code != 200:
            print("the queue page does not answer 200: is the queue route mounted?")
            return 1
        busy = run_phase("busy", clients, sample, args.seconds, args.think)
        run_phase("saturated", clients, sample, args.seconds / 2, 0.0)
        for client in clients:
            client.close()
    finally:
        stop_server(server)
    print(f"[{'meets' if busy else 'misses'} goal: queue and case pages < "
          f"{GOAL_P95_SECONDS * 1000:.0f} ms at p95, {OFFICERS} busy officers]")  # fmt: skip
    print(f"measured {time.strftime('%Y-%m-%d')}")
    return 0 if busy else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="declarations to build")
    parser.add_argument("--database", type=Path, help="warehouse file to build (and keep)")
    parser.add_argument("--reuse", action="store_true", help="measure --database as it is")
    parser.add_argument("--model-dir", type=Path, help="its models (default: beside it)")
    parser.add_argument("--port", type=int, default=0, help="loopback port (default: a free one)")
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the busy phase")
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between pages")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        database = args.database or folder / "workbench.duckdb"
        model_dir = args.model_dir or database.parent / f"{database.stem}-models"
        if not (args.reuse and database.is_file()):
            database.unlink(missing_ok=True)
            shutil.rmtree(model_dir, ignore_errors=True)
            build(database, model_dir, args.rows)
        return measure(database, model_dir, folder, args)


if __name__ == "__main__":
    sys.exit(main())
