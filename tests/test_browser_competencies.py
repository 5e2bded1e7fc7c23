"""Competencies end to end in Chromium: HR rewrites an expectation in the framework's matrix, adds
a competency in the structure editor and publishes the draft; a manager opens a report's career
page, sees the new text, records an assessment and sees the gap change; the heatmap shows it.
Screenshots of the matrix, the structure editor, the career page and the heatmap go to
test-results/screenshots/."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from cadence.competencies import services
from cadence.competencies.models import Level
from cadence.competencies.tests.factories import make_framework

SHOTS = Path("test-results") / "screenshots"
NEW_TEXT = "Writes design documents that other teams adopt"

pytestmark = pytest.mark.django_db(transaction=True)


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"competencies-{name}.png", full_page=True)


@pytest.fixture
def placed(org):
    """Rita on IC2 of a published framework of three competencies."""
    framework = make_framework(name="Engineering", competencies=3)
    level = Level.objects.get(track__framework_version=framework.version, key="ic2")
    services.placement_set(actor=org.hr.user, person=org.report, level=level)
    return framework


def _hr_rewrites_and_publishes(page: Page, base: str, framework) -> None:
    page.goto(f"{base}/career/frameworks/{framework.pk}/")
    page.get_by_role("button", name="Edit in a new draft").click()
    page.wait_for_url("**/draft/")  # loaded, htmx listening: Ctrl+Enter saves the cell
    cell = page.get_by_label("Competency 1 at IC2")
    cell.fill(NEW_TEXT)
    cell.press("Control+Enter")
    expect(page.get_by_text("Saved", exact=True)).to_be_visible()
    _shot(page, "matrix")
    _hr_adds_a_competency(page)
    page.get_by_label("What changed").fill("Clearer design expectations at IC2")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Version 2 is published")).to_be_visible()


def _hr_adds_a_competency(page: Page) -> None:
    """In the structure editor, a competency for the IC track only; back in the matrix its cells wait."""
    page.get_by_role("link", name="Tracks and competencies").click()
    add = page.locator("form[id^=new-competency-]").first
    add.get_by_label("Name").fill("Mentoring")
    add.get_by_label("Individual contributor").check()
    add.get_by_role("button", name="Add the competency").click()
    expect(page.get_by_text("Added.")).to_be_visible()
    _shot(page, "structure")
    page.get_by_role("link", name="Back to the matrix").click()
    expect(page.get_by_label("Mentoring at IC1")).to_be_visible()
    expect(page.get_by_label("Mentoring at M1")).to_have_count(0)


def test_hr_publishes_and_a_manager_assesses_against_the_new_text(
    live_server, browser, sign_in, org, placed
) -> None:
    base = live_server.url
    hr = browser.new_page(viewport={"width": 1440, "height": 900})
    sign_in(hr, base, org.hr.email)
    _hr_rewrites_and_publishes(hr, base, placed)
    hr.context.close()

    page = browser.new_page(viewport={"width": 1440, "height": 900})
    sign_in(page, base, org.manager.email)
    page.goto(f"{base}/career/people/{org.report.pk}/")
    competency = page.locator("article.competency").filter(has_text="Competency 1").first
    expect(competency).to_contain_text(NEW_TEXT)  # the published version's text, read by keys
    expect(competency).to_contain_text("Not assessed yet")
    page.get_by_label("Competency:").select_option(label="Competency 1")
    page.get_by_label("Assessed level").select_option(
        label="IC3 Individual contributor 3 (Individual contributor)"
    )
    page.get_by_label("What it is based on").fill("Led the import redesign end to end")
    page.get_by_role("button", name="Record assessment").click()
    competency = page.locator("article.competency").filter(has_text="Competency 1").first
    expect(competency).to_contain_text("Assessed IC3")
    expect(competency).to_contain_text("Above")  # above what IC2 expects
    expect(page.get_by_role("cell", name="Led the import redesign end to end")).to_be_visible()
    _shot(page, "career")

    page.goto(f"{base}/career/gaps/")
    expect(page.get_by_role("table")).to_contain_text("Competency 1")
    _shot(page, "heatmap")
    page.context.close()
