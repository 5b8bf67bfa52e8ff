"""Accounts, for administrators: list them and create new ones with a role."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from borderlens.review.accounts import AccountError, create_user, list_users
from borderlens.review.roles import Permission, Role
from borderlens.web.context import Workbench, client_address, workbench
from borderlens.web.deps import Viewer, requires
from borderlens.web.pages import add_navigation, render

router = APIRouter()
Admin = Annotated[Viewer, Depends(requires(Permission.MANAGE_USERS))]
WorkbenchDep = Annotated[Workbench, Depends(workbench)]
add_navigation("Users", "/users", Permission.MANAGE_USERS)


class NewUser(BaseModel):
    username: str = Field(max_length=40)
    role: Role
    password: str = Field(min_length=8, max_length=1000)


class UserOut(BaseModel):
    username: str
    role: Role
    active: bool


@router.get("/users", response_class=HTMLResponse, include_in_schema=False)
def users_page(
    request: Request, bench: WorkbenchDep, viewer: Admin, error: str = "", created: str = ""
) -> HTMLResponse:
    return render(
        request,
        "users.html",
        viewer,
        users=list_users(bench.store),
        roles=list(Role),
        error=error,
        created=created,
    )


@router.post("/users", include_in_schema=False)
def add_user(
    request: Request,
    bench: WorkbenchDep,
    viewer: Admin,
    username: Annotated[str, Form(max_length=100)],
    role: Annotated[Role, Form()],
    password: Annotated[str, Form(max_length=1000)],
) -> Response:
    try:
        user = create_user(
            bench.store,
            username,
            role,
            password,
            created_by=viewer.user.username,
            client=client_address(request),
        )
    except AccountError as error:
        return users_page(request, bench, viewer, error=str(error))
    return RedirectResponse(f"/users?created={user.username}", status_code=303)


@router.get("/api/users", response_model=list[UserOut], tags=["accounts"])
def api_users(bench: WorkbenchDep, viewer: Admin) -> list[dict[str, Any]]:
    """Every account with its role (administrators only)."""
    return list_users(bench.store)


@router.post("/api/users", response_model=UserOut, status_code=201, tags=["accounts"])
def api_add_user(
    request: Request, new: NewUser, bench: WorkbenchDep, viewer: Admin
) -> dict[str, Any]:
    """Create an account (administrators only)."""
    try:
        user = create_user(
            bench.store,
            new.username,
            new.role,
            new.password,
            created_by=viewer.user.username,
            client=client_address(request),
        )
    except AccountError as error:
        raise HTTPException(400, str(error)) from error
    return {"username": user.username, "role": user.role, "active": True}
