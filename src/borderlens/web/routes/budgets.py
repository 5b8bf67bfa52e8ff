"""Inspection budgets: supervisors set the red budget, the exploration share and the yellow
and blue rates; each change is a new version, which the next ``borderlens select`` applies.
Supervisors and auditors read the current budget and its history."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from borderlens.errors import BorderLensError
from borderlens.review.accounts import now
from borderlens.review.events import record_event
from borderlens.review.roles import Permission
from borderlens.risk.budgets import BUDGET_TABLE, DEFAULT_SETTING, BudgetSetting, setting_from_row
from borderlens.risk.selection import Budget, ChannelRates
from borderlens.warehouse.store import Store
from borderlens.web.context import Workbench, client_address, workbench
from borderlens.web.deps import Viewer, requires
from borderlens.web.pages import add_navigation, render

router = APIRouter()
Reader = Annotated[Viewer, Depends(requires(Permission.VIEW_KPIS))]
Editor = Annotated[Viewer, Depends(requires(Permission.EDIT_BUDGETS))]
WorkbenchDep = Annotated[Workbench, Depends(workbench)]
add_navigation("Budgets", "/budgets", Permission.VIEW_KPIS)


class BudgetIn(BaseModel):
    """A new budget: ``share`` of each day's items or ``per_office_per_day`` items go red."""

    kind: Literal["share", "per_office_per_day"]
    share: float | None = Field(None, gt=0, le=1)
    per_office_per_day: int | None = Field(None, ge=0, le=1_000_000)
    exploration: float = Field(0.05, ge=0, le=1)
    yellow: float = Field(0.10, ge=0, le=1)
    blue: float = Field(0.10, ge=0, le=1)
    note: str = Field(min_length=1, max_length=500)


class BudgetOut(BaseModel):
    version: int
    share: float | None
    per_office_per_day: int | None
    exploration: float
    yellow: float
    blue: float
    author: str
    note: str
    description: str


def _out(setting: BudgetSetting) -> BudgetOut:
    return BudgetOut(
        version=setting.version,
        share=setting.budget.share,
        per_office_per_day=setting.budget.per_office_per_day,
        exploration=setting.exploration,
        yellow=setting.rates.yellow,
        blue=setting.rates.blue,
        author=setting.author,
        note=setting.note,
        description=setting.describe(),
    )


def _versions(store: Store) -> list[BudgetSetting]:
    rows = store.rows(f"SELECT * FROM {BUDGET_TABLE} ORDER BY version DESC")
    return [setting_from_row(row) for row in rows]


def _setting(new: BudgetIn, author: str) -> BudgetSetting:
    """The new version, checked; a BorderLensError says what is wrong."""
    if new.kind == "share":
        if new.share is None:
            raise BorderLensError("give the share of each day's items that goes red")
        budget = Budget(share=new.share)
    else:
        if new.per_office_per_day is None:
            raise BorderLensError("give the number of items per office per day that go red")
        budget = Budget(share=None, per_office_per_day=new.per_office_per_day)
    rates = ChannelRates(yellow=new.yellow, blue=new.blue)
    return BudgetSetting(budget, new.exploration, rates, author=author, note=new.note.strip())


def _save(store: Store, setting: BudgetSetting, client: str) -> BudgetSetting:
    with store.writing() as cursor:
        found = cursor.execute(f"SELECT coalesce(max(version), 0) FROM {BUDGET_TABLE}").fetchone()
        version = int(found[0]) + 1 if found else 1
        saved = now()
        cursor.execute(
            f"INSERT INTO {BUDGET_TABLE} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                version,
                setting.budget.share,
                setting.budget.per_office_per_day,
                setting.exploration,
                setting.rates.yellow,
                setting.rates.blue,
                setting.author,
                saved,
                setting.note,
            ],
        )
        record_event(
            cursor,
            setting.author,
            client,
            "budget set",
            f"budget v{version}",
            {"budget": setting.describe(), "note": setting.note},
        )
    return BudgetSetting(
        setting.budget, setting.exploration, setting.rates, version, setting.author, saved,
        setting.note,
    )  # fmt: skip


