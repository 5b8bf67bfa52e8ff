"""Who is asking, and may they: the signed-in officer (session cookie) or an API token's
account, each request checked against the permission its route needs; forms and API calls
that change anything checked for their CSRF token when they come with a cookie."""

from __future__ import annotations

import getpass
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Literal

from fastapi import Request

from borderlens.review.accounts import User
from borderlens.review.roles import Permission, Role, may
from borderlens.web.context import workbench
from borderlens.web.security.forms import same_token
from borderlens.web.security.sessions import SESSION_COOKIE, find_session
from borderlens.web.security.tokens import token_user

CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
JOBS_API = "/api/jobs"
"""The only part of the API the server's control token opens (see warehouse.holder)."""


class NotSignedIn(Exception):
    """No session or token: pages send the browser to sign in, the API answers 401."""


class Forbidden(Exception):
    """Signed in, but the role lacks the permission (403)."""

    def __init__(self, permission: Permission) -> None:
        super().__init__(f"your role may not {permission.value}")
        self.permission = permission


class CsrfRejected(Exception):
    """A change that came with a cookie but without its CSRF token (403)."""


@dataclass(frozen=True)
class Viewer:
    """The account behind a request, how it proved itself, and its session's CSRF token."""

    user: User
    via: Literal["session", "token"]
    csrf_token: str = ""

    def may(self, permission: Permission) -> bool:
        return may(self.user.role, permission)


def command_line_user() -> User:
    """Who a command on the server's machine acts as: the system account that ran it, with a
    supervisor's rights (it could open the warehouse itself were the server stopped)."""
    return User(f"{getpass.getuser()} (command line)", Role.SUPERVISOR)


def identify(request: Request) -> Viewer | None:
    """The viewer of a request, or None when it carries no live session or token."""
    bench = workbench(request)
    authorization = request.headers.get("authorization", "")
    scheme, _, credential = authorization.partition(" ")
    if scheme.lower() == "bearer" and credential:
        if request.url.path.startswith(JOBS_API) and secrets.compare_digest(
            credential.strip(), bench.control_token
        ):
            return Viewer(command_line_user(), "token")
        user = token_user(bench.store, credential.strip())
        return Viewer(user, "token") if user else None
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        session = find_session(bench.store, cookie)
        if session:
            return Viewer(session.user, "session", session.csrf_token)
    return None


async def _check_csrf(request: Request, viewer: Viewer) -> None:
    if request.method in SAFE_METHODS or viewer.via == "token":
        return
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not same_token(sent, viewer.csrf_token):
        raise CsrfRejected()


async def signed_in(request: Request) -> Viewer:
    """Any signed-in account; changes need their CSRF token."""
    viewer = identify(request)
    if viewer is None:
        raise NotSignedIn()
    request.state.viewer = viewer
    await _check_csrf(request, viewer)
    return viewer


def requires(permission: Permission) -> Callable[[Request], Awaitable[Viewer]]:
    """A dependency that lets through only accounts whose role carries ``permission``."""

    async def dependency(request: Request) -> Viewer:
        viewer = await signed_in(request)
        if not viewer.may(permission):
            raise Forbidden(permission)
        return viewer

    return dependency
