"""Workbench accounts: created, listed, checked at sign-in. Each change is an audit event."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from borderlens.errors import BorderLensError
from borderlens.review.events import record_event
from borderlens.review.passwords import (
    DECOY_HASH,
    MIN_PASSWORD_LENGTH,
    hash_password,
    verify_password,
)
from borderlens.review.roles import Role
from borderlens.warehouse.store import Store

USERNAME_PATTERN = re.compile(r"^[a-z][a-z0-9._-]{1,39}$")


class AccountError(BorderLensError):
    """An account cannot be created as asked."""


@dataclass(frozen=True)
class User:
    username: str
    role: Role


def now() -> datetime:
    """Naive UTC, as the warehouse stores its timestamps."""
    return datetime.now(UTC).replace(tzinfo=None)


def count_users(store: Store) -> int:
    return int(store.value("SELECT count(*) FROM app_user") or 0)


def find_user(store: Store, username: str) -> User | None:
    """An active account by name."""
    found = store.row(
        "SELECT username, role FROM app_user WHERE username = ? AND active", [username]
    )
    return User(found["username"], Role(found["role"])) if found else None


def list_users(store: Store) -> list[dict[str, object]]:
    return store.rows(
        "SELECT username, role, active, created_at, created_by FROM app_user ORDER BY username"
    )


def create_user(
    store: Store, username: str, role: Role, password: str, *, created_by: str, client: str
) -> User:
    """A new account; the name must be new and the password long enough."""
    username = username.strip().lower()
    if not USERNAME_PATTERN.match(username):
        raise AccountError(
            "a user name is 2-40 characters: lower-case letters, digits, '.', '_' or '-', "
            "starting with a letter"
        )
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"a password has at least {MIN_PASSWORD_LENGTH} characters")
    with store.writing() as cursor:
        taken = cursor.execute(
            "SELECT count(*) FROM app_user WHERE username = ?", [username]
        ).fetchone()
        if taken and taken[0]:
            raise AccountError(f"the user name {username!r} is taken")
        cursor.execute(
            "INSERT INTO app_user VALUES (?, ?, ?, true, ?, ?)",
            [username, role.value, hash_password(password), now(), created_by],
        )
        record_event(cursor, created_by, client, "user created", username, {"role": role.value})
    return User(username, role)


def check_password(store: Store, username: str, password: str) -> User | None:
    """The account when the password is right; None otherwise, in about the same time."""
    found = store.row(
        "SELECT username, role, password_hash FROM app_user WHERE username = ? AND active",
        [username.strip().lower()],
    )
    if found is None:
        verify_password(DECOY_HASH, password)
        return None
    if not verify_password(found["password_hash"], password):
        return None
    return User(found["username"], Role(found["role"]))
