"""The KPI page and its JSON twin: facilitation, revenue, security and hit rates, from the
workbench's records and the historical inspection results, with their weekly trends."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from borderlens.measure import Kpis, compute_kpis
from borderlens.measure.results import selection_run
from borderlens.measure.trends import count, kpi_charts, money, percent
from borderlens.review.roles import Permission
from borderlens.web.context import Workbench, workbench
from borderlens.web.deps import Viewer, requires
from borderlens.web.pages import add_navigation, render
from borderlens.web.query import day_filter

router = APIRouter()
KpiViewer = Annotated[Viewer, Depends(requires(Permission.VIEW_KPIS))]
WorkbenchDep = Annotated[Workbench, Depends(workbench)]
Day = Annotated[str, Query(max_length=10, description="a lodgement day, YYYY-MM-DD")]
add_navigation("KPIs", "/kpis", Permission.VIEW_KPIS)


@router.get("/kpis", response_class=HTMLResponse, include_in_schema=False)
def kpis_page(
    request: Request, bench: WorkbenchDep, viewer: KpiViewer, since: Day = "", until: Day = ""
) -> HTMLResponse:
    problems: list[str] = []
    first, last = day_filter(since, "from", problems), day_filter(until, "to", problems)
    kpis = compute_kpis(bench.store, first, last)
    return render(
        request,
        "kpis.html",
        viewer,
        400 if problems else 200,
        kpis=kpis,
        charts=kpi_charts(kpis),
        selection=selection_run(bench.store),
        since=since,
        until=until,
        problems=problems,
        count=count,
        money=money,
        percent=percent,
    )


@router.get("/api/kpis", response_model=Kpis, tags=["kpis"])
def api_kpis(bench: WorkbenchDep, viewer: KpiViewer, since: Day = "", until: Day = "") -> Kpis:
    """Every KPI of the goods items lodged from ``since`` to ``until`` (both optional), split
    into workbench outcomes and historical inspection results, with weekly figures."""
    problems: list[str] = []
    first, last = day_filter(since, "since", problems), day_filter(until, "until", problems)
    if problems:
        raise HTTPException(400, "; ".join(problems))
    return compute_kpis(bench.store, first, last)
