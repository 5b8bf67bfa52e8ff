"""Signing in with Chromium against a real server process: the form, a wrong password, each
demo account's start page and navigation, the refusal page, and signing out."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from borderlens.review.roles import GRANTS, Role
from borderlens.web.pages import NAVIGATION
from tests.web.conftest import DEMO_PASSWORD

if TYPE_CHECKING:
    from playwright.sync_api import ConsoleMessage, Page


def _allowed(role: Role) -> list[str]:
    return [item.path for item in NAVIGATION if item.permission in GRANTS[role]]


def _forbidden(role: Role) -> str:
    return next(item.path for item in NAVIGATION if item.permission not in GRANTS[role])


def _sign_in(page: Page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def _console_errors(page: Page) -> list[str]:
    """Errors the page reports (a script the CSP blocked shows up here), collected as it runs."""
    errors: list[str] = []

    def keep(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", keep)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def test_wrong_password_shows_the_error(live_server: str, browser_page: Page) -> None:
    _sign_in(browser_page, live_server, "analyst", "not-the-password")
    assert browser_page.url == f"{live_server}/login"
    alert = browser_page.get_by_role("alert")
    assert alert.inner_text() == "Wrong user name or password."
    assert browser_page.get_by_label("User name").input_value() == "analyst"
    assert browser_page.get_by_label("Password").input_value() == ""


@pytest.mark.parametrize("role", list(Role))
def test_each_account_lands_on_its_start_page_and_sees_only_its_pages(
    live_server: str, browser_page: Page, role: Role
) -> None:
    errors = _console_errors(browser_page)
    _sign_in(browser_page, live_server, role.value, DEMO_PASSWORD)
    allowed = _allowed(role)
    assert browser_page.url == f"{live_server}{allowed[0] if allowed else '/account'}"
    links = browser_page.locator("nav[aria-label=Main] a")
    assert [links.nth(i).get_attribute("href") for i in range(links.count())] == allowed
    assert browser_page.locator(".who .role").inner_text() == role.value
    assert not errors, errors

    browser_page.goto(f"{live_server}{_forbidden(role)}")
    assert browser_page.get_by_role("heading", level=1).inner_text() == "Not for your role"
    assert f"Your role ({role.value}) may not" in browser_page.locator("main").inner_text()

    browser_page.get_by_role("button", name="Sign out").click()
    browser_page.wait_for_load_state()
    assert browser_page.url == f"{live_server}/login"
    browser_page.goto(f"{live_server}/account")
    assert browser_page.url == f"{live_server}/login?next=/account"
    assert browser_page.get_by_role("heading", level=1).inner_text() == "Sign in"
