"""Tables the server derives from the warehouse for its pages (the review queue, the case
lookups), each rebuilt when what it was built from changes.

A read model stamps its table with a summary of its sources. A page checks the stamp at most
every few seconds and rebuilds the table when the sources moved on. While a pipeline job holds
the warehouse, a page does not wait for it: it reads the table as it is and a later page
rebuilds it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from borderlens.engine.duckdb_engine import DuckDBEngine
from borderlens.warehouse.store import Store, WarehouseBusy

RECHECK_SECONDS = 5.0
"""How long a page trusts the last check that a read model matches its sources."""
REBUILD_WAIT_SECONDS = 0.5
"""How long a page waits to rebuild while another writer (a pipeline job) holds the warehouse."""


@dataclass
class Checked:
    """What a read model was last found built from, and when that was checked."""

    stamp: str
    at: float


def _nothing_pending(store: Store) -> bool:
    return False


@dataclass(frozen=True)
class ReadModel:
    """A table of the server's, its stamp and how to build it.

    ``build(engine, store, stamp, stale)`` rebuilds the table when ``stale`` and does whatever
    else ``pending`` found to do (indexes to make again, say).
    """

    table: str
    doing: str
    stamp: Callable[[Store], str]
    build: Callable[[DuckDBEngine, Store, str, bool], None]
    pending: Callable[[Store], bool] = _nothing_pending


_lock = threading.Lock()


def keep_current(store: Store, model: ReadModel) -> None:
    """Rebuild ``model``'s table when its sources changed since it was built."""
    with _lock:
        checked = store.memo.get(model.table)
        now = time.monotonic()
        if isinstance(checked, Checked) and now - checked.at < RECHECK_SECONDS:
            return
        stamp = model.stamp(store)
        built = checked.stamp if isinstance(checked, Checked) else None
        if built is None and store.table_exists(model.table):
            built = store.value(f"SELECT any_value(stamp) FROM {model.table}")
        stale = built != stamp
        if stale or model.pending(store):
            try:
                with store.exclusive(model.doing, REBUILD_WAIT_SECONDS) as engine:
                    model.build(engine, store, stamp, stale)
            except WarehouseBusy:
                return  # a pipeline job is writing: read the table as it is, rebuild later
        store.memo[model.table] = Checked(stamp, now)


def last_check(store: Store, model: ReadModel) -> object:
    """The last check of ``model`` (a new object after each check): what caches keyed on it
    compare."""
    return store.memo.get(model.table)
