"""Run a 1:1 in Chromium: both people add talking points, one is left open and carried over to the
next meeting, and an action item lands on its owner's to-do list on /home/. Chromium comes from
pytest-playwright with the launch arguments in tests/conftest.py."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from cadence.core.testing import PASSWORD
from cadence.meetings import services

SCREENSHOTS = Path("test-results/screenshots")


def _sign_in(browser: Browser, base: str, email: str) -> Page:
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/home/")
    return page


def _add_point(page: Page, text: str) -> None:
    page.fill("#agenda input[name=text]", text)
    page.click("#agenda button:has-text('Add')")
    expect(page.locator("#agenda [data-testid=point-text]", has_text=text)).to_be_visible()


@pytest.mark.browser
def test_run_a_one_on_one(live_server, transactional_db, org, browser):
    first = (timezone.localtime() + datetime.timedelta(days=1)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    series = services.series_create(actor=org.manager.user, employee=org.report, first_meeting_at=first)
    meeting = series.meetings.get()
    base = live_server.url
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    employee = _sign_in(browser, base, org.report.email)
    employee.click("nav.mainnav >> text=1:1s")
    employee.click(f"a[href='/one-on-ones/meetings/{meeting.pk}/']")
    _add_point(employee, "Conference budget")

    manager = _sign_in(browser, base, org.manager.email)
    manager.goto(f"{base}/one-on-ones/meetings/{meeting.pk}/")
    _add_point(manager, "Team offsite plans")
    # Move the manager's point to the top, then mark it discussed; the employee's stays open.
    rows = manager.locator("#agenda li")
    for position in range(rows.count() - 2, -1, -1):
        manager.get_by_role("button", name="Move up: Team offsite plans").click()
        expect(rows.nth(position)).to_contain_text("Team offsite plans")
    manager.get_by_role("button", name="Mark as discussed: Team offsite plans").click()
    expect(manager.locator("#agenda li.discussed", has_text="Team offsite plans")).to_be_visible()
    expect(manager.locator("#agenda li").first).to_contain_text("Team offsite plans")

    manager.fill("#action-items input[name=title]", "Book the conference ticket")
    manager.select_option("#action-items select[name=owner]", label=org.report.full_name)
    manager.click("#action-items button:has-text('Add action item')")
    expect(manager.locator("#action-items", has_text="Book the conference ticket")).to_be_visible()
    manager.fill("#private-notes textarea[name=note-text]", "Check in on workload")
    manager.click("#private-notes button:has-text('Save notes')")
    manager.screenshot(path=SCREENSHOTS / "meetings-1-agenda.png", full_page=True)

    manager.click("button:has-text('Complete meeting')")
    expect(manager.locator(".message", has_text="Meeting completed")).to_be_visible()
    carried = manager.locator("#agenda li", has_text="Conference budget")
    expect(carried).to_contain_text("carried over")
    expect(manager.locator("#agenda li", has_text="Team offsite plans")).to_have_count(0)
    expect(manager.locator("#action-items", has_text="Still open from earlier meetings")).to_be_visible()
    manager.screenshot(path=SCREENSHOTS / "meetings-2-next-meeting.png", full_page=True)

    employee.goto(f"{base}/home/")
    expect(employee.get_by_text("Action item from your 1:1: Book the conference ticket")).to_be_visible()
    employee.screenshot(path=SCREENSHOTS / "meetings-3-home-todo.png", full_page=True)
    # The employee's view of the same meeting never shows the manager's private note.
    employee.goto(f"{base}/one-on-ones/meetings/{meeting.pk}/")
    expect(employee.get_by_text("Check in on workload")).to_have_count(0)


def _point_texts(page: Page) -> list[str]:
    return page.locator("#agenda li[data-point] [data-testid=point-text]").all_inner_texts()


@pytest.mark.browser
def test_drag_a_talking_point_above_another(live_server, transactional_db, org, browser):
    first = (timezone.localtime() + datetime.timedelta(days=1)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    series = services.series_create(
        actor=org.manager.user, employee=org.report, first_meeting_at=first, cadence="once"
    )
    meeting = series.meetings.get()
    meeting.talking_points.all().delete()  # a short agenda of our own, not the default questions
    for text in ("Roadmap", "Hiring", "Budget"):
        services.talking_point_add(actor=org.report.user, meeting=meeting, text=text)
    base = live_server.url
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    manager = _sign_in(browser, base, org.manager.email)
    manager.goto(f"{base}/one-on-ones/meetings/{meeting.pk}/")
    expect(manager.get_by_text("Drag a point to reorder the agenda")).to_be_visible()
    points = manager.locator("#agenda li[data-point]")
    with manager.expect_response(lambda r: r.url.endswith(f"/meetings/{meeting.pk}/points/order/")) as saved:
        # Drop on the upper edge of the first point: the dragged point goes above it.
        points.filter(has_text="Budget").drag_to(points.first, target_position={"x": 40, "y": 4})
    assert saved.value.ok
    expect(points.first).to_contain_text("Budget")
    # The swapped-in agenda still works with htmx: a button press after the drop.
    manager.get_by_role("button", name="Move down: Roadmap").click()
    expect(points.last).to_contain_text("Roadmap")
    manager.screenshot(path=SCREENSHOTS / "meetings-4-dragged.png", full_page=True)

    manager.reload()
    assert _point_texts(manager) == ["Budget", "Hiring", "Roadmap"]
    assert list(meeting.talking_points.order_by("position").values_list("text", flat=True)) == [
        "Budget",
        "Hiring",
        "Roadmap",
    ]
