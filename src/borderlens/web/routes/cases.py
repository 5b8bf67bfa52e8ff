"""The case page of one declaration item and its JSON twin: the declaration, every reason,
the traders' record, the ownership diagram and the route map."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse

from borderlens.review.cases import Case, read_case
from borderlens.review.roles import Permission
from borderlens.web.context import Workbench, workbench
from borderlens.web.deps import Viewer, requires
from borderlens.web.pages import render

router = APIRouter()
CaseViewer = Annotated[Viewer, Depends(requires(Permission.VIEW_CASES))]
WorkbenchDep = Annotated[Workbench, Depends(workbench)]


def _unknown(declaration_id: str, item_no: int) -> str:
    return (
        f"There is no declaration {declaration_id} with goods item {item_no} in the warehouse; "
        "check the number, or open the declaration from the queue."
    )


@router.get(
    "/cases/{declaration_id}/{item_no}", response_class=HTMLResponse, include_in_schema=False
)
def case_page(
    request: Request, bench: WorkbenchDep, viewer: CaseViewer, declaration_id: str, item_no: int
) -> HTMLResponse:
    case = read_case(bench.store, bench.settings.model_dir, declaration_id, item_no)
    if case is None:
        return render(
            request,
            "message.html",
            viewer,
            404,
            heading="No such declaration item",
            message=_unknown(declaration_id, item_no),
        )
    return render(
        request,
        "case.html",
        viewer,
        case=case,
        diagram_data=jsonable_encoder(case.diagram),
        route_data=jsonable_encoder(case.route),
    )


@router.get("/api/cases/{declaration_id}/{item_no}", response_model=Case, tags=["cases"])
def api_case(bench: WorkbenchDep, viewer: CaseViewer, declaration_id: str, item_no: int) -> Case:
    """One declaration item: the declaration, every reason behind its channel (rule hits,
    model factors, exploration), the importer's and the seller's record, the ownership
    diagram with the related-party evidence, and the route.

    An item without a stored explanation is explained now, with the model that scored it.
    """
    case = read_case(bench.store, bench.settings.model_dir, declaration_id, item_no)
    if case is None:
        raise HTTPException(404, _unknown(declaration_id, item_no))
    return case
