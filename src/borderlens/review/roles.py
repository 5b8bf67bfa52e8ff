"""Roles and what each may do. Separation of duties: the officer who decides is not the one
who audits, and the administrator manages accounts but sees no case."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ANALYST = "analyst"
    SUPERVISOR = "supervisor"
    AUDITOR = "auditor"
    ADMIN = "admin"


class Permission(StrEnum):
    VIEW_CASES = "view cases and the queue"
    DECIDE = "record decisions and outcomes"
    JUDGE_MATCHES = "confirm or reject entity matches"
    VIEW_KPIS = "view KPIs"
    VIEW_RULES = "view rule profiles"
    EDIT_RULES = "edit rule profiles"
    EDIT_BUDGETS = "set inspection budgets"
    RUN_JOBS = "run pipeline jobs (rules, scoring, selection, retraining)"
    VIEW_AUDIT = "view the audit trail"
    MANAGE_USERS = "manage accounts"


GRANTS: dict[Role, frozenset[Permission]] = {
    Role.ANALYST: frozenset(
        {Permission.VIEW_CASES, Permission.DECIDE, Permission.JUDGE_MATCHES, Permission.VIEW_RULES}
    ),
    Role.SUPERVISOR: frozenset(
        {
            Permission.VIEW_CASES,
            Permission.VIEW_KPIS,
            Permission.VIEW_RULES,
            Permission.EDIT_RULES,
            Permission.EDIT_BUDGETS,
            Permission.RUN_JOBS,
            Permission.VIEW_AUDIT,
        }
    ),
    Role.AUDITOR: frozenset(
        {
            Permission.VIEW_CASES,
            Permission.VIEW_KPIS,
            Permission.VIEW_RULES,
            Permission.VIEW_AUDIT,
        }
    ),
    Role.ADMIN: frozenset({Permission.MANAGE_USERS}),
}


def may(role: Role, permission: Permission) -> bool:
    """Whether a role carries a permission."""
    return permission in GRANTS[role]
