"""Rendering a page: the template, the viewer, the navigation their role allows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from borderlens.review.roles import Permission
from borderlens.web.context import TEMPLATES
from borderlens.web.deps import Viewer


@dataclass(frozen=True)
class NavItem:
    label: str
    path: str
    permission: Permission


NAVIGATION: list[NavItem] = []
"""Filled by each page module as it is imported (see ``routes/__init__.py``), kept in the
order of ``NAVIGATION_ORDER`` whatever the order of the imports."""

NAVIGATION_ORDER = ("/queue", "/kpis", "/budgets", "/jobs", "/audit", "/rules", "/users")
"""The officer's daily work first, then oversight, then administration."""


def add_navigation(label: str, path: str, permission: Permission) -> None:
    NAVIGATION.append(NavItem(label, path, permission))
    order = {path: index for index, path in enumerate(NAVIGATION_ORDER)}
    NAVIGATION.sort(key=lambda item: order.get(item.path, len(order)))


def home_path(viewer: Viewer) -> str:
    """The first page of the navigation this viewer may open."""
    for item in NAVIGATION:
        if viewer.may(item.permission):
            return item.path
    return "/account"


def render(
    request: Request,
    template: str,
    viewer: Viewer | None,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    """A server-rendered page (Jinja2 autoescapes every value)."""
    navigation = [item for item in NAVIGATION if viewer and viewer.may(item.permission)]
    return TEMPLATES.TemplateResponse(
        request,
        template,
        {
            "viewer": viewer,
            "csrf_token": viewer.csrf_token if viewer else "",
            "navigation": navigation,
            "current_path": request.url.path,
            **context,
        },
        status_code=status_code,
    )
