"""The main path in Debian's Chromium, for each demo role: sign in, home, the directory with a live
search, a profile; sign out; a wrong password; the phone layout. Full-page screenshots go to
test-results/screenshots/ for a human to look at.

Chromium is launched by pytest-playwright with the arguments in tests/conftest.py. The demo
organisation comes from cadence.people.seeding.seed_demo(), as `cadence demo` creates it."""

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from cadence.people.seeding import DemoLogin, seed_demo

pytestmark = pytest.mark.browser

SCREENSHOTS = Path("test-results") / "screenshots"
ROLES = {"hr": "HR admin", "manager": "Manager", "employee": "Employee"}
# Whom each role searches for in the directory: someone they work with in the demo organisation.
SEARCH_FOR = {"hr": "Jones", "manager": "Jones", "employee": "Silva"}
TIMEOUT_MS = 10_000


@pytest.fixture
def demo(transactional_db: Any) -> dict[str, DemoLogin]:
    """The demo organisation, committed so that the live server's thread sees it."""
    by_label = {login.role: login for login in seed_demo()}
    return {role: by_label[label] for role, label in ROLES.items()}


@pytest.fixture
def server(live_server: Any) -> str:
    """The live server's URL. (Not `base_url`: pytest-playwright's session-scoped fixture of that name.)"""
    return live_server.url


def _screenshot(page: Page, name: str) -> None:
    # Taken first, written after: pytest-playwright deletes test-results/ when any pytest session
    # starts, so the directory may vanish while this test runs next to another session.
    image = page.screenshot(full_page=True)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / f"{name}.png").write_bytes(image)


def _sign_in(page: Page, server: str, login: DemoLogin, password: str | None = None) -> None:
    page.goto(f"{server}/accounts/login/")
    page.get_by_label(re.compile("email", re.I)).fill(login.email)
    page.get_by_label(re.compile("password", re.I)).fill(password or login.password)
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()


@pytest.mark.parametrize("role", list(ROLES))
def test_main_path(page: Page, server: str, demo: dict[str, DemoLogin], role: str) -> None:
    page.set_default_timeout(TIMEOUT_MS)
    login = demo[role]
    _sign_in(page, server, login)
    expect(page).to_have_url(f"{server}/home/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    _screenshot(page, f"{role}-home")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="People").click()
    expect(page).to_have_url(re.compile(r"/people/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("People")
    # Typing searches as you go (htmx swaps the results and updates the address bar).
    page.get_by_role("searchbox", name="Search").fill(SEARCH_FOR[role])
    expect(page).to_have_url(re.compile(rf"search={SEARCH_FOR[role]}"))
    results = page.locator("#directory-results")
    match = results.get_by_role("link", name=re.compile(SEARCH_FOR[role]))
    expect(match.first).to_be_visible()
    expect(results.locator("tbody tr")).not_to_have_count(0)
    _screenshot(page, f"{role}-directory")

    name = match.first.inner_text().strip()
    match.first.click()
    expect(page).to_have_url(re.compile(r"/people/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)
    expect(page.get_by_role("heading", name="About")).to_be_visible()
    _screenshot(page, f"{role}-profile")


def test_phone_layout(browser: Browser, server: str, demo: dict[str, DemoLogin]) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True
    )
    try:
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        _sign_in(page, server, demo["employee"])
        expect(page).to_have_url(f"{server}/home/")
        _screenshot(page, "phone-home")  # before the checks, so a failure leaves the picture
        nav = page.get_by_role("navigation", name="Main")
        expect(nav).to_be_visible()
        expect(nav.get_by_role("link", name="Home")).to_be_in_viewport()
        # The navigation scrolls sideways on a phone: every entry can be brought into view.
        links = nav.get_by_role("link")
        assert links.count() >= 2
        for link in links.all():
            link.scroll_into_view_if_needed()
            expect(link).to_be_in_viewport()
        # Nothing is wider than the phone: no sideways scrolling of the whole page.
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the page is {width}px wide on a 390px screen"
    finally:
        context.close()


def test_sign_out(page: Page, server: str, demo: dict[str, DemoLogin]) -> None:
    page.set_default_timeout(TIMEOUT_MS)
    _sign_in(page, server, demo["manager"])
    expect(page).to_have_url(f"{server}/home/")
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.goto(f"{server}/home/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/home/"))


def test_wrong_password(page: Page, server: str, demo: dict[str, DemoLogin]) -> None:
    page.set_default_timeout(TIMEOUT_MS)
    _sign_in(page, server, demo["employee"], password="not-the-password")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_text(re.compile("not correct", re.I))).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("sign in", re.I))).to_be_visible()
    _screenshot(page, "login-error")
