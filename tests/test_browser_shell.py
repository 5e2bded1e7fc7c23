"""The app shell in Chromium: long unbroken text never widens a page (at 1440 and 390 px), the
length counter warns instead of the browser cutting pasted text, and an error page is styled.
Screenshots go to test-results/screenshots/ for a human to look at."""

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from cadence.checkins.models import CheckIn, CheckInPriority
from cadence.checkins.tests.factories import submitted_check_in
from cadence.feedback import services as feedback_services
from cadence.feedback.tests.factories import value
from cadence.goals import services as goal_services
from cadence.goals.tests.factories import make_cycle, make_goal
from cadence.meetings import services as meeting_services
from cadence.meetings.tests.factories import make_series, upcoming

pytestmark = pytest.mark.browser

SHOTS = Path("test-results") / "screenshots"
WIDTHS = (1440, 390)
TIMEOUT_MS = 10_000


def _word(length: int) -> str:
    """One unbroken word of `length` characters, as a pasted link or a stuck key gives."""
    return ("https://example.com/" + "averylongpathsegment" * 40)[:length]


def _long_text_pages(org: Any) -> dict[str, str]:
    """A goal with a long title and a 600-character comment, a check-in with a long priority, a
    praise with a 50-character word and a 1:1 talking point of one long word; their pages."""
    goal = make_goal(org.report.user, make_cycle(), owner=org.report, title=_word(200))
    goal_services.goal_comment_add(actor=org.report.user, goal=goal, body=_word(600))
    check_in: CheckIn = submitted_check_in(org.report)
    CheckInPriority.objects.create(check_in=check_in, text=_word(300))
    praise = feedback_services.praise_create(
        actor=org.report.user, recipients=[org.report2], values=[value(_word(80))], message=_word(50)
    )
    meeting = upcoming(make_series(org.manager, org.report))
    meeting_services.talking_point_add(actor=org.report.user, meeting=meeting, text=_word(500))
    return {
        "goal": f"/goals/{goal.pk}/",
        "goal-list": "/goals/",
        "check-in": f"/feedback/check-ins/{check_in.pk}/",
        "praise-wall": "/feedback/",
        "praise": f"/feedback/praise/{praise.pk}/",
        "one-on-one": f"/one-on-ones/meetings/{meeting.pk}/",
    }


def _page_at(browser: Browser, width: int) -> Page:
    context = browser.new_context(viewport={"width": width, "height": 900}, device_scale_factor=1)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    return page


def _page_width(page: Page) -> tuple[int, int]:
    return page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")


def test_long_unbroken_text_never_widens_a_page(live_server, transactional_db, org, browser, sign_in):
    pages = _long_text_pages(org)
    too_wide = []
    for width in WIDTHS:
        page = _page_at(browser, width)
        sign_in(page, live_server.url, org.report.email)
        for name, path in pages.items():
            page.goto(live_server.url + path)
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            if width == 390 or name == "goal":
                SHOTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=SHOTS / f"long-text-{name}-{width}.png", full_page=True)
            scroll_width, inner_width = _page_width(page)
            if scroll_width > inner_width:
                too_wide.append(f"{name} at {width} px: {scroll_width} px wide")
        page.context.close()
    assert too_wide == []


def test_the_length_counter_warns_and_the_server_refuses_what_is_too_long(
    live_server, transactional_db, org, browser, sign_in
):
    page = _page_at(browser, 1280)
    sign_in(page, live_server.url, org.hr.email)
    page.goto(f"{live_server.url}/people/departments/")
    name = page.locator("#id_d-name")
    expect(name).to_have_attribute("data-maxlength", "150")
    counter = page.locator("#id_d-name-length")
    name.fill("x" * 100)
    expect(counter).to_have_count(0)  # far from the limit: no counter
    name.fill("x" * 130)
    expect(counter).to_have_text("130 of 150 characters")
    name.fill("x" * 160)  # a paste that the browser would have cut at 150 with maxlength
    expect(name).to_have_value("x" * 160)
    expect(counter).to_have_text("Too long: 160 characters, at most 150.")
    expect(counter).to_have_class("length-count over")
    assert counter.get_attribute("id") in (name.get_attribute("aria-describedby") or "")
    page.locator("#id_d-name").press("Enter")
    expect(page.get_by_text("Ensure this value has at most 150 characters (it has 160).")).to_be_visible()
    expect(page.locator("#id_d-name")).to_have_value("x" * 160)  # what was typed is kept
    page.context.close()


def test_the_404_page_is_in_the_app_shell(live_server, transactional_db, org, browser, sign_in):
    for width in WIDTHS:
        page = _page_at(browser, width)
        sign_in(page, live_server.url, org.report.email)
        page.goto(f"{live_server.url}/goals/999999/", referer=f"{live_server.url}/goals/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
        expect(page.get_by_role("navigation", name="Main")).to_be_visible()
        back = page.get_by_role("link", name="Back", exact=True)
        expect(back).to_have_attribute("href", f"{live_server.url}/goals/")
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SHOTS / f"error-404-{width}.png", full_page=True)
        page.get_by_role("link", name="Go to the home page").click()
        expect(page).to_have_url(f"{live_server.url}/home/")
        page.context.close()
