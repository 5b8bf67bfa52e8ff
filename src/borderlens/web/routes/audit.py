"""The audit trail, for supervisors and auditors: every decision with the advice shown when it
was taken and the outcome, filtered and paged, exported to CSV; and the raw audit events."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, StreamingResponse
from pydantic import BaseModel

from borderlens.review.advice import ACTION_LABELS
from borderlens.review.audit import (
    TrailFilter,
    audit_events,
    decision_trail,
    event_choices,
    trail_choices,
    trail_csv,
)
from borderlens.review.roles import Permission
from borderlens.web.context import Workbench, workbench
from borderlens.web.deps import Viewer, requires
from borderlens.web.pages import add_navigation, render
from borderlens.web.query import day_filter

router = APIRouter()
Auditor = Annotated[Viewer, Depends(requires(Permission.VIEW_AUDIT))]
WorkbenchDep = Annotated[Workbench, Depends(workbench)]
Text = Annotated[str, Query(max_length=200)]
Overridden = Literal["", "yes", "no"]
add_navigation("Audit trail", "/audit", Permission.VIEW_AUDIT)


class TrailRow(BaseModel):
    decision_id: str
    declaration_id: str
    item_no: int
    action: str
    reason: str | None
    officer: str
    decided_at: datetime
    corrects: str | None
    corrected_by: str | None
    advice_channel: str | None
    advice_model_version: str | None
    advice_score: float | None
    advice_rules: list[str]
    advice_reasons: list[str]
    advice_exploration: bool | None
    overrides_advice: bool | None
    outcome_result: str | None
    outcome_found: str | None
    revenue_recovered: float | None
    seizure: bool | None
    critical: bool | None
    outcome_officer: str | None
    outcome_recorded_at: datetime | None


class TrailPage(BaseModel):
    total: int
    page: int
    pages: int
    rows: list[TrailRow]


class EventRow(BaseModel):
    occurred_at: datetime
    actor: str | None
    host: str | None
    action: str | None
    subject: str | None
    detail: str | None


class EventPage(BaseModel):
    total: int
    page: int
    pages: int
    rows: list[EventRow]


class TrailQuery:
    """The trail's filters as query parameters, shared by the page, the API and the CSV."""

    def __init__(
        self,
        officer: Text = "",
        rule: Text = "",
        model_version: Text = "",
        overridden: Overridden = "",
        since: Annotated[str, Query(max_length=10)] = "",
        until: Annotated[str, Query(max_length=10)] = "",
    ) -> None:
        self.values = {
            "officer": officer,
            "rule": rule,
            "model_version": model_version,
            "overridden": overridden,
            "since": since,
            "until": until,
        }
        self.problems: list[str] = []
        self.filter = TrailFilter(
            officer=officer.strip(),
            rule=rule.strip(),
            model_version=model_version.strip(),
            overridden=None if not overridden else overridden == "yes",
            since=day_filter(since, "since", self.problems),
            until=day_filter(until, "until", self.problems),
        )

    def check(self) -> TrailFilter:
        """The filter, or a 400 naming the malformed dates (for the API and the CSV)."""
        if self.problems:
            raise HTTPException(400, "; ".join(self.problems))
        return self.filter

    def query(self, **more: Any) -> str:
        """The query string of these filters (and ``more``), empty values left out."""
        return urlencode({k: v for k, v in {**self.values, **more}.items() if v not in ("", None)})


TrailDep = Annotated[TrailQuery, Depends()]


@router.get("/audit", response_class=HTMLResponse, include_in_schema=False)
def audit_page(
    request: Request,
    bench: WorkbenchDep,
    viewer: Auditor,
    trail: TrailDep,
    tab: Literal["decisions", "events"] = "decisions",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    actor: Text = "",
    event_action: Text = "",
) -> HTMLResponse:
    actors, actions = event_choices(bench.store)
    return render(
        request,
        "audit.html",
        viewer,
        400 if trail.problems else 200,
        tab=tab,
        trail=trail,
        choices=trail_choices(bench.store),
        decisions=decision_trail(bench.store, trail.filter, page) if tab == "decisions" else None,
        events=audit_events(bench.store, actor, event_action, page) if tab == "events" else None,
        actor=actor,
        event_action=event_action,
        actors=actors,
        actions=actions,
        action_labels=ACTION_LABELS,
        events_query=urlencode(
            {k: v for k, v in {"actor": actor, "event_action": event_action}.items() if v}
        ),
    )


@router.get("/audit.csv", include_in_schema=False)
def audit_csv(bench: WorkbenchDep, viewer: Auditor, trail: TrailDep) -> StreamingResponse:
    chunks: Iterator[str] = trail_csv(bench.store, trail.check())
    stamp = datetime.now().strftime("%Y%m%d-%H%M")
    return StreamingResponse(
        chunks,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="audit-trail-{stamp}.csv"'},
    )


@router.get("/api/audit", response_model=TrailPage, tags=["audit"])
def api_audit(
    bench: WorkbenchDep,
    viewer: Auditor,
    trail: TrailDep,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> TrailPage:
    """Decisions newest first (50 a page) with the advice shown, the override and the outcome;
    the same filters as ``/audit.csv``."""
    found = decision_trail(bench.store, trail.check(), page)
    rows = [TrailRow.model_validate(row) for row in found.rows]
    return TrailPage(total=found.total, page=found.number, pages=found.pages, rows=rows)


@router.get("/api/audit/events", response_model=EventPage, tags=["audit"])
def api_audit_events(
    bench: WorkbenchDep,
    viewer: Auditor,
    actor: Text = "",
    action: Text = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> EventPage:
    """Raw audit events newest first (sign-ins, accounts, decisions, pipeline runs)."""
    found = audit_events(bench.store, actor, action, page)
    rows = [EventRow.model_validate(row) for row in found.rows]
    return EventPage(total=found.total, page=found.number, pages=found.pages, rows=rows)
