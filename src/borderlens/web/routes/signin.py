"""Signing in and out, the first-run administrator, and the start page."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from borderlens.review.accounts import (
    AccountError,
    check_password,
    count_users,
    create_user,
)
from borderlens.review.roles import Role
from borderlens.web.context import Workbench, client_address, workbench
from borderlens.web.deps import Viewer, identify, signed_in
from borderlens.web.pages import home_path, render
from borderlens.web.security.sessions import SESSION_COOKIE, end_session, start_session

router = APIRouter(include_in_schema=False)
WorkbenchDep = Annotated[Workbench, Depends(workbench)]


def _safe_next(target: str) -> str:
    """Only paths on this server: never an address elsewhere (open redirect)."""
    return target if target.startswith("/") and not target.startswith("//") else "/"


@router.get("/", response_class=HTMLResponse)
def start(request: Request, bench: WorkbenchDep) -> Response:
    if not bench.demo and count_users(bench.store) == 0:
        return RedirectResponse("/setup", status_code=303)
    viewer = identify(request)
    if viewer is None:
        return RedirectResponse("/login", status_code=303)
    return RedirectResponse(home_path(viewer), status_code=303)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, bench: WorkbenchDep, next: str = "/") -> Response:
    if not bench.demo and count_users(bench.store) == 0:
        return RedirectResponse("/setup", status_code=303)
    return _login_form(request, bench, next=next)


def _login_form(
    request: Request,
    bench: Workbench,
    *,
    next: str = "/",
    error: str = "",
    username: str = "",
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "login.html",
        None,
        status_code,
        form_token=bench.signer.public_token(),
        next=_safe_next(next),
        error=error,
        username=username,
        demo=bench.demo,
    )


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    bench: WorkbenchDep,
    username: Annotated[str, Form(max_length=100)],
    password: Annotated[str, Form(max_length=1000)],
    csrf_token: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    client = client_address(request)
    name = username.strip().lower()
    if not bench.signer.check_public(csrf_token):
        return _login_form(
            request, bench, error="The form had expired; please sign in again.", status_code=403
        )
    wait = bench.limiter.blocked_for(name, client)
    if wait > 0:
        return _login_form(
            request,
            bench,
            error=f"Too many failed attempts: try again in {int(wait // 60) + 1} minutes.",
            username=username,
            status_code=429,
        )
    user = check_password(bench.store, name, password)
    if user is None:
        bench.limiter.failed(name, client)
        return _login_form(
            request,
            bench,
            error="Wrong user name or password.",
            username=username,
            next=next,
            status_code=401,
        )
    bench.limiter.succeeded(name, client)
    token = start_session(bench.store, user, client, bench.settings.session_minutes)
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=bench.settings.session_minutes * 60,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )
    return response


@router.post("/logout")
def logout(
    request: Request, bench: WorkbenchDep, viewer: Annotated[Viewer, Depends(signed_in)]
) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        end_session(bench.store, token, client_address(request))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/setup", response_class=HTMLResponse)
def setup_page(request: Request, bench: WorkbenchDep) -> Response:
    if count_users(bench.store):
        return RedirectResponse("/login", status_code=303)
    return render(request, "setup.html", None, form_token=bench.signer.public_token())


@router.post("/setup", response_class=HTMLResponse)
def setup(
    request: Request,
    bench: WorkbenchDep,
    username: Annotated[str, Form(max_length=100)],
    password: Annotated[str, Form(max_length=1000)],
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """The first account, an administrator; refused once any account exists."""
    if count_users(bench.store):
        return RedirectResponse("/login", status_code=303)
    if not bench.signer.check_public(csrf_token):
        return render(
            request,
            "setup.html",
            None,
            403,
            form_token=bench.signer.public_token(),
            error="The form had expired; please try again.",
            username=username,
        )
    try:
        create_user(
            bench.store,
            username,
            Role.ADMIN,
            password,
            created_by="first run",
            client=client_address(request),
        )
    except AccountError as error:
        return render(
            request,
            "setup.html",
            None,
            400,
            form_token=bench.signer.public_token(),
            error=str(error),
            username=username,
        )
    return RedirectResponse(f"/login?next={quote('/users')}", status_code=303)
