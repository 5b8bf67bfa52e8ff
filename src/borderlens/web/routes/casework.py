"""Casework on one goods item: the machine advice, the officer's decision and the outcome of
the examination with their history, and the forms that record them (a partial the case page
loads with htmx, a full page without it), with their JSON twins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from borderlens.review.advice import ACTION_LABELS, ACTIONS, Action, current_advice
from borderlens.review.decisions import (
    EXAMINING_ACTIONS,
    MAX_TEXT,
    CaseRecord,
    Finding,
    RecordError,
    Result,
    UnknownCase,
    case_record,
    item_exists,
    record_decision,
    record_outcome,
)
from borderlens.review.queue import case_path
from borderlens.review.roles import Permission
from borderlens.web.context import Workbench, client_address, workbench
from borderlens.web.deps import Viewer, requires
from borderlens.web.pages import render

router = APIRouter()
CaseViewer = Annotated[Viewer, Depends(requires(Permission.VIEW_CASES))]
Decider = Annotated[Viewer, Depends(requires(Permission.DECIDE))]
WorkbenchDep = Annotated[Workbench, Depends(workbench)]
Correcting = Literal["", "decision", "outcome"]


class AdviceOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    channel: str | None
    advised_action: str | None
    model_version: str | None
    score: float | None
    rules: list[str]
    reasons: list[str]
    exploration: bool


class DecisionIn(BaseModel):
    action: Action
    reason: str = Field("", max_length=MAX_TEXT)
    corrects: str | None = Field(None, max_length=64)


class DecisionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    decision_id: str
    action: str
    reason: str
    officer: str
    decided_at: datetime
    corrects: str | None
    corrected_by: str | None
    overrides_advice: bool
    advice: AdviceOut


class OutcomeIn(BaseModel):
    result: Result
    found: str = Field("", max_length=MAX_TEXT)
    revenue_recovered: float = Field(0.0, ge=0, allow_inf_nan=False)
    seizure: bool = False
    critical: bool = False
    corrects: str | None = Field(None, max_length=64)


class OutcomeOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    outcome_id: str
    result: str
    found: str
    revenue_recovered: float
    seizure: bool
    critical: bool
    officer: str
    recorded_at: datetime
    corrects: str | None
    corrected_by: str | None


class CaseRecordOut(BaseModel):
    declaration_id: str
    item_no: int
    advice: AdviceOut
    decision: DecisionOut | None
    outcome: OutcomeOut | None
    decisions: list[DecisionOut]
    outcomes: list[OutcomeOut]


def _decision_form(record: CaseRecord, correcting: bool) -> dict[str, Any]:
    current = record.decision if correcting else None
    if current is None:
        return {"action": "", "reason": "", "corrects": ""}
    return {"action": current.action, "reason": "", "corrects": current.decision_id}


def _outcome_form(record: CaseRecord, correcting: bool) -> dict[str, Any]:
    current = record.outcome if correcting else None
    if current is None:
        return {"result": "", "found": "", "revenue_recovered": "0", "corrects": ""}
    return {
        "result": current.result,
        "found": current.found,
        "revenue_recovered": f"{current.revenue_recovered:g}",
        "seizure": current.seizure,
        "critical": current.critical,
        "corrects": current.outcome_id,
    }


@dataclass(frozen=True)
class Casework:
    """One request about one goods item: who asks, from where, and how to answer."""

    request: Request
    bench: Workbench
    viewer: Viewer
    declaration_id: str
    item_no: int

    @property
    def item(self) -> tuple[str, int]:
        return self.declaration_id, self.item_no

    @property
    def officer(self) -> str:
        return self.viewer.user.username

    @property
    def client(self) -> str:
        return client_address(self.request)

    @property
    def from_htmx(self) -> bool:
        return self.request.headers.get("HX-Request") == "true"

    def known(self) -> None:
        if not item_exists(self.bench.store, *self.item):
            raise HTTPException(404, f"no goods item {self.item_no} of {self.declaration_id}")

    def page(
        self,
        status_code: int = 200,
        *,
        correct: Correcting = "",
        form: dict[str, Any] | None = None,
        error: RecordError | None = None,
        error_form: str = "",
        notice: str = "",
    ) -> HTMLResponse:
        """The partial (a page of its own without htmx); ``form`` refills ``error_form``."""
        self.known()
        record = case_record(self.bench.store, *self.item)
        decision, url = record.decision, case_path(*self.item)
        if error_form != "decision" or not form:
            decision_form = _decision_form(record, correct == "decision")
        else:
            decision_form = form
        if error_form != "outcome" or not form:
            outcome_form = _outcome_form(record, correct == "outcome")
        else:
            outcome_form = form
        return render(
            self.request,
            "casework.html",
            self.viewer,
            status_code,
            standalone=not self.from_htmx,
            declaration_id=self.declaration_id,
            item_no=self.item_no,
            case_url=url,
            work_url=f"{url}/work",
            advice=current_advice(self.bench.store, *self.item),
            record=record,
            action_labels=ACTION_LABELS,
            actions=ACTIONS,
            may_decide=self.viewer.may(Permission.DECIDE),
            may_record_outcome=decision is not None and decision.action in EXAMINING_ACTIONS,
            decision_form=decision_form,
            outcome_form=outcome_form,
            error=error,
            error_form=error_form,
            notice=notice,
        )

    def done(self, notice: str) -> Response:
        """After a recorded change: the partial with ``notice``, or back to the case page."""
        if self.from_htmx:
            return self.page(notice=notice)
        return RedirectResponse(f"{case_path(*self.item)}#casework", status_code=303)


def _casework(
    request: Request, bench: WorkbenchDep, viewer: CaseViewer, declaration_id: str, item_no: int
) -> Casework:
    return Casework(request, bench, viewer, declaration_id, item_no)


def _deciding(
    request: Request, bench: WorkbenchDep, viewer: Decider, declaration_id: str, item_no: int
) -> Casework:
    return Casework(request, bench, viewer, declaration_id, item_no)


Reading = Annotated[Casework, Depends(_casework)]
Deciding = Annotated[Casework, Depends(_deciding)]
ITEM = "/cases/{declaration_id}/{item_no}"
API_ITEM = "/api/cases/{declaration_id}/{item_no}"


@router.get(f"{ITEM}/work", response_class=HTMLResponse, include_in_schema=False)
def casework(work: Reading, correct: Correcting = "") -> HTMLResponse:
    return work.page(correct=correct)


@router.post(f"{ITEM}/decisions", include_in_schema=False)
def decide(
    work: Deciding,
    action: Annotated[str, Form(max_length=40)] = "",
    reason: Annotated[str, Form(max_length=4000)] = "",
    corrects: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    store = work.bench.store
    try:
        decision = record_decision(
            store,
            *work.item,
            action,
            reason,
            corrects=corrects or None,
            officer=work.officer,
            client=work.client,
        )
    except UnknownCase as missing:
        raise HTTPException(404, str(missing)) from missing
    except RecordError as refused:
        form = {"action": action, "reason": reason, "corrects": corrects}
        return work.page(400, form=form, error=refused, error_form="decision")
    verb = "Correction recorded" if decision.corrects else "Decision recorded"
    return work.done(f"{verb}: {decision.action_label}.")


def _amount(text: str) -> float:
    try:
        return float(text.strip().replace(",", "") or "0")
    except ValueError as error:
        message = "revenue recovered is a number, like 1250.50"
        raise RecordError("revenue_recovered", message) from error


@router.post(f"{ITEM}/outcomes", include_in_schema=False)
def examine(
    work: Deciding,
    result: Annotated[str, Form(max_length=20)] = "",
    found: Annotated[str, Form(max_length=4000)] = "",
    revenue_recovered: Annotated[str, Form(max_length=40)] = "0",
    seizure: Annotated[str, Form(max_length=5)] = "no",
    critical: Annotated[str, Form(max_length=5)] = "no",
    corrects: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    seized, critical_found = seizure == "yes", critical == "yes"
    try:
        finding = Finding(result, found, _amount(revenue_recovered), seized, critical_found)
        outcome = record_outcome(
            work.bench.store,
            *work.item,
            finding,
            corrects=corrects or None,
            officer=work.officer,
            client=work.client,
        )
    except UnknownCase as missing:
        raise HTTPException(404, str(missing)) from missing
    except RecordError as refused:
        form = {
            "result": result,
            "found": found,
            "revenue_recovered": revenue_recovered,
            "seizure": seized,
            "critical": critical_found,
            "corrects": corrects,
        }
        return work.page(400, form=form, error=refused, error_form="outcome")
    verb = "Correction recorded" if outcome.corrects else "Outcome recorded"
    return work.done(f"{verb}: {outcome.result_label}.")


@router.get(f"{API_ITEM}/record", response_model=CaseRecordOut, tags=["casework"])
def api_record(work: Reading) -> CaseRecordOut:
    """The advice on an item now, its current decision and outcome, and their history."""
    work.known()
    record = case_record(work.bench.store, *work.item)
    return CaseRecordOut(
        declaration_id=work.declaration_id,
        item_no=work.item_no,
        advice=AdviceOut.model_validate(current_advice(work.bench.store, *work.item)),
        decision=DecisionOut.model_validate(record.decision) if record.decision else None,
        outcome=OutcomeOut.model_validate(record.outcome) if record.outcome else None,
        decisions=[DecisionOut.model_validate(decision) for decision in record.decisions],
        outcomes=[OutcomeOut.model_validate(outcome) for outcome in record.outcomes],
    )


@router.post(
    f"{API_ITEM}/decisions", response_model=DecisionOut, status_code=201, tags=["casework"]
)
def api_decide(work: Deciding, new: DecisionIn) -> DecisionOut:
    """Record a decision (or, with ``corrects``, a correction of the current one)."""
    try:
        decision = record_decision(
            work.bench.store,
            *work.item,
            new.action,
            new.reason,
            corrects=new.corrects,
            officer=work.officer,
            client=work.client,
        )
    except UnknownCase as missing:
        raise HTTPException(404, str(missing)) from missing
    except RecordError as refused:
        raise HTTPException(400, f"{refused.field}: {refused}") from refused
    return DecisionOut.model_validate(decision)


@router.post(f"{API_ITEM}/outcomes", response_model=OutcomeOut, status_code=201, tags=["casework"])
def api_examine(work: Deciding, new: OutcomeIn) -> OutcomeOut:
    """Record what an examination found (or, with ``corrects``, correct the current outcome)."""
    finding = Finding(new.result, new.found, new.revenue_recovered, new.seizure, new.critical)
    try:
        outcome = record_outcome(
            work.bench.store,
            *work.item,
            finding,
            corrects=new.corrects,
            officer=work.officer,
            client=work.client,
        )
    except UnknownCase as missing:
        raise HTTPException(404, str(missing)) from missing
    except RecordError as refused:
        raise HTTPException(400, f"{refused.field}: {refused}") from refused
    return OutcomeOut.model_validate(outcome)
