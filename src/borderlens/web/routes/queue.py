"""The review queue page and its JSON twin: the selected declaration items, filtered, sorted
and paged; htmx swaps just the results when a filter changes."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from borderlens.review.queue import (
    CHANNELS,
    PICKERS,
    SORTS,
    STATUSES,
    QueueFilter,
    QueuePage,
    read_queue,
)
from borderlens.review.roles import Permission
from borderlens.web.context import Workbench, workbench
from borderlens.web.deps import Viewer, requires
from borderlens.web.pages import add_navigation, render

router = APIRouter()
CaseViewer = Annotated[Viewer, Depends(requires(Permission.VIEW_CASES))]
WorkbenchDep = Annotated[Workbench, Depends(workbench)]
add_navigation("Queue", "/queue", Permission.VIEW_CASES)

_TEXT = Query(max_length=200)


def _filter(
    channel: Annotated[list[str] | None, Query(description="red, yellow, blue or green")] = None,
    office: Annotated[str, _TEXT] = "",
    picked_by: Annotated[str, Query(max_length=200, description="model, rule or exploration")] = "",
    status: Annotated[str, Query(max_length=200, description="undecided or decided")] = "",
    q: Annotated[
        str, Query(max_length=200, description="declaration id, importer id or HS prefix")
    ] = "",
    sort: Annotated[
        str, Query(max_length=200, description="probability, date, value or office")
    ] = "",
    order: Annotated[str, Query(max_length=200, description="asc or desc")] = "",
    page: Annotated[str, Query(max_length=200, description="page number, from 1")] = "",
) -> QueueFilter:
    return QueueFilter.from_query(
        channels=channel,
        office=office,
        picked_by=picked_by,
        status=status,
        search=q,
        sort=sort,
        order=order,
        page=page,
    )


FilterDep = Annotated[QueueFilter, Depends(_filter)]


def _link(wanted: QueueFilter, **changes: Any) -> str:
    return "/queue?" + urlencode(wanted.query(**changes))


def _page_links(result: QueuePage, wanted: QueueFilter) -> list[tuple[int | None, str]]:
    """Page numbers to show (None for a gap) with their addresses."""
    shown = {1, result.pages, *range(result.page - 2, result.page + 3)}
    numbers = sorted(n for n in shown if 1 <= n <= result.pages)
    links: list[tuple[int | None, str]] = []
    for number in numbers:
        if links and links[-1][0] is not None and number - (links[-1][0] or 0) > 1:
            links.append((None, ""))
        links.append((number, _link(wanted, page=number)))
    return links


@router.get("/queue", response_class=HTMLResponse, include_in_schema=False)
def queue_page(
    request: Request, bench: WorkbenchDep, viewer: CaseViewer, wanted: FilterDep
) -> HTMLResponse:
    """The whole page; htmx picks ``#queue-results`` out of it when a filter changes."""
    result = read_queue(bench.store, wanted)
    return render(
        request,
        "queue.html",
        viewer,
        result=result,
        wanted=wanted,
        channels=CHANNELS,
        pickers=PICKERS,
        statuses=STATUSES,
        sorts=list(SORTS),
        page_links=_page_links(result, wanted),
        link=lambda **changes: _link(wanted, **changes),
    )


@router.get("/api/queue", response_model=QueuePage, tags=["cases"])
def api_queue(bench: WorkbenchDep, viewer: CaseViewer, wanted: FilterDep) -> QueuePage:
    """The review queue: selected declaration items with the reason each was picked.

    Red, yellow and blue items by default (`channel` may ask for green, the released items);
    filter by `office`, `picked_by`, `status` and `q`, sort by `sort`/`order`, 50 per `page`.
    Values outside the allowed ones are ignored.
    """
    return read_queue(bench.store, wanted)
