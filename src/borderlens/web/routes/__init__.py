"""The workbench's pages and API, one module per task; ``ROUTERS`` is what the app mounts, in
navigation order."""

from __future__ import annotations

from fastapi import APIRouter

from borderlens.web.routes import account, signin, users

ROUTERS: tuple[APIRouter, ...] = (
    signin.router,
    users.router,
    account.router,
)
