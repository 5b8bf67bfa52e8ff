"""API tokens for the JSON API: ``Authorization: Bearer <token>``. The token is shown once
when issued; the warehouse keeps its SHA-256 hash."""

from __future__ import annotations

import secrets
from datetime import timedelta

from borderlens.review.accounts import User, now
from borderlens.review.events import record_event
from borderlens.review.roles import Role
from borderlens.warehouse.store import Store
from borderlens.web.security.sessions import token_hash

TOKEN_PREFIX = "blt_"


def issue_token(store: Store, user: User, label: str, days: int, *, client: str) -> str:
    """A new token acting as ``user`` for ``days`` days."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    issued = now()
    with store.writing() as cursor:
        cursor.execute(
            "INSERT INTO api_token VALUES (?, ?, ?, ?, ?, NULL)",
            [token_hash(token), user.username, label, issued, issued + timedelta(days=days)],
        )
        record_event(
            cursor, user.username, client, "API token issued", user.username, {"label": label}
        )
    return token


def token_user(store: Store, token: str) -> User | None:
    """The account a live token acts as."""
    found = store.row(
        "SELECT u.username, u.role FROM api_token t "
        "JOIN app_user u ON u.username = t.username AND u.active "
        "WHERE t.token_hash = ? AND t.revoked_at IS NULL AND t.expires_at > ?",
        [token_hash(token), now()],
    )
    return User(found["username"], Role(found["role"])) if found else None
