"""axe-core over every main page of the demo organisation, as an employee, a manager and HR: no
serious or critical violation. The pages are the navigation entries and, for every kind of detail
page linked from them (a goal, a 1:1, a check-in, a profile, a praise, ...), its first one; plus the
forms a person opens from there. One browser page is reused throughout, to keep the test short.

axe-core comes with axe-playwright-python (its axe.min.js is in the package, nothing is fetched)."""

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import Browser, Page

from cadence.config.demo import seed_demo_organisation
from cadence.people.seeding import DemoLogin

pytestmark = pytest.mark.browser

ROLES = {"employee": "Employee", "manager": "Manager", "hr": "HR admin"}
FAILING_IMPACTS = {"serious", "critical"}
# Besides the navigation: the tabs that lead to other people's objects, per role.
TABS = {
    "employee": ["goals:company"],
    "manager": ["goals:team", "checkins:checkin_team", "meetings:team"],
    "hr": ["goals:company", "audit_log"],
}
# Forms opened from a button; they are the same for everyone, so they are checked once.
FORMS = ["feedback:give", "feedback:request_new", "feedback:praise_new", "goals:create", "account"]
# A detail page: a path ending in an id. Links with a query string are the same pages filtered.
DETAIL = re.compile(r"^/[a-z0-9/-]*/\d+/$")
SKIP = ("/accounts/", "/django-admin/", "/api/")
TIMEOUT_MS = 15_000


@pytest.fixture
def demo(transactional_db: Any) -> dict[str, DemoLogin]:
    """The demo organisation with every module's data, committed for the live server's thread."""
    by_label = {login.role: login for login in seed_demo_organisation()}
    return {role: by_label[label] for role, label in ROLES.items()}


def _kind(path: str) -> str:
    """Pages of one kind share a path with their ids left out: /goals/7/ and /goals/9/ are one."""
    return re.sub(r"\d+", "N", path)


def _links(page: Page, selector: str) -> list[str]:
    hrefs = page.eval_on_selector_all(selector, "links => links.map(a => a.getAttribute('href'))")
    return [href for href in hrefs if href and href.startswith("/") and not href.startswith(SKIP)]


def _detail_links(page: Page) -> list[str]:
    paths = [urlsplit(href) for href in _links(page, "main a[href]")]
    return [url.path for url in paths if DETAIL.match(url.path) and not url.query]


def _serious(page: Page, axe: Axe) -> list[str]:
    violations = axe.run(page).response["violations"]
    return [
        f"{page.url}: {v['id']} ({v['impact']}) {v['help']}: "
        + ", ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in violations
        if v["impact"] in FAILING_IMPACTS
    ]


def _sign_in(page: Page, server: str, login: DemoLogin) -> None:
    page.context.clear_cookies()
    page.goto(f"{server}/accounts/login/")
    page.fill("input[name=login]", login.email)
    page.fill("input[name=password]", login.password)
    page.click("button[type=submit]")
    page.wait_for_url("**/home/")


def _check_role(page: Page, server: str, axe: Axe, start: list[str]) -> tuple[list[str], set[str]]:
    """Every navigation entry, the `start` pages, and the first page of each kind of detail linked
    from them or from those detail pages; returns the violations and the paths checked."""
    nav = _links(page, "nav[aria-label=Main] a[href]")
    queue, seen_kinds, checked, problems = [*nav, *start], set(), set(), []
    while queue:
        path = queue.pop(0)
        if _kind(path) in seen_kinds:
            continue
        seen_kinds.add(_kind(path))
        response = page.goto(server + path)
        assert response is not None and response.status == 200, f"{path}: {response and response.status}"
        checked.add(path)
        problems += _serious(page, axe)
        queue += [link for link in _detail_links(page) if _kind(link) not in seen_kinds]
    return problems, checked


def test_no_serious_or_critical_accessibility_violation_on_any_main_page(
    live_server: Any, demo: dict[str, DemoLogin], browser: Browser
) -> None:
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(TIMEOUT_MS)
    axe = Axe()
    problems, checked = [], {}
    for role, login in demo.items():
        _sign_in(page, live_server.url, login)
        start = [reverse(name) for name in TABS[role] + (FORMS if role == "employee" else [])]
        found, paths = _check_role(page, live_server.url, axe, start)
        problems += [f"as {role}: {problem}" for problem in found]
        checked[role] = paths
    for path, status in (("/no-such-page/", 404), ("/accounts/login/", 200)):  # the last role, then nobody
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == status
        problems += _serious(page, axe)
        page.context.clear_cookies()
    page.context.close()
    # The pages the issue names are among those checked, for the roles that have them.
    kinds = {role: {_kind(path) for path in paths} for role, paths in checked.items()}
    for role in ROLES:
        assert {"/goals/N/", "/people/N/", "/feedback/", "/people/", "/one-on-ones/"} <= kinds[role], role
    assert "/admin/" in kinds["hr"]
    assert {"/one-on-ones/meetings/N/", "/feedback/check-ins/N/"} <= kinds["manager"]
    assert problems == [], "\n".join(problems)
