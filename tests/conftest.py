"""Fixtures for the cross-app tests: Chromium from Debian for Playwright, and signing in through it."""

from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from playwright.sync_api import Page

from cadence.core.testing import PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's Chromium, never a downloaded one (there is no internet and no `playwright install`)."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "headless": True, "args": CHROMIUM_ARGS}


@pytest.fixture
def sign_in() -> Callable[..., None]:
    """Sign in through the real login form (the `org` fixture's people share one password)."""

    def _sign_in(page: Page, base: str, email: str, password: str = PASSWORD) -> None:
        # Every browser test signs in from 127.0.0.1, often several times: a fast run passes
        # allauth's 30 sign-ins a minute per address and gets 429s. The limit has its own test.
        cache.clear()
        page.goto(f"{base}/accounts/login/")
        page.fill("input[name=login]", email)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_url("**/home/")

    return _sign_in


from permission_world import world  # noqa: E402, F401 (the permission matrix's module-scoped world)
