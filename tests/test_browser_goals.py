"""A manager creates a team objective aligned to a company objective; an employee adds an individual
objective under it with two key results, checks in twice and comments mentioning the manager; the tree
and the timeline show the progress."""

import pytest
from playwright.sync_api import expect

from cadence.goals import services
from cadence.goals.models import Goal
from cadence.goals.tests.factories import END, kr, make_cycle
from cadence.people.models import Team

SHOTS = "test-results/screenshots"


@pytest.mark.browser
def test_cascade_checkin_and_tree(live_server, transactional_db, org, browser, sign_in):
    team = Team.objects.create(name="Platform", department=org.engineering)
    for person in (org.manager, org.report):
        person.team = team
        person.save(update_fields=["team"])
    cycle = make_cycle(name="FY 2026")
    company = services.goal_create(
        actor=org.hr.user,
        cycle=cycle,
        level=Goal.Level.COMPANY,
        due_date=END,
        title="Be the most reliable platform",
        key_results=[kr(0, 10)],
        rollup=Goal.Rollup.KEY_RESULTS_AND_CHILDREN,  # chosen: its aligned objectives count too
    )
    base = live_server.url
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()

    sign_in(page, base, org.manager.email)
    page.goto(f"{base}/goals/new/")
    page.fill("#id_title", "Cut platform incidents from 8 to 2")
    page.select_option("#id_level", "team")
    page.locator("#id_owner_team").press_sequentially(team.name[:4])  # the team picker
    expect(page.locator("#id_owner_team-listbox [role=option]")).to_have_count(1)
    page.locator("#id_owner_team").press("Enter")
    expect(page.locator(".picker-chip")).to_contain_text(team.name)
    page.select_option("#id_parent", str(company.pk))
    page.click("button[value=save]")
    expect(page.locator("h1")).to_have_text("Cut platform incidents from 8 to 2")
    team_goal = Goal.objects.get(level="team")
    page.context.clear_cookies()

    sign_in(page, base, org.report.email)
    page.goto(f"{base}/goals/new/?parent={team_goal.pk}")
    page.fill("#id_title", "Automate the deploy checks")
    page.select_option("#id_parent", str(team_goal.pk))
    page.fill("#id_kr-0-title", "Checks automated")
    page.fill("#id_kr-0-baseline", "0")
    page.fill("#id_kr-0-target", "10")
    page.fill("#id_kr-1-title", "Manual deploy time (minutes)")
    page.select_option("#id_kr-1-direction", "decrease")
    page.fill("#id_kr-1-baseline", "60")
    page.fill("#id_kr-1-target", "20")
    page.click("button[value=check]")
    expect(page.locator("#smart-h")).to_be_visible()
    page.screenshot(path=f"{SHOTS}/goals_form_smart_check.png", full_page=True)
    page.click("button[value=save]")
    expect(page.locator("h1")).to_have_text("Automate the deploy checks")

    forms = page.locator("form.checkin-form")
    forms.nth(0).locator("input[name$=-value]").fill("5")
    forms.nth(0).locator("button[type=submit]").click()
    expect(page.locator(".message.success")).to_contain_text("25%")
    forms = page.locator("form.checkin-form")
    forms.nth(1).locator("input[name$=-value]").fill("40")
    forms.nth(1).locator("select[name$=-confidence]").select_option("at_risk")
    forms.nth(1).locator("button[type=submit]").click()
    expect(page.locator(".message.success")).to_contain_text("50%")
    expect(page.locator("#timeline svg")).to_be_visible()
    page.screenshot(path=f"{SHOTS}/goals_detail_timeline.png", full_page=True)

    # A comment mentioning the manager: htmx swaps the comments in place and links the mention.
    mention = "@" + org.manager.email.split("@")[0]
    page.fill("#id_body", f"{mention} the deploy checks are half done <b>already</b>")
    page.locator("form.comment-form button[type=submit]").click()
    comment = page.locator("#comments .comment-body").first
    expect(comment).to_contain_text("half done <b>already</b>")
    expect(comment.locator("a.mention")).to_have_attribute("href", f"/people/{org.manager.pk}/")
    expect(page.locator("#id_body")).to_have_value("")
    page.locator("#comments").screenshot(path=f"{SHOTS}/goals_comments.png")

    page.goto(f"{base}/goals/tree/")
    node = page.locator(f"#goal-node-{company.pk}")
    # Company: its key result at 0% and the team objective at 50%, equally weighted.
    expect(node.locator(".goal-node").first).to_contain_text("25%")
    node.get_by_text("Show 1 aligned objective").click()
    team_node = page.locator(f"#goal-node-{team_goal.pk}")
    expect(team_node).to_contain_text("50%")
    team_node.get_by_text("Show 1 aligned objective").click()
    mine = page.locator("#goal-node-{}".format(Goal.objects.get(level="individual").pk))
    expect(mine).to_contain_text("Automate the deploy checks")
    expect(mine).to_contain_text("Manual deploy time (minutes) — 50%")
    page.screenshot(path=f"{SHOTS}/goals_tree.png", full_page=True)
    page.context.close()
