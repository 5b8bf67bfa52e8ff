"""Rule profiles: analysts' risk criteria, every version kept; supervisors write new versions,
checked by the same parser as `borderlens rules check`, and `borderlens rules apply` applies
the newest version of each profile."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from borderlens.errors import RuleProfileError
from borderlens.review.events import record_event
from borderlens.review.roles import Permission
from borderlens.risk.rules.profile import CHANNELS
from borderlens.risk.rules.versions import (
    VERSIONS_SQL,
    ProfileVersion,
    RuleCatalog,
    read_catalog,
    save_version,
)
from borderlens.web.context import Workbench, client_address, workbench
from borderlens.web.deps import Viewer, requires
from borderlens.web.pages import add_navigation, render
from borderlens.web.rule_views import (
    COLUMNS,
    error_excerpt,
    error_line,
    starter_document,
    version_view,
)

router = APIRouter()
Reader = Annotated[Viewer, Depends(requires(Permission.VIEW_RULES))]
Editor = Annotated[Viewer, Depends(requires(Permission.EDIT_RULES))]
WorkbenchDep = Annotated[Workbench, Depends(workbench)]
DOCUMENT_LENGTH = 200_000
add_navigation("Rules", "/rules", Permission.VIEW_RULES)


class VersionIn(BaseModel):
    document: str = Field(max_length=DOCUMENT_LENGTH, description="the profile as YAML")
    note: str = Field(max_length=500, description="what changed and why")


class VersionOut(BaseModel):
    profile: str
    version: int
    author: str
    saved_at: dt.datetime | None
    note: str


def _catalog(bench: Workbench) -> RuleCatalog:
    return read_catalog(bench.store.rows(VERSIONS_SQL))


def _hits(bench: Workbench) -> dict[tuple[str, str, int], int]:
    """Items each (profile, rule, rule version) hit at the last `borderlens rules apply`."""
    if not bench.store.table_exists("risk_rule_hit"):
        return {}
    rows = bench.store.rows(
        "SELECT profile, rule_id, rule_version, count(*) AS hits FROM risk_rule_hit GROUP BY ALL"
    )
    return {(r["profile"], r["rule_id"], int(r["rule_version"])): int(r["hits"]) for r in rows}


def _form(
    request: Request,
    viewer: Viewer,
    catalog: RuleCatalog,
    profile: str | None,
    *,
    document: str,
    note: str = "",
    error: str = "",
    shown: int | None = None,
    saved: str = "",
) -> HTMLResponse:
    """The profile page (or the new-profile page when ``profile`` is None)."""
    history = catalog.history(profile) if profile else ()
    current = next((v for v in history if v.version == shown), history[-1] if history else None)
    line = error_line(error, document) if error else None
    return render(
        request,
        "rule_profile.html",
        viewer,
        400 if error else 200,
        profile=profile,
        shown=version_view(current) if current else None,
        latest=history[-1].version if history else None,
        history=[version_view(v) for v in reversed(history)],
        may_edit=viewer.may(Permission.EDIT_RULES),
        document=document,
        note=note,
        error=error,
        error_line=line,
        excerpt=error_excerpt(document, line),
        saved=saved,
        channels=CHANNELS,
        columns=COLUMNS,
    )


def _save(
    request: Request, bench: Workbench, viewer: Viewer, profile: str | None, body: VersionIn
) -> ProfileVersion:
    """Store a new version and its audit event in one transaction (RuleProfileError: none)."""
    with bench.store.exclusive() as engine, engine.transaction():
        saved = save_version(
            engine, profile, body.document, author=viewer.user.username, note=body.note
        )
        record_event(
            engine.connection,
            viewer.user.username,
            client_address(request),
            "rule profile saved",
            saved.profile,
            {"version": saved.version, "note": saved.note, "new": profile is None},
        )
    return saved


@router.get("/rules", response_class=HTMLResponse, include_in_schema=False)
def rules_page(request: Request, bench: WorkbenchDep, viewer: Reader) -> HTMLResponse:
    catalog = _catalog(bench)
    return render(
        request,
        "rules.html",
        viewer,
        profiles=[version_view(version) for version in catalog.current()],
        hits=_hits(bench),
        applied=bench.store.table_exists("risk_rule_hit"),
        applied_at=bench.store.value("SELECT max(evaluated_at) FROM risk_rule_hit")
        if bench.store.table_exists("risk_rule_hit")
        else None,
        may_edit=viewer.may(Permission.EDIT_RULES),
    )


@router.get("/rules/new", response_class=HTMLResponse, include_in_schema=False)
def new_profile_page(request: Request, bench: WorkbenchDep, viewer: Editor) -> HTMLResponse:
    starter = starter_document(viewer.user.username, dt.date.today())
    return _form(request, viewer, _catalog(bench), None, document=starter)


@router.post("/rules", include_in_schema=False)
def create_profile(
    request: Request,
    bench: WorkbenchDep,
    viewer: Editor,
    document: Annotated[str, Form(max_length=DOCUMENT_LENGTH)],
    note: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    return _save_form(request, bench, viewer, None, document, note)


def _save_form(
    request: Request,
    bench: Workbench,
    viewer: Viewer,
    profile: str | None,
    document: str,
    note: str,
) -> Response:
    try:
        saved = _save(request, bench, viewer, profile, VersionIn(document=document, note=note))
    except RuleProfileError as error:
        catalog = _catalog(bench)
        return _form(
            request, viewer, catalog, profile, document=document, note=note, error=str(error)
        )
    return RedirectResponse(f"/rules/{saved.profile}?saved={saved.version}", status_code=303)


def _no_profile(
    request: Request, viewer: Viewer, profile: str, version: int | None = None
) -> HTMLResponse:
    asked = f"'{profile}'" + (f" version {version}" if version is not None else "")
    return render(
        request,
        "message.html",
        viewer,
        404,
        heading="No such rule profile",
        message=f"There is no profile {asked}. The rules page lists every profile.",
    )


@router.get("/rules/{profile}", response_class=HTMLResponse, include_in_schema=False)
def profile_page(
    request: Request,
    bench: WorkbenchDep,
    viewer: Reader,
    profile: str,
    version: Annotated[int | None, Query(ge=0)] = None,
    saved: str = "",
) -> Response:
    catalog = _catalog(bench)
    latest = catalog.latest(profile)
    if latest is None or (version is not None and catalog.version(profile, version) is None):
        return _no_profile(request, viewer, profile, version)
    return _form(
        request, viewer, catalog, profile, document=latest.document, shown=version, saved=saved
    )


@router.post("/rules/{profile}", include_in_schema=False)
def save_profile(
    request: Request,
    bench: WorkbenchDep,
    viewer: Editor,
    profile: str,
    document: Annotated[str, Form(max_length=DOCUMENT_LENGTH)],
    note: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    if _catalog(bench).latest(profile) is None:
        return _no_profile(request, viewer, profile)
    return _save_form(request, bench, viewer, profile, document, note)


@router.get("/api/rules", tags=["rules"])
def api_rules(bench: WorkbenchDep, viewer: Reader) -> list[dict[str, Any]]:
    """The newest version of every rule profile, with its rules."""
    return [version_view(version) for version in _catalog(bench).current()]


@router.get("/api/rules/{profile}", tags=["rules"])
def api_profile(
    bench: WorkbenchDep,
    viewer: Reader,
    profile: str,
    version: Annotated[int | None, Query(ge=0)] = None,
) -> dict[str, Any]:
    """One profile: its newest version (or ``version``) with its rules, and its history."""
    catalog = _catalog(bench)
    latest = catalog.latest(profile)
    shown = catalog.version(profile, version) if version is not None else latest
    if shown is None:
        raise HTTPException(404, f"no rule profile {profile}")
    history = [
        {key: value for key, value in version_view(v).items() if key in VersionOut.model_fields}
        for v in reversed(catalog.history(profile))
    ]
    return {**version_view(shown), "history": history}


@router.post("/api/rules", response_model=VersionOut, status_code=201, tags=["rules"])
def api_create(
    request: Request, bench: WorkbenchDep, viewer: Editor, body: VersionIn
) -> ProfileVersion:
    """Create a profile named by the document's ``name``, as its version 1."""
    try:
        return _save(request, bench, viewer, None, body)
    except RuleProfileError as error:
        raise HTTPException(400, str(error)) from error


@router.post("/api/rules/{profile}", response_model=VersionOut, status_code=201, tags=["rules"])
def api_save(
    request: Request, bench: WorkbenchDep, viewer: Editor, profile: str, body: VersionIn
) -> ProfileVersion:
    """Save the document as the next version of ``profile``; 400 with the parser's message
    when it does not read, and then nothing is stored."""
    if _catalog(bench).latest(profile) is None:
        raise HTTPException(404, f"no rule profile {profile}")
    try:
        return _save(request, bench, viewer, profile, body)
    except RuleProfileError as error:
        raise HTTPException(400, str(error)) from error
