"""Which process holds a DuckDB warehouse file: the workbench server says so in a file beside it.

DuckDB lets one process open a file, so while ``borderlens serve`` runs, a command cannot open
the warehouse. The server writes ``<warehouse>.server.json`` (readable by its owner only) with
its address, process id and a control token, and removes it when it stops. A command that finds
it asks the server to run its job, or says which server to stop. Whoever can read that file can
open the warehouse itself once the server stops, so the token gives a command no more power
than it already had.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Holder:
    """A running workbench server that holds the warehouse."""

    url: str
    pid: int
    token: str


def holder_file(database: Path) -> Path:
    return database.with_name(f"{database.name}.server.json")


def announce(database: Path, holder: Holder) -> Path:
    """Say that this server holds ``database`` (the file is made readable by its owner only)."""
    path = holder_file(database)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        json.dump(asdict(holder), file)
    return path


def withdraw(database: Path, pid: int) -> None:
    """Remove the file when it is this process's (a newer server may have replaced it)."""
    found = current_holder(database)
    if found is not None and found.pid == pid:
        holder_file(database).unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def current_holder(database: Path) -> Holder | None:
    """The server holding ``database``, or None; a file left by a server that died is ignored."""
    path = holder_file(database)
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
        holder = Holder(str(found["url"]), int(found["pid"]), str(found["token"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return holder if _alive(holder.pid) else None
