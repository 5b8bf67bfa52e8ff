"""The server's job queue: one worker thread runs the jobs one at a time, in the order they
were asked for, each holding the warehouse's writer's turn from start to end.

Waiting jobs and what a running job is doing now live in memory for the pages to show; each
job's row in ``pipeline_job`` is written when it starts and when it ends, each time with an
event in the audit trail naming who asked for it. A job a previous server left running is
marked failed when the next server starts.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import queue
import threading
from dataclasses import dataclass
from functools import partial

import duckdb

from borderlens.errors import BorderLensError
from borderlens.jobs.kinds import KINDS, UNFINISHED
from borderlens.review.accounts import now
from borderlens.review.events import record_event
from borderlens.settings import Settings
from borderlens.warehouse.store import Store

JOB_TABLE = "pipeline_job"
_log = logging.getLogger(__name__)


@dataclass
class Job:
    job_id: int
    kind: str
    requested_by: str
    client: str
    submitted_at: dt.datetime
    status: str = "queued"
    started_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    summary: str = ""
    step: str = ""
    """What a running job is doing now (not stored)."""

    @property
    def finished(self) -> bool:
        return self.status not in UNFINISHED

    @property
    def title(self) -> str:
        return KINDS[self.kind].title if self.kind in KINDS else self.kind


def _record(cursor: duckdb.DuckDBPyConnection, job: Job) -> None:
    """Write the job's row as it stands, and say in the audit trail what became of it, in one
    transaction."""
    cursor.execute("BEGIN TRANSACTION")
    cursor.execute(f"DELETE FROM {JOB_TABLE} WHERE job_id = ?", [job.job_id])
    cursor.execute(
        f"INSERT INTO {JOB_TABLE} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            job.job_id,
            job.kind,
            job.requested_by,
            job.client,
            job.submitted_at,
            job.started_at,
            job.finished_at,
            job.status,
            job.summary,
        ],
    )
    detail = {"kind": job.kind, "asked for at": job.submitted_at, "summary": job.summary}
    record_event(cursor, job.requested_by, job.client, f"job {job.status}", f"job {job.job_id}",
                 detail)  # fmt: skip
    cursor.execute("COMMIT")


class JobRunner:
    """The jobs of one server over one warehouse."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store, self.settings = store, settings
        self._waiting: queue.SimpleQueue[Job | None] = queue.SimpleQueue()
        self._live: dict[int, Job] = {}
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._closing = False
        with store.writing() as cursor:
            cursor.execute(
                f"UPDATE {JOB_TABLE} SET status = 'failed', finished_at = ?, summary = "
                "'the server stopped before the job finished' "
                f"WHERE status IN {UNFINISHED}",
                [now()],
            )
            found = cursor.execute(f"SELECT coalesce(max(job_id), 0) FROM {JOB_TABLE}").fetchone()
        self._next_id = int(found[0]) + 1 if found else 1

    def submit(self, kind: str, requested_by: str, client: str) -> Job:
        """Queue a job of ``kind``; it starts when the jobs asked for before it are done.

        Asking needs no turn at the warehouse (the job that runs may hold it for minutes):
        the job's row is written when it starts.
        """
        if kind not in KINDS:
            raise BorderLensError(f"no job {kind!r}; the jobs are {', '.join(KINDS)}")
        with self._lock:
            if self._closing:
                raise BorderLensError("the server is stopping; ask for the job again later")
            job = Job(self._next_id, kind, requested_by, client, now())
            self._next_id += 1
            self._live[job.job_id] = job
            if self._thread is None:
                self._thread = threading.Thread(target=self._work, name="jobs", daemon=True)
                self._thread.start()
        self._waiting.put(job)
        return job

    def jobs(self, limit: int = 50) -> list[Job]:
        """The latest jobs, newest first: those waiting or running, then those stored."""
        with self._lock:
            live = sorted(self._live.values(), key=lambda job: -job.job_id)
        shown = {job.job_id for job in live}
        rows = self.store.rows(f"SELECT * FROM {JOB_TABLE} ORDER BY job_id DESC LIMIT ?", [limit])
        stored = [Job(**row) for row in rows if row["job_id"] not in shown]
        return [*live, *stored][:limit]

    def job(self, job_id: int) -> Job | None:
        with self._lock:
            live = self._live.get(job_id)
        if live is not None:
            return live
        row = self.store.row(f"SELECT * FROM {JOB_TABLE} WHERE job_id = ?", [job_id])
        return Job(**row) if row else None

    def close(self) -> None:
        """Let the running job finish; the waiting ones are recorded as not run."""
        with self._lock:
            self._closing = True
            thread = self._thread
        self._waiting.put(None)
        if thread is not None:
            thread.join()

    def _work(self) -> None:
        while (job := self._waiting.get()) is not None:
            self._run(job)

    def _run(self, job: Job) -> None:
        kind = KINDS[job.kind]
        holder = f"job {job.job_id} ({kind.title.lower()}, asked for by {job.requested_by})"
        with self.store.exclusive(holder, wait=math.inf) as engine:
            cursor = engine.connection.cursor()
            try:
                if self._closing:
                    job.status, job.summary = "failed", "the server stopped before the job started"
                else:
                    job.status, job.started_at, job.step = "running", now(), "starting"
                    _record(cursor, job)
                    job.summary = kind.run(engine, self.settings, partial(setattr, job, "step"))
                    job.status = "done"
            except BorderLensError as error:
                job.status, job.summary = "failed", str(error)
            except Exception as error:  # a job's failure must not end the worker
                _log.exception("job %s (%s) failed", job.job_id, job.kind)
                job.status, job.summary = "failed", f"{type(error).__name__}: {error}"
            job.finished_at, job.step = now(), ""
            _record(cursor, job)
            cursor.close()
        with self._lock:
            self._live.pop(job.job_id, None)
