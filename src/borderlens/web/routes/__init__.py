"""The workbench's pages and API, one module per task; ``ROUTERS`` is what the app mounts, in
navigation order."""

from __future__ import annotations

from fastapi import APIRouter

from borderlens.web.routes import (
    account,
    audit,
    budgets,
    cases,
    casework,
    entities,
    jobs,
    kpis,
    queue,
    rules,
    signin,
    users,
)

ROUTERS: tuple[APIRouter, ...] = (
    signin.router,
    queue.router,
    cases.router,
    casework.router,
    entities.router,
    rules.router,
    kpis.router,
    budgets.router,
    jobs.router,
    audit.router,
    users.router,
    account.router,
)
