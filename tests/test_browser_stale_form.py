"""Two people edit one objective in two browsers at once (#8 item 3): the second save is refused
with a notice that names what the other person changed, keeps what this person typed, and saving
again keeps both edits."""

import pytest
from playwright.sync_api import expect

from cadence.goals.models import Goal
from cadence.goals.tests.factories import kr, make_cycle, make_goal

SHOTS = "test-results/screenshots"


@pytest.mark.browser
def test_the_second_editor_sees_what_changed_and_keeps_what_they_typed(
    live_server, transactional_db, org, browser, sign_in
):
    goal = make_goal(
        org.report.user, make_cycle(), owner=org.report, title="Ship v2", key_results=[kr(0, 10)]
    )
    base, url = live_server.url, f"{live_server.url}/goals/{goal.pk}/edit/"
    owner = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    manager = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    sign_in(owner, base, org.report.email)
    sign_in(manager, base, org.manager.email)
    owner.goto(url)
    manager.goto(url)  # both forms are open at version 1

    owner.fill("#id_title", "Ship v2 to every customer")
    owner.click("button[value=save]")
    expect(owner.locator("h1")).to_have_text("Ship v2 to every customer")

    manager.fill("#id_description", "Why: the churn review")
    manager.click("button[value=save]")
    expect(manager.get_by_text("Someone else saved this while you were editing it")).to_be_visible()
    expect(manager.locator("#id_description")).to_have_value("Why: the churn review")  # kept
    expect(manager.locator("#id_title")).to_have_value("Ship v2 to every customer")  # theirs, filled in
    expect(manager.get_by_text("Changed meanwhile to")).to_be_visible()
    manager.locator("#id_title").scroll_into_view_if_needed()
    manager.screenshot(path=f"{SHOTS}/goal_changed_meanwhile_390.png")
    assert Goal.objects.get(pk=goal.pk).description == ""  # the stale save wrote nothing

    manager.click("button[value=save]")
    expect(manager.locator("h1")).to_have_text("Ship v2 to every customer")
    saved = Goal.objects.get(pk=goal.pk)
    assert (saved.title, saved.description) == ("Ship v2 to every customer", "Why: the churn review")
