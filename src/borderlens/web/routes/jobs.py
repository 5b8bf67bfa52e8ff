"""Pipeline jobs: supervisors ask the server to apply the rules, score, select or retrain,
since the server owns the warehouse file while it runs; supervisors and auditors follow them.
The page refreshes itself while a job waits or runs."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from borderlens.errors import BorderLensError
from borderlens.jobs.kinds import KINDS
from borderlens.jobs.runner import Job
from borderlens.review.roles import Permission
from borderlens.web.context import Workbench, client_address, workbench
from borderlens.web.deps import Viewer, requires
from borderlens.web.pages import add_navigation, render

router = APIRouter()
Reader = Annotated[Viewer, Depends(requires(Permission.VIEW_KPIS))]
Runner = Annotated[Viewer, Depends(requires(Permission.RUN_JOBS))]
WorkbenchDep = Annotated[Workbench, Depends(workbench)]
JobName = Literal["retrain", "score", "rules", "select"]
add_navigation("Jobs", "/jobs", Permission.VIEW_KPIS)


class JobIn(BaseModel):
    kind: JobName


class JobOut(BaseModel):
    job_id: int
    kind: str
    status: Literal["queued", "running", "done", "failed"]
    step: str
    summary: str
    requested_by: str
    submitted_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None


def _out(job: Job) -> JobOut:
    return JobOut.model_validate(job, from_attributes=True)


@router.get("/jobs", response_class=HTMLResponse, include_in_schema=False)
def jobs_page(request: Request, bench: WorkbenchDep, viewer: Reader) -> HTMLResponse:
    jobs = bench.jobs.jobs()
    return render(
        request,
        "jobs.html",
        viewer,
        jobs=jobs,
        kinds=KINDS.values(),
        may_run=viewer.may(Permission.RUN_JOBS),
        busy=any(not job.finished for job in jobs),
        asked=request.query_params.get("asked", ""),
    )


@router.post("/jobs", include_in_schema=False)
def ask_for_job(
    request: Request, bench: WorkbenchDep, viewer: Runner, kind: Annotated[JobName, Form()]
) -> Response:
    try:
        job = bench.jobs.submit(kind, viewer.user.username, client_address(request))
    except BorderLensError as error:
        return render(request, "message.html", viewer, 503, heading="Not now", message=str(error))
    return RedirectResponse(f"/jobs?asked={job.job_id}", status_code=303)


@router.get("/api/jobs", response_model=list[JobOut], tags=["jobs"])
def api_jobs(bench: WorkbenchDep, viewer: Reader) -> list[JobOut]:
    """The latest jobs, newest first: waiting and running ones with what they are doing."""
    return [_out(job) for job in bench.jobs.jobs()]


@router.get("/api/jobs/{job_id}", response_model=JobOut, tags=["jobs"])
def api_job(job_id: int, bench: WorkbenchDep, viewer: Reader) -> JobOut:
    """One job."""
    job = bench.jobs.job(job_id)
    if job is None:
        raise HTTPException(404, f"there is no job {job_id}")
    return _out(job)


@router.post("/api/jobs", response_model=JobOut, status_code=202, tags=["jobs"])
def api_ask_for_job(request: Request, asked: JobIn, bench: WorkbenchDep, viewer: Runner) -> JobOut:
    """Ask for a job (supervisors): `retrain`, `score`, `rules` (apply the newest rule
    versions) or `select` (within the newest budget, explaining the red items). Jobs run one at
    a time in the order asked for; follow one at `/api/jobs/{job_id}`."""
    try:
        job = bench.jobs.submit(asked.kind, viewer.user.username, client_address(request))
    except BorderLensError as error:
        raise HTTPException(503, str(error)) from error
    return _out(job)
