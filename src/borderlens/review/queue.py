"""The review queue: the declaration items the last selection routed to a channel, with the
reason each was picked.

Filters, the sort and the page run on ``review_queue`` (see ``queue_table``), which already
holds what a row shows; only the page's decisions are looked up: a queue of 50,000 items
over a million declarations stays quick.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from borderlens.review.queue_table import (
    CHANNEL_RANK,
    QUEUE_TABLE,
    ensure_queue_table,
    queue_counts,
)
from borderlens.review.reasons import picker_kind, top_reason
from borderlens.risk.selection import SELECTION_TABLE
from borderlens.warehouse.store import Row, Store

PAGE_SIZE = 50
CHANNELS = ("red", "yellow", "blue", "green")
QUEUE_CHANNELS = ("red", "yellow", "blue")
"""Green items are released: they join the queue only when a filter asks for them."""
PICKERS = ("model", "rule", "exploration")
STATUSES = ("undecided", "decided")
SORTS = {
    "probability": "s.fraud_probability",
    "date": "s.declaration_date",
    "value": "s.item_value",
    "office": "s.office_id",
}
_PICKER_SQL = {
    "model": "(s.picked_by LIKE 'policy:%' OR s.picked_by LIKE 'rank:%')",
    "rule": "s.picked_by LIKE 'rule:%'",
    "exploration": "s.picked_by = 'exploration'",
}
_DECIDED = (
    "EXISTS (SELECT 1 FROM case_decision c "
    "WHERE c.declaration_id = s.declaration_id AND c.item_no = s.item_no)"
)
_SELECTED = (
    "declaration_id", "item_no", "declaration_date", "office_id", "fraud_probability", "channel"
)  # fmt: skip
_DETAILS = ("importer_id", "importer_name", "hs_code", "origin_country", "item_value", "currency")


def escape_like(text: str) -> str:
    """``text`` as a literal inside a LIKE pattern with ESCAPE '\\'."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def case_path(declaration_id: str, item_no: int) -> str:
    """The case page of one declaration item."""
    return f"/cases/{quote(declaration_id, safe='')}/{item_no}"


@dataclass(frozen=True)
class QueueFilter:
    """What the officer asked to see; every field is checked against its allowed values."""

    channels: tuple[str, ...] = QUEUE_CHANNELS
    office: str = ""
    picked_by: str = ""
    status: str = ""
    search: str = ""
    sort: str = "probability"
    descending: bool = True
    page: int = 1

    @classmethod
    def from_query(
        cls,
        *,
        channels: list[str] | None = None,
        office: str = "",
        picked_by: str = "",
        status: str = "",
        search: str = "",
        sort: str = "",
        order: str = "",
        page: str = "",
    ) -> QueueFilter:
        """A filter from query parameters; values outside the allowed ones are ignored."""
        wanted = tuple(c for c in CHANNELS if c in (channels or ()))
        sort = sort if sort in SORTS else "probability"
        descending = order != "asc" if order in ("asc", "desc") else sort != "office"
        return cls(
            channels=wanted or QUEUE_CHANNELS,
            office=office.strip()[:100],
            picked_by=picked_by if picked_by in PICKERS else "",
            status=status if status in STATUSES else "",
            search=search.strip()[:100],
            sort=sort,
            descending=descending,
            page=max(1, int(page)) if page.isdigit() and len(page) < 9 else 1,
        )

    def query(self, **changes: Any) -> list[tuple[str, str]]:
        """This filter as query parameters, with ``changes`` applied (for links)."""
        values = {
            "office": self.office,
            "picked_by": self.picked_by,
            "status": self.status,
            "q": self.search,
            "sort": self.sort,
            "order": "desc" if self.descending else "asc",
            "page": str(self.page),
            **changes,
        }
        pairs = [("channel", channel) for channel in values.pop("channels", self.channels)]
        return pairs + [(key, str(value)) for key, value in values.items() if value]


@dataclass(frozen=True)
class QueueRow:
    """One declaration item in the queue, with the reason it is there."""

    declaration_id: str
    item_no: int
    declaration_date: dt.date
    office_id: str | None
    importer_id: str | None
    importer_name: str | None
    hs_code: str | None
    origin_country: str | None
    item_value: float | None
    currency: str | None
    fraud_probability: float | None
    channel: str
    picked_by: str
    picked_by_detail: str
    exploration: bool
    top_reason: str
    reason_source: str
    decided: bool
    url: str


@dataclass(frozen=True)
class OfficeCount:
    office_id: str
    channels: dict[str, int]
    total: int


@dataclass(frozen=True)
class QueueSummary:
    """Items per channel in the whole selection, and per office in the channels shown."""

    channels: dict[str, int] = field(default_factory=dict)
    offices: list[OfficeCount] = field(default_factory=list)


@dataclass(frozen=True)
class QueuePage:
    """One page of the queue; ``ready`` is false when nothing has been selected yet."""

    ready: bool
    rows: list[QueueRow]
    total: int
    page: int
    pages: int
    page_size: int
    summary: QueueSummary


