"""The review queue: the declaration items the last selection routed to a channel, with the
reason each was picked.

Filters and the sort run on ``risk_selection`` alone (joined to ``declaration`` only when the
officer searches by importer or HS code, or sorts by declared value), one page is cut with
LIMIT, and only that page's rows are looked up in ``declaration``, ``risk_explanation`` and
``risk_rule_hit``: a queue of 50,000 items over a million declarations stays quick.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from borderlens.review.reasons import picker_kind, top_reason
from borderlens.risk.explain import EXPLANATION_TABLE
from borderlens.risk.selection import RULE_HIT_TABLE, SELECTION_TABLE
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
    "value": "d.item_value",
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
_DECLARATION_JOIN = (
    "LEFT JOIN declaration d ON d.declaration_id = s.declaration_id AND d.item_no = s.item_no"
)


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


def _conditions(store: Store, wanted: QueueFilter) -> tuple[list[str], list[Any], bool]:
    """WHERE clauses and parameters, and whether they read ``declaration``."""
    clauses = [f"s.channel IN ({', '.join('?' for _ in wanted.channels)})"]
    params: list[Any] = list(wanted.channels)
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
            "(s.declaration_id ILIKE ? ESCAPE '\\' OR d.importer_id ILIKE ? ESCAPE '\\' "
            "OR d.hs_code LIKE ? ESCAPE '\\')"
        )
        params += [f"%{pattern}%", f"{pattern}%", f"{pattern}%"]
    return clauses, params, bool(wanted.search)


def _page_keys(store: Store, wanted: QueueFilter) -> tuple[list[Row], int]:
    """The selection rows of the page, in order, and how many rows match in all."""
    clauses, params, searched = _conditions(store, wanted)
    sort_joins = searched or wanted.sort == "value"
    source = f"{SELECTION_TABLE} s {_DECLARATION_JOIN if sort_joins else ''}"
    where = " AND ".join(clauses)
    total = int(store.value(f"SELECT count(*) FROM {source} WHERE {where}", params) or 0)
    direction = "DESC" if wanted.descending else "ASC"
    rows = store.rows(
        f"""SELECT s.declaration_id, s.item_no, s.declaration_date, s.office_id,
               s.fraud_probability, s.channel, s.picked_by, s.model_version
        FROM {source} WHERE {where}
        ORDER BY {SORTS[wanted.sort]} {direction} NULLS LAST, s.declaration_id, s.item_no
        LIMIT ? OFFSET ?""",
        [*params, PAGE_SIZE, (wanted.page - 1) * PAGE_SIZE],
    )
    return rows, total


def _by_key(rows: list[Row]) -> dict[tuple[str, int], list[Row]]:
    found: dict[tuple[str, int], list[Row]] = {}
    for row in rows:
        found.setdefault((row["declaration_id"], row["item_no"]), []).append(row)
    return found


def _lookup(store: Store, table: str, columns: str, ids: list[str], extra: str = "") -> Any:
    """Rows of ``table`` for the page's declarations, by (declaration_id, item_no)."""
    if not ids or not store.table_exists(table):
        return {}
    return _by_key(
        store.rows(
            f"SELECT declaration_id, item_no, {columns} FROM {table} "
            f"WHERE declaration_id = ANY(?::VARCHAR[]) {extra}",
            [ids],
        )
    )


def _rows(store: Store, keys: list[Row]) -> list[QueueRow]:
    """The page's rows with their declaration details and top reason."""
    ids = sorted({row["declaration_id"] for row in keys})
    details = _lookup(store, "declaration", ", ".join(_DETAILS), ids)
    factors = _lookup(store, EXPLANATION_TABLE, "model_version, text", ids, "AND rank = 1")
    hits = _lookup(store, RULE_HIT_TABLE, "rule_id, reason", ids, "ORDER BY rule_id")
    decided = _lookup(store, "case_decision", "decision_id", ids)
    result = []
    for row in keys:
        key, picked = (row["declaration_id"], row["item_no"]), row["picked_by"] or ""
        detail = details.get(key, [{}])[0]
        versions = [f for f in factors.get(key, []) if f["model_version"] == row["model_version"]]
        reason, source = top_reason(
            picked, versions[0] if versions else None, hits.get(key, []), row["model_version"]
        )
        result.append(
            QueueRow(
                **{name: row[name] for name in _SELECTED},
                **{name: detail.get(name) for name in _DETAILS},
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
    """Items per channel, and per office and channel within ``channels``."""
    by_channel = dict.fromkeys(CHANNELS, 0)
    offices: dict[str, dict[str, int]] = {}
    for row in store.rows(
        f"SELECT coalesce(office_id, '') AS office_id, channel, count(*) AS items "
        f"FROM {SELECTION_TABLE} GROUP BY ALL"
    ):
        by_channel[row["channel"]] = by_channel.get(row["channel"], 0) + int(row["items"])
        if row["channel"] in channels:
            offices.setdefault(row["office_id"], {})[row["channel"]] = int(row["items"])
    counted = [OfficeCount(office, found, sum(found.values())) for office, found in offices.items()]
    return QueueSummary(
        {channel: by_channel[channel] for channel in CHANNELS},
        sorted(counted, key=lambda office: (-office.total, office.office_id)),
    )


def read_queue(store: Store, wanted: QueueFilter) -> QueuePage:
    """One page of the queue under ``wanted``."""
    if not store.table_exists(SELECTION_TABLE):
        return QueuePage(False, [], 0, 1, 1, PAGE_SIZE, QueueSummary())
    keys, total = _page_keys(store, wanted)
    pages = max(1, -(-total // PAGE_SIZE))
    return QueuePage(
        True,
        _rows(store, keys),
        total,
        wanted.page,
        pages,
        PAGE_SIZE,
        queue_summary(store, wanted.channels),
    )
