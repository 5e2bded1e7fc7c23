"""Shared notes and a goal on the agenda in Chromium: the employee writes the notes, the manager
reads them and puts one of the employee's goals on the agenda as a link; an edit made from an older
version keeps what was typed and shows what the other person saved. Overdue action items come first."""

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from cadence.goals.tests.factories import make_cycle, make_goal
from cadence.meetings import action_items, services

SCREENSHOTS = Path("test-results/screenshots")


def _page(browser: Browser, sign_in: Any, base: str, email: str, width: int = 1440) -> Page:
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    sign_in(page, base, email)
    return page


def _write_notes(page: Page, text: str) -> None:
    page.fill("#shared-notes textarea[name=shared-text]", text)
    page.click("#shared-notes button:has-text('Save shared notes')")


@pytest.mark.browser
def test_shared_notes_and_a_linked_goal(live_server, transactional_db, org, browser, sign_in):
    first = (timezone.localtime() + datetime.timedelta(days=1)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    series = services.series_create(actor=org.manager.user, employee=org.report, first_meeting_at=first)
    meeting = series.meetings.get()
    cycle = make_cycle()
    goal = make_goal(org.report.user, cycle, owner=org.report, title="Ship the mobile app")
    make_goal(org.report.user, cycle, owner=org.report, title="Give a conference talk")  # left to pick
    action_items.action_item_add(
        actor=org.manager.user, meeting=meeting, title="Send the draft", owner=org.report,
        due_date=timezone.localdate() + datetime.timedelta(days=5),
    )  # fmt: skip
    action_items.action_item_add(
        actor=org.manager.user, meeting=meeting, title="Book the course", owner=org.report,
        due_date=timezone.localdate() - datetime.timedelta(days=400),
    )  # fmt: skip
    base = live_server.url
    url = f"{base}/one-on-ones/meetings/{meeting.pk}/"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    employee = _page(browser, sign_in, base, org.report.email)
    employee.goto(url)
    _write_notes(employee, "**Agreed:** ship on Friday\n\n- pair on the RFC")
    expect(employee.locator("#shared-notes strong", has_text="Agreed:")).to_be_visible()
    expect(employee.locator("#shared-notes li", has_text="pair on the RFC")).to_be_visible()
    expect(employee.locator("#shared-notes [role=status]", has_text="Shared notes saved.")).to_be_visible()

    manager = _page(browser, sign_in, base, org.manager.email)
    manager.goto(url)
    expect(manager.locator("#shared-notes strong", has_text="Agreed:")).to_be_visible()
    manager.select_option("#agenda select[name=link]", label="Ship the mobile app")
    manager.click("#agenda button:has-text('Add to agenda')")
    link = manager.locator("#agenda a[data-testid=point-text]", has_text="Ship the mobile app")
    expect(link).to_have_attribute("href", f"/goals/{goal.pk}/")
    # Overdue first, marked with its year.
    items = manager.locator("#action-items li")
    expect(items.first).to_contain_text("Book the course")
    expect(items.first.locator(".due.overdue")).to_contain_text(str(timezone.localdate().year - 1))

    # The manager saves notes meanwhile; the employee's page still shows the first version.
    manager.click("#shared-notes summary")
    _write_notes(manager, "**Agreed:** ship on Friday\n\n- pair on the RFC\n- Mona books the room")
    expect(manager.locator("#shared-notes li", has_text="Mona books the room")).to_be_visible()
    employee.click("#shared-notes summary")
    mine = "**Agreed:** ship on Friday\n\n- pair on the RFC\n- Rita books the room, not Mona"
    _write_notes(employee, mine)
    expect(employee.locator("#shared-notes", has_text="Changed meanwhile")).to_be_visible()
    expect(employee.locator("#shared-notes textarea[name=shared-text]")).to_have_value(mine)
    employee.click("#shared-notes button:has-text('Save shared notes')")  # knowingly, from the new version
    expect(employee.locator("#shared-notes li", has_text="Rita books the room")).to_be_visible()

    manager.goto(url)
    expect(manager.locator("#shared-notes li", has_text="Rita books the room")).to_be_visible()
    manager.screenshot(path=SCREENSHOTS / "meetings-shared-notes-1440.png", full_page=True)
    narrow = _page(browser, sign_in, base, org.manager.email, width=390)
    narrow.goto(url)
    width = narrow.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    narrow.screenshot(path=SCREENSHOTS / "meetings-shared-notes-390.png", full_page=True)