def _conditions(store: Store, wanted: QueueFilter) -> tuple[list[str], list[Any]]:
    """WHERE clauses and parameters. The channel's rank is given as a range too: the queue
    table is ordered by it, so the row groups of other channels are skipped unread."""
    ranks = [CHANNEL_RANK[channel] for channel in wanted.channels]
    clauses = [
        f"s.channel_rank IN ({', '.join('?' for _ in ranks)})",
        "s.channel_rank BETWEEN ? AND ?",
    ]
    params: list[Any] = [*ranks, min(ranks), max(ranks)]
    if wanted.office:
        clauses.append("s.office_id = ?")
        params.append(wanted.office)
    if wanted.picked_by:
        clauses.append(_PICKER_SQL[wanted.picked_by])
    if wanted.status and store.table_exists("case_decision"):
        clauses.append(_DECIDED if wanted.status == "decided" else f"NOT {_DECIDED}")
    if wanted.search:
        pattern = escape_like(wanted.search)
        clauses.append(
            "(s.declaration_id ILIKE ? ESCAPE '\\' OR s.importer_id ILIKE ? ESCAPE '\\' "
            "OR s.hs_code LIKE ? ESCAPE '\\')"
        )
        params += [f"%{pattern}%", f"{pattern}%", f"{pattern}%"]
    return clauses, params


def _page_rows(store: Store, wanted: QueueFilter) -> tuple[list[Row], int]:
    """The queue rows of the page, in order, and how many rows match in all."""
    clauses, params = _conditions(store, wanted)
    where = " AND ".join(clauses)
    total = int(store.value(f"SELECT count(*) FROM {QUEUE_TABLE} s WHERE {where}", params) or 0)
    direction = "DESC" if wanted.descending else "ASC"
    rows = store.rows(
        f"""SELECT * FROM {QUEUE_TABLE} s WHERE {where}
        ORDER BY {SORTS[wanted.sort]} {direction} NULLS LAST, s.declaration_id, s.item_no
        LIMIT ? OFFSET ?""",
        [*params, PAGE_SIZE, (wanted.page - 1) * PAGE_SIZE],
    )
    return rows, total


def _decided(store: Store, ids: list[str]) -> set[tuple[str, int]]:
    """The page's items that carry a decision."""
    if not ids or not store.table_exists("case_decision"):
        return set()
    found = store.rows(
        "SELECT DISTINCT declaration_id, item_no FROM case_decision "
        "WHERE declaration_id = ANY(?::VARCHAR[])",
        [ids],
    )
    return {(row["declaration_id"], row["item_no"]) for row in found}


def _rows(store: Store, page: list[Row]) -> list[QueueRow]:
    """The page's rows with their top reason."""
    decided = _decided(store, sorted({row["declaration_id"] for row in page}))
    result = []
    for row in page:
        key, picked = (row["declaration_id"], row["item_no"]), row["picked_by"] or ""
        factor = (
            {"model_version": row["model_version"], "text": row["factor_text"]}
            if row["factor_text"]
            else None
        )
        reason, source = top_reason(picked, factor, row["rule_hits"] or [], row["model_version"])
        result.append(
            QueueRow(
                **{name: row[name] for name in (*_SELECTED, *_DETAILS)},
                picked_by=picker_kind(picked),
                picked_by_detail=picked,
                exploration=picked == "exploration",
                top_reason=reason,
                reason_source=source,
                decided=key in decided,
                url=case_path(*key),
            )
        )
    return result


def queue_summary(store: Store, channels: tuple[str, ...]) -> QueueSummary:
    """Items per channel, and per office and channel within ``channels`` (counted once per
    build of the queue table)."""
    by_channel = dict.fromkeys(CHANNELS, 0)
    offices: dict[str, dict[str, int]] = {}
    for row in queue_counts(store):
        by_channel[row["channel"]] = by_channel.get(row["channel"], 0) + int(row["items"])
        if row["channel"] in channels:
            offices.setdefault(row["office_id"], {})[row["channel"]] = int(row["items"])
    totals = [OfficeCount(office, found, sum(found.values())) for office, found in offices.items()]
    return QueueSummary(
        {channel: by_channel[channel] for channel in CHANNELS},
        sorted(totals, key=lambda office: (-office.total, office.office_id)),
    )


def read_queue(store: Store, wanted: QueueFilter) -> QueuePage:
    """One page of the queue under ``wanted``."""
    if not store.table_exists(SELECTION_TABLE):
        return QueuePage(False, [], 0, 1, 1, PAGE_SIZE, QueueSummary())
    ensure_queue_table(store)
    rows, total = _page_rows(store, wanted)
    pages = max(1, -(-total // PAGE_SIZE))
    return QueuePage(
        True,
        _rows(store, rows),
        total,
        wanted.page,
        pages,
        PAGE_SIZE,
        queue_summary(store, wanted.channels),
    )
