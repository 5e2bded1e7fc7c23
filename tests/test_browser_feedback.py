"""An employee praises a colleague with a company value; the praise shows on the wall, where the
colleague reacts to it. Then the employee writes vague feedback and sees the coaching advice."""

import pytest
from playwright.sync_api import expect

from cadence.feedback.models import CompanyValue, Praise

SHOTS = "test-results/screenshots"


@pytest.mark.browser
def test_praise_a_colleague_and_see_it_on_the_wall(live_server, transactional_db, org, browser, sign_in):
    CompanyValue.objects.create(name="Customer first", order=0)
    CompanyValue.objects.create(name="Own it", order=1)
    base = live_server.url
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(page, base, org.report.email)

    page.goto(f"{base}/feedback/")
    page.click("text=Praise someone")
    page.fill("#id_recipients", org.report2.email)
    page.check("text=Customer first")
    page.fill("#id_message", "You stayed on the customer call until the import worked. Thank you!")
    page.screenshot(path=f"{SHOTS}/feedback-praise-form.png", full_page=True)
    page.click("button:has-text('Send praise')")
    expect(page.locator(".message.success")).to_contain_text("Your praise was sent")

    page.goto(f"{base}/feedback/")
    card = page.locator("article.praise").first
    expect(card).to_contain_text("Ravi Second")
    expect(card).to_contain_text("Customer first")
    expect(card).to_contain_text("You stayed on the customer call")
    page.select_option("#f-value", label="Own it")
    expect(page.locator("#praise-results")).to_contain_text("No praise here yet")
    page.select_option("#f-value", label="Customer first")
    expect(page.locator("article.praise")).to_have_count(1)
    page.locator("article.praise button[aria-label^='React with clap']").click()
    expect(page.locator("article.praise button[aria-pressed=true]")).to_have_count(1)
    page.screenshot(path=f"{SHOTS}/feedback-wall.png", full_page=True)

    page.goto(f"{base}/feedback/give/")
    page.fill("#id_body", "You are lazy")
    expect(page.locator("#coaching")).to_contain_text("describes the person", timeout=5000)
    page.screenshot(path=f"{SHOTS}/feedback-coaching.png", full_page=True)
    page.context.close()
    assert Praise.objects.get().reactions.count() == 1
