"""Workbench accounts in the warehouse: creating and checking them, Argon2 hashes, the audit
events they leave, and the separation of duties between roles."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from borderlens.review.accounts import (
    AccountError,
    check_password,
    count_users,
    create_user,
    find_user,
    list_users,
)
from borderlens.review.passwords import hash_password, verify_password
from borderlens.review.roles import GRANTS, Permission, Role, may
from borderlens.warehouse.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A new, empty warehouse."""
    opened = Store(tmp_path / "accounts.duckdb")
    yield opened
    opened.close()


def _add(
    store: Store, username: str, role: Role = Role.ANALYST, password: str = "a-long-pass"
) -> None:
    create_user(store, username, role, password, created_by="admin", client="10.0.0.7")


def test_a_new_account_is_stored_with_an_argon2_hash_and_an_event(store: Store) -> None:
    _add(store, "  Eka.B ", Role.AUDITOR)
    stored = store.row("SELECT * FROM app_user")
    assert stored is not None
    assert (stored["username"], stored["role"], stored["active"]) == ("eka.b", "auditor", True)
    assert stored["password_hash"].startswith("$argon2id$")
    assert "a-long-pass" not in stored["password_hash"]
    event = store.row("SELECT * FROM audit_event")
    assert event is not None
    assert (event["actor"], event["host"], event["action"], event["subject"]) == (
        "admin", "10.0.0.7", "workbench: user created", "eka.b",
    )  # fmt: skip
    assert json.loads(event["detail"]) == {"role": "auditor"}


@pytest.mark.parametrize(
    ("username", "password", "message"),
    [
        ("a", "a-long-pass", "2-40 characters"),
        ("1abc", "a-long-pass", "starting with a letter"),
        ("two words", "a-long-pass", "2-40 characters"),
        ("robert'); drop table app_user;--", "a-long-pass", "2-40 characters"),
        ("x" * 41, "a-long-pass", "2-40 characters"),
        ("newone", "seven77", "at least 8 characters"),
    ],
)
def test_bad_names_and_short_passwords_are_refused(
    store: Store, username: str, password: str, message: str
) -> None:
    with pytest.raises(AccountError, match=message):
        _add(store, username, password=password)
    assert count_users(store) == 0
    assert store.value("SELECT count(*) FROM audit_event") == 0


def test_a_name_is_taken_once_whatever_its_case(store: Store) -> None:
    _add(store, "nino")
    with pytest.raises(AccountError, match="the user name 'nino' is taken"):
        _add(store, "NINO", Role.ADMIN)
    assert list_users(store)[0]["role"] == "analyst"
    assert count_users(store) == 1


def test_check_password_knows_right_wrong_unknown_and_inactive(store: Store) -> None:
    _add(store, "giorgi", Role.SUPERVISOR)
    user = check_password(store, " Giorgi", "a-long-pass")
    assert user is not None and (user.username, user.role) == ("giorgi", Role.SUPERVISOR)
    assert check_password(store, "giorgi", "a-long-pasS") is None
    assert check_password(store, "nobody", "a-long-pass") is None
    with store.writing() as cursor:
        cursor.execute("UPDATE app_user SET active = false")
    assert check_password(store, "giorgi", "a-long-pass") is None
    assert find_user(store, "giorgi") is None
    assert count_users(store) == 1


def test_list_users_in_name_order_with_who_made_them(store: Store) -> None:
    for name in ("zura", "ana", "levan"):
        _add(store, name)
    listed = list_users(store)
    assert [row["username"] for row in listed] == ["ana", "levan", "zura"]
    assert {row["created_by"] for row in listed} == {"admin"}


def test_each_hash_has_its_own_salt_and_a_damaged_hash_matches_nothing() -> None:
    first, second = hash_password("same-password"), hash_password("same-password")
    assert first != second
    assert verify_password(first, "same-password") and verify_password(second, "same-password")
    assert not verify_password(first, "other-password")
    assert not verify_password("not-a-hash", "same-password")
    assert not verify_password(first[:-4], "same-password")


def test_roles_separate_duties() -> None:
    assert not may(Role.ADMIN, Permission.VIEW_CASES)
    assert GRANTS[Role.ADMIN] == {Permission.MANAGE_USERS}
    assert not may(Role.AUDITOR, Permission.DECIDE)
    assert not may(Role.SUPERVISOR, Permission.DECIDE)
    assert not may(Role.ANALYST, Permission.VIEW_AUDIT)
    assert not may(Role.ANALYST, Permission.EDIT_RULES)
    deciders = {role for role in Role if may(role, Permission.DECIDE)}
    auditors = {role for role in Role if may(role, Permission.VIEW_AUDIT)}
    assert deciders == {Role.ANALYST}
    assert not deciders & auditors


def test_every_permission_belongs_to_some_role() -> None:
    granted = set().union(*GRANTS.values())
    assert granted == set(Permission)
    assert set(GRANTS) == set(Role)