def _page(
    request: Request, bench: Workbench, viewer: Viewer, status: int = 200, **context: Any
) -> HTMLResponse:
    versions = _versions(bench.store)
    return render(
        request,
        "budgets.html",
        viewer,
        status,
        current=versions[0] if versions else DEFAULT_SETTING,
        versions=versions,
        may_edit=viewer.may(Permission.EDIT_BUDGETS),
        form=context.pop("form", None),
        **context,
    )


@router.get("/budgets", response_class=HTMLResponse, include_in_schema=False)
def budgets_page(request: Request, bench: WorkbenchDep, viewer: Reader) -> HTMLResponse:
    return _page(request, bench, viewer, saved=request.query_params.get("saved", ""))


@router.post("/budgets", include_in_schema=False)
def set_budget(
    request: Request,
    bench: WorkbenchDep,
    viewer: Editor,
    kind: Annotated[Literal["share", "per_office_per_day"], Form()],
    note: Annotated[str, Form(max_length=500)] = "",
    share_percent: Annotated[str, Form(max_length=20)] = "",
    per_office_per_day: Annotated[str, Form(max_length=20)] = "",
    exploration_percent: Annotated[str, Form(max_length=20)] = "5",
    yellow_percent: Annotated[str, Form(max_length=20)] = "10",
    blue_percent: Annotated[str, Form(max_length=20)] = "10",
) -> Response:
    form = {
        "kind": kind,
        "note": note,
        "share_percent": share_percent,
        "per_office_per_day": per_office_per_day,
        "exploration_percent": exploration_percent,
        "yellow_percent": yellow_percent,
        "blue_percent": blue_percent,
    }
    try:
        new = BudgetIn(
            kind=kind,
            share=_percent(share_percent, "red share") if kind == "share" else None,
            per_office_per_day=_count(per_office_per_day) if kind != "share" else None,
            exploration=_percent(exploration_percent, "exploration"),
            yellow=_percent(yellow_percent, "yellow rate"),
            blue=_percent(blue_percent, "blue rate"),
            note=note.strip() or "-",
        )
        if not note.strip():
            raise BorderLensError("say why the budget changes (note)")
        setting = _save(bench.store, _setting(new, viewer.user.username), client_address(request))
    except (BorderLensError, ValueError) as error:
        return _page(request, bench, viewer, 400, error=_message(error), form=form)
    return RedirectResponse(f"/budgets?saved={setting.version}", status_code=303)


def _message(error: Exception) -> str:
    if isinstance(error, BorderLensError):
        return str(error)
    problems: list[dict[str, Any]] = getattr(error, "errors", list)()
    words = [f"{'.'.join(map(str, p.get('loc', ())))}: {p.get('msg', '')}" for p in problems]
    return "; ".join(words) or str(error)


def _percent(text: str, name: str) -> float:
    try:
        value = float(text.strip().rstrip("%"))
    except ValueError:
        raise BorderLensError(f"{name}: give a percentage such as 5 or 2.5, not {text!r}") from None
    if not 0 <= value <= 100:
        raise BorderLensError(f"{name}: a percentage is from 0 to 100, not {value:g}")
    return value / 100


def _count(text: str) -> int:
    if not text.strip().isdigit():
        raise BorderLensError(f"items per office per day: give a whole number, not {text!r}")
    return int(text.strip())


@router.get("/api/budgets", response_model=list[BudgetOut], tags=["budgets"])
def api_budgets(bench: WorkbenchDep, viewer: Reader) -> list[BudgetOut]:
    """Every budget version, newest first (the built-in default when none was set)."""
    versions = _versions(bench.store)
    return [_out(setting) for setting in versions or [DEFAULT_SETTING]]


@router.post("/api/budgets", response_model=BudgetOut, status_code=201, tags=["budgets"])
def api_set_budget(
    request: Request, new: BudgetIn, bench: WorkbenchDep, viewer: Editor
) -> BudgetOut:
    """Set a new budget version (supervisors); the next `borderlens select` applies it."""
    try:
        setting = _save(bench.store, _setting(new, viewer.user.username), client_address(request))
    except BorderLensError as error:
        raise HTTPException(400, str(error)) from error
    return _out(setting)
