"""Rita's objective rolls up the two aligned to it; she sees what each counts for and leaves Sam's 0%
goal out of her progress (Ravi's, a peer's, she may leave out but not edit). HR sees how many
people opening a cycle for drafting will ask."""

import datetime
import os

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cadence.goals import services
from cadence.goals.models import Goal, GoalCycle
from cadence.goals.tests.factories import kr, make_cycle, make_goal

SHOTS = os.environ.get("CADENCE_SHOTS", "test-results/screenshots")


@pytest.mark.browser
def test_leave_an_aligned_goal_out_of_the_roll_up(live_server, transactional_db, org, browser, sign_in):
    cycle = make_cycle(name="FY 2026")
    parent = make_goal(org.report.user, cycle, owner=org.report, title="Make onboarding a one-day affair")
    ravi = make_goal(
        org.report2.user,
        cycle,
        owner=org.report2,
        parent=parent,
        title="Write the setup guide",
        key_results=[kr(0, 10)],
    )
    services.key_result_update_create(
        actor=org.report2.user, goal=ravi, key_result=ravi.key_results.get(), value=7
    )
    make_goal(org.subreport.user, cycle, owner=org.subreport, parent=parent, title="Automate laptop setup")
    base = live_server.url
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(page, base, org.report.email)

    page.goto(f"{base}/goals/{parent.pk}/")
    rollup = page.locator("#rollup")
    expect(page.locator(".stat")).to_contain_text("35%")
    expect(rollup).to_contain_text("From its key results and aligned objectives")
    expect(rollup.locator("tr", has_text="Write the setup guide")).to_contain_text("50% of the progress")
    rollup.screenshot(path=f"{SHOTS}/goals_rollup_before.png")
    rollup.locator("tr", has_text="Automate laptop setup").get_by_role(
        "button", name="Leave out of the progress"
    ).click()
    expect(page.locator(".message.success")).to_contain_text("70%")
    sam_row = page.locator("#rollup tr", has_text="Automate laptop setup")
    expect(sam_row).to_contain_text("left out by this objective’s owner")
    expect(sam_row.get_by_role("button", name="Count it again")).to_be_visible()
    expect(page.locator("#rollup tr", has_text="Write the setup guide")).to_contain_text(
        "100% of the progress"
    )
    page.locator("#rollup").screenshot(path=f"{SHOTS}/goals_rollup_after.png")

    page.goto(f"{base}/goals/{parent.pk}/edit/")
    expect(page.locator("#id_rollup")).to_have_value(Goal.Rollup.KEY_RESULTS_AND_CHILDREN)
    page.locator("#id_rollup").scroll_into_view_if_needed()
    page.screenshot(path=f"{SHOTS}/goals_rollup_form.png")
    page.context.close()


@pytest.mark.browser
def test_open_a_cycle_for_drafting_after_seeing_how_many_are_asked(
    live_server, transactional_db, org, browser, sign_in
):
    start = timezone.localdate() + datetime.timedelta(days=10)
    cycle = make_cycle(
        name="Next quarter",
        status=GoalCycle.Status.PLANNED,
        start_date=start,
        end_date=start + datetime.timedelta(days=90),
    )
    base = live_server.url
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(page, base, org.hr.email)
    page.goto(f"{base}/goals/cycles/{cycle.pk}/")
    page.get_by_role("link", name="Open for drafting…").click()
    expect(page.locator("main")).to_contain_text("7 people will be asked to write goals for this cycle.")
    page.screenshot(path=f"{SHOTS}/goals_cycle_open.png", full_page=True)
    page.get_by_role("button", name="Ask 7 people").click()
    expect(page.locator(".message.success")).to_contain_text("open for drafting")
    assert GoalCycle.objects.get(pk=cycle.pk).status == GoalCycle.Status.DRAFTING
    page.context.close()
