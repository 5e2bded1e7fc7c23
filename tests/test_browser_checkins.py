"""A manager's team check-ins and a check-in to review, at 1440 px and at 390 px: the chart fits the
page, shows its axis labels, its tooltips work under the content security policy (pygal's tooltip
script from our static files, its inline configuration with the request's nonce), nothing breaks the
policy, and the figures are in a table. Screenshots go to test-results/screenshots/."""

import datetime
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from cadence.checkins import services
from cadence.checkins.models import CheckIn
from cadence.checkins.periods import period_start_for
from cadence.goals.tests.factories import make_cycle, make_goal

SHOTS = Path("test-results") / "screenshots"


def _team_history(org) -> CheckIn:
    """Five finished weeks and the open one for Rita and Rob; Rita's last week has a goal update."""
    monday = period_start_for(datetime.date.today(), 1)
    for weeks_ago in range(5, -1, -1):
        for person, mood in ((org.report, 3 + weeks_ago % 3), (org.report2, 4)):
            if (weeks_ago, person) in ((0, org.report2), (1, org.report)):
                continue  # the open week has one of two so far (not a drop); Rita's last week below
            CheckIn.objects.create(
                author=person,
                period_start=monday - datetime.timedelta(weeks=weeks_ago),
                status=CheckIn.Status.SUBMITTED,
                mood=mood,
                answers=[{"question": "What went well?", "answer": "Shipped the import"}],
            )
    goal = make_goal(org.report.user, make_cycle(), owner=org.report, title="Launch the mobile app")
    last_week = services.checkin_open_current(
        actor=org.report.user, today=monday - datetime.timedelta(days=3)
    )
    return services.checkin_submit(
        actor=org.report.user,
        checkin=last_week,
        mood=4,
        answers={},
        questions=[],
        new_priorities=["Store release"],
        goal_updates=[(goal, "at_risk", "Waiting for the store review")],
    )


def _watch_policy(page: Page) -> list[str]:
    """Every content security policy violation and console error on the page, as text."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    return problems


def _fits(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{overflow}px of horizontal overflow"


def _check_chart(page: Page, width: int) -> None:
    chart = page.locator("figure.chart svg.pygal-chart")
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    # Axis labels: the mood scale and at most four dates, each drawn at a readable size.
    sizes = page.evaluate(
        "[...document.querySelectorAll('figure.chart .axis text')]"
        ".filter(t => t.textContent.trim()).map(t => t.getBoundingClientRect().height)"
    )
    assert sizes and min(sizes) >= 9, sizes
    # The open week is not drawn: five finished weeks, two lines.
    assert chart.locator(".tooltip-trigger").count() == 10
    # A tooltip (pygal's script) names the point: the mood line's third week, away from the corner
    # where the hidden tooltip box rests.
    chart.locator(".serie-0 .tooltip-trigger").nth(2).hover(force=True)
    expect(chart.locator(".tooltip")).to_contain_text("Average mood")
    chart.screenshot(path=str(SHOTS / f"checkins_team_chart_tooltip_{width}.png"))
    figures = page.locator("details.chart-figures")
    figures.locator("summary").click()
    expect(figures.locator("tbody tr")).to_have_count(6)
    expect(figures.locator("tbody tr").last).to_contain_text("still open")


@pytest.mark.browser
@pytest.mark.parametrize("width", [1440, 390])
def test_team_chart_and_checkin_review(live_server, transactional_db, org, browser, sign_in, width):
    checkin = _team_history(org)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    problems = _watch_policy(page)
    sign_in(page, live_server.url, org.manager.email)
    SHOTS.mkdir(parents=True, exist_ok=True)

    page.goto(f"{live_server.url}/feedback/check-ins/team/")
    _check_chart(page, width)
    _fits(page)
    page.screenshot(path=str(SHOTS / f"checkins_team_{width}.png"), full_page=True)

    page.goto(f"{live_server.url}/feedback/check-ins/{checkin.pk}/")
    expect(page.locator("#goal-updates-heading")).to_be_visible()
    expect(page.get_by_text("Waiting for the store review")).to_be_visible()
    _fits(page)
    page.screenshot(path=str(SHOTS / f"checkins_detail_{width}.png"), full_page=True)
    assert not problems, problems
    context.close()


@pytest.mark.browser
def test_author_saves_a_draft_submits_and_changes_it_at_390(
    live_server, transactional_db, org, browser, sign_in
):
    """Last week's priority starts undecided; a draft keeps the text; after submitting, the author
    changes the check-in until the manager has reviewed it."""
    # Browser tests flush the tables: the question is made here, not taken from migration 0003.
    services.checkin_question_create(actor=org.hr.user, text="What did you learn?", order=9)
    monday = period_start_for(datetime.date.today(), 1)
    last = services.checkin_open_current(actor=org.report.user, today=monday - datetime.timedelta(days=3))
    services.checkin_submit(
        actor=org.report.user, checkin=last, mood=4, answers={}, questions=[], new_priorities=["Ship import"]
    )
    page = browser.new_context(viewport={"width": 390, "height": 900}).new_page()
    problems = _watch_policy(page)
    sign_in(page, live_server.url, org.report.email)
    page.goto(f"{live_server.url}/feedback/check-ins/current/")
    previous = page.get_by_role("group", name="Ship import").get_by_role("radio")
    expect(previous).to_have_count(3)
    for i in range(3):
        expect(previous.nth(i)).not_to_be_checked()  # undecided, not "Done"
    page.get_by_label("What did you learn?").fill("Paired on the import")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()
    expect(page.get_by_label("What did you learn?")).to_have_value("Paired on the import")
    _fits(page)
    page.screenshot(path=str(SHOTS / "checkins_form_draft_390.png"), full_page=True)
    page.get_by_role("button", name="Submit check-in").click()
    expect(page.locator(".errorlist").first).to_be_visible()  # mood and last week's priority
    page.locator("label", has_text="4").first.click()
    previous.nth(1).check()  # carry forward
    page.get_by_role("button", name="Submit check-in").click()
    expect(page.get_by_text("Check-in submitted.")).to_be_visible()
    page.get_by_role("link", name="Change it").click()
    page.get_by_label("What did you learn?").fill("Paired on the import, and shipped it")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Changed after submitting")).to_be_visible()
    expect(page.get_by_text("and shipped it")).to_be_visible()
    _fits(page)
    page.screenshot(path=str(SHOTS / "checkins_detail_changed_390.png"), full_page=True)
    assert not problems, problems
