"""One's own account: role, what it may do, and API tokens for the JSON API."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel

from borderlens.review.roles import GRANTS, Role
from borderlens.web.context import Workbench, client_address, workbench
from borderlens.web.deps import Viewer, signed_in
from borderlens.web.pages import render
from borderlens.web.security.tokens import issue_token

router = APIRouter()
SignedIn = Annotated[Viewer, Depends(signed_in)]
WorkbenchDep = Annotated[Workbench, Depends(workbench)]
TOKEN_DAYS = 90


class Me(BaseModel):
    username: str
    role: Role
    permissions: list[str]


@router.get("/account", response_class=HTMLResponse, include_in_schema=False)
def account_page(request: Request, viewer: SignedIn, token: str = "") -> HTMLResponse:
    return render(
        request,
        "account.html",
        viewer,
        permissions=sorted(p.value for p in GRANTS[viewer.user.role]),
        token=token,
        token_days=TOKEN_DAYS,
    )


@router.post("/account/tokens", response_class=HTMLResponse, include_in_schema=False)
def new_token(
    request: Request,
    bench: Annotated[Workbench, Depends(workbench)],
    viewer: SignedIn,
    label: Annotated[str, Form(max_length=100)] = "",
) -> HTMLResponse:
    """Issue a token and show it once."""
    token = issue_token(
        bench.store,
        viewer.user,
        label.strip() or "unnamed",
        TOKEN_DAYS,
        client=client_address(request),
    )
    return account_page(request, viewer, token=token)


@router.get("/api/me", response_model=Me, tags=["accounts"])
def me(viewer: SignedIn) -> Me:
    """The account behind this request and what its role may do."""
    return Me(
        username=viewer.user.username,
        role=viewer.user.role,
        permissions=sorted(p.value for p in GRANTS[viewer.user.role]),
    )
