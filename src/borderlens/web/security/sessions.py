"""Sign-in sessions kept in the warehouse: the browser holds a random token in an HttpOnly,
SameSite=Strict cookie, the warehouse only its SHA-256 hash, so a copy of the database lets
nobody in. Each session carries the CSRF token its forms must send back."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from borderlens.review.accounts import User, now
from borderlens.review.events import record_event
from borderlens.review.roles import Role
from borderlens.warehouse.store import Store

SESSION_COOKIE = "borderlens_session"


@dataclass(frozen=True)
class Session:
    user: User
    csrf_token: str


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(store: Store, user: User, client: str, minutes: int) -> str:
    """A new session for ``user``; returns the cookie value (shown once, stored hashed)."""
    token = secrets.token_urlsafe(32)
    started = now()
    with store.writing() as cursor:
        cursor.execute(
            "INSERT INTO web_session VALUES (?, ?, ?, ?, ?, ?, NULL)",
            [
                token_hash(token),
                user.username,
                secrets.token_urlsafe(32),
                client,
                started,
                started + timedelta(minutes=minutes),
            ],
        )
        record_event(cursor, user.username, client, "signed in", user.username, {})
    return token


def find_session(store: Store, token: str) -> Session | None:
    """The live session of a cookie: not ended, not expired, its account still active."""
    found = store.row(
        "SELECT u.username, u.role, s.csrf_token FROM web_session s "
        "JOIN app_user u ON u.username = s.username AND u.active "
        "WHERE s.session_hash = ? AND s.ended_at IS NULL AND s.expires_at > ?",
        [token_hash(token), now()],
    )
    if found is None:
        return None
    return Session(User(found["username"], Role(found["role"])), found["csrf_token"])


def end_session(store: Store, token: str, client: str) -> None:
    """Sign out: the session ends now and its cookie no longer opens anything."""
    with store.writing() as cursor:
        ended = cursor.execute(
            "UPDATE web_session SET ended_at = ? WHERE session_hash = ? AND ended_at IS NULL "
            "RETURNING username",
            [now(), token_hash(token)],
        ).fetchall()
        for (username,) in ended:
            record_event(cursor, username, client, "signed out", username, {})
