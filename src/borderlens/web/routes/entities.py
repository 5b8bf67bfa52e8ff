"""Entities: a company or person with the records resolved to it, its owners, group, related
parties and declarations, and analysts' verdicts on whether its records belong together."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from borderlens.review import entities as read
from borderlens.review.roles import Permission
from borderlens.warehouse.store import Store
from borderlens.web.context import Workbench, client_address, workbench
from borderlens.web.deps import Viewer, requires
from borderlens.web.pages import render

router = APIRouter()
Reader = Annotated[Viewer, Depends(requires(Permission.VIEW_CASES))]
Judge = Annotated[Viewer, Depends(requires(Permission.JUDGE_MATCHES))]
WorkbenchDep = Annotated[Workbench, Depends(workbench)]
Page = Annotated[int, Query(ge=1, le=100_000)]


class EntityOut(BaseModel):
    """An entity and everything the warehouse knows around it."""

    entity: dict[str, Any] = Field(description="entity_id, entity_kind, name, country ...")
    records: list[dict[str, Any]] = Field(
        description="source records linked to it (registry entries, declaration parties) with "
        "their names, addresses, match probability and model version"
    )
    owners: list[dict[str, Any]] = Field(description="ultimate owners: share, basis, path")
    holdings: list[dict[str, Any]] = Field(description="entities it ultimately owns")
    structure: dict[str, Any] | None = Field(description="structure metrics of its group")
    related: list[dict[str, Any]] = Field(description="related parties (Art. 15.4 tests)")
    declarations: list[dict[str, Any]] = Field(description="this page of goods items")
    declaration_count: int
    page: int
    pages: int
    judgements: list[dict[str, Any]] = Field(description="analysts' verdicts, newest first")
    pairs: list[dict[str, Any]] = Field(description="pairs of its records, with latest verdict")


class JudgementIn(BaseModel):
    record_a: str = Field(max_length=200, description="kind:key, e.g. importer:200180174")
    record_b: str = Field(max_length=200, description="kind:key of the other record")
    verdict: Literal["confirm", "reject"]
    reason: str = Field(max_length=1000)


class JudgementOut(BaseModel):
    judgement_id: str
    entity_id: str


def entity_data(store: Store, entity_id: str, page: int) -> dict[str, Any] | None:
    """Everything the entity page shows, or None for an unknown id."""
    entity = store.row(
        "SELECT entity_id, entity_kind, name, country, created_at, model_version FROM entity "
        "WHERE entity_id = ?",
        [entity_id],
    )
    if entity is None:
        return None
    records = read.linked_records(store, entity_id, entity["entity_kind"])
    owners, holdings = read.ownership(store, entity_id)
    rows, total = read.declarations(store, entity_id, page)
    verdicts = read.judgements(store, [record["record"] for record in records])
    return {
        "entity": entity,
        "records": records,
        "owners": owners,
        "holdings": holdings,
        "structure": read.structure(store, entity_id),
        "related": read.related_parties(store, entity_id),
        "declarations": rows,
        "declaration_count": total,
        "page": page,
        "pages": max(1, -(-total // read.DECLARATIONS_PER_PAGE)),
        "judgements": verdicts,
        "pairs": read.record_pairs(records, verdicts),
    }


def _unknown(request: Request, viewer: Viewer, entity_id: str) -> HTMLResponse:
    return render(
        request,
        "message.html",
        viewer,
        404,
        heading="No such entity",
        message=f"The warehouse has no entity {entity_id}. Search for it by name on the "
        "entities page.",
    )


@router.get("/entities", response_class=HTMLResponse, include_in_schema=False)
def entities_page(
    request: Request, bench: WorkbenchDep, viewer: Reader, q: str = ""
) -> HTMLResponse:
    found = read.search_entities(bench.store, q[:200])
    return render(request, "entities.html", viewer, q=q, found=found)


@router.get("/api/entities", tags=["entities"])
def api_search(bench: WorkbenchDep, viewer: Reader, q: str = "") -> list[dict[str, Any]]:
    """Entities whose id or linked record key is ``q``, or whose name contains it (50 at most)."""
    return read.search_entities(bench.store, q[:200])


@router.get("/entities/{entity_id}", response_class=HTMLResponse, include_in_schema=False)
def entity_page(
    request: Request, bench: WorkbenchDep, viewer: Reader, entity_id: str, page: Page = 1
) -> Response:
    return _show(request, bench, viewer, entity_id, page)


def _show(
    request: Request,
    bench: Workbench,
    viewer: Viewer,
    entity_id: str,
    page: int = 1,
    error: str = "",
    status_code: int = 200,
) -> Response:
    current = read.current_entity_id(bench.store, entity_id)
    if current is None:
        return _unknown(request, viewer, entity_id)
    if current != entity_id:
        return RedirectResponse(f"/entities/{quote(current)}", status_code=303)
    data = entity_data(bench.store, current, page) or {}
    return render(
        request,
        "entity.html",
        viewer,
        status_code,
        error=error,
        judged=request.query_params.get("judged", "") if not error else "",
        may_judge=viewer.may(Permission.JUDGE_MATCHES),
        related_tests=read.RELATED_TESTS,
        **data,
    )


@router.get("/api/entities/{entity_id}", response_model=EntityOut, tags=["entities"])
def api_entity(
    bench: WorkbenchDep, viewer: Reader, entity_id: str, page: Page = 1
) -> dict[str, Any]:
    """An entity (a retired id answers with the entity that replaced it); 404 when unknown."""
    current = read.current_entity_id(bench.store, entity_id)
    data = entity_data(bench.store, current, page) if current else None
    if data is None:
        raise HTTPException(404, f"no entity {entity_id}")
    return data


def _judge(
    request: Request, bench: Workbench, viewer: Viewer, entity_id: str, judgement: JudgementIn
) -> str:
    return read.judge_match(
        bench.store,
        entity_id,
        (judgement.record_a.strip(), judgement.record_b.strip()),
        judgement.verdict,
        analyst=viewer.user.username,
        reason=judgement.reason,
        client=client_address(request),
    )


@router.post("/entities/{entity_id}/judgements", include_in_schema=False)
def judge(
    request: Request,
    bench: WorkbenchDep,
    viewer: Judge,
    entity_id: str,
    record_a: Annotated[str, Form(max_length=200)],
    record_b: Annotated[str, Form(max_length=200)],
    verdict: Annotated[Literal["confirm", "reject"], Form()],
    reason: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    if read.current_entity_id(bench.store, entity_id) != entity_id:
        return _unknown(request, viewer, entity_id)
    judgement = JudgementIn(record_a=record_a, record_b=record_b, verdict=verdict, reason=reason)
    try:
        _judge(request, bench, viewer, entity_id, judgement)
    except read.JudgementError as error:
        return _show(
            request, bench, viewer, entity_id, error=str(error).capitalize(), status_code=400
        )
    return RedirectResponse(
        f"/entities/{quote(entity_id)}?judged={verdict}#judgements", status_code=303
    )


@router.post(
    "/api/entities/{entity_id}/judgements",
    response_model=JudgementOut,
    status_code=201,
    tags=["entities"],
)
def api_judge(
    request: Request, bench: WorkbenchDep, viewer: Judge, entity_id: str, judgement: JudgementIn
) -> JudgementOut:
    """Record that two records (one linked to this entity) are the same entity (``confirm``)
    or not (``reject``); the next `borderlens resolve` obeys the latest verdict on a pair."""
    if read.current_entity_id(bench.store, entity_id) != entity_id:
        raise HTTPException(404, f"no entity {entity_id}")
    try:
        judgement_id = _judge(request, bench, viewer, entity_id, judgement)
    except read.JudgementError as error:
        raise HTTPException(400, str(error)) from error
    return JudgementOut(judgement_id=judgement_id, entity_id=entity_id)
