"""The people picker in Chromium: type part of a name, choose with the keyboard, praise two people;
and the same without JavaScript, where the typed name lists its matches to tick."""

import os

import pytest
from playwright.sync_api import expect

from cadence.feedback.models import CompanyValue, Praise
from cadence.people.testing import EmployeeFactory

SHOTS = os.environ.get("CADENCE_PICKER_SHOTS", "test-results/screenshots")


@pytest.fixture
def emmas(org):
    return [
        EmployeeFactory(first_name="Emma", last_name="Weber", manager=org.ceo, job_title="Designer"),
        EmployeeFactory(first_name="Emma", last_name="Schulz", manager=org.ceo, job_title="Engineer"),
        EmployeeFactory(first_name="Milán", last_name="Novák", manager=org.ceo, job_title="Analyst"),
    ]


@pytest.mark.browser
def test_praise_two_people_chosen_with_the_keyboard(
    live_server, transactional_db, org, emmas, browser, sign_in
):
    CompanyValue.objects.create(name="Own it", order=0)
    base = live_server.url
    page = browser.new_context(viewport={"width": 1440, "height": 900}).new_page()
    sign_in(page, base, org.report.email)
    page.goto(f"{base}/feedback/praise/new/")
    box = page.locator("#id_recipients")
    expect(box).to_have_attribute("role", "combobox")

    box.press_sequentially("emma")
    options = page.locator("#id_recipients-listbox [role=option]")
    expect(options).to_have_count(2)
    expect(box).to_have_attribute("aria-expanded", "true")
    page.screenshot(path=f"{SHOTS}/picker-open-1440.png", full_page=True)
    box.press("ArrowDown")
    box.press("ArrowDown")  # the second Emma
    active = page.locator("#id_recipients-listbox [aria-selected=true]")
    expect(active).to_contain_text("Emma Weber")
    expect(box).to_have_attribute("aria-activedescendant", active.get_attribute("id") or "")
    box.press("Enter")  # chooses, does not send the form
    chips = page.locator(".picker-chip")
    expect(chips).to_have_count(1)
    expect(chips.first).to_contain_text("Emma Weber")
    expect(box).to_have_value("")
    expect(box).to_be_focused()

    box.press_sequentially("milan")  # no accent typed
    expect(options).to_have_count(1)
    expect(options.first).to_contain_text("Milán Novák")
    box.press("Escape")
    expect(page.locator("#id_recipients-listbox")).to_be_hidden()
    box.press("ArrowDown")  # nothing open: nothing happens
    box.fill("")
    box.press_sequentially("Novák")
    box.press("Enter")  # at once, the matches still on their way: the single one is taken
    expect(chips).to_have_count(2)
    expect(chips.nth(1)).to_contain_text("Milán Novák")

    box.press_sequentially("schulz")
    expect(options).to_have_count(1)
    box.press("Enter")
    expect(chips).to_have_count(3)
    page.screenshot(path=f"{SHOTS}/picker-chips-1440.png", full_page=True)
    page.get_by_role("button", name="Remove Milán Novák").click()  # chips have remove buttons
    expect(chips).to_have_count(2)
    expect(page.locator(".errorlist")).to_have_count(0)  # no Enter sent the form on the way

    page.check("text=Own it")
    page.fill("#id_message", "You made the release calm.")
    page.click("button:has-text('Send praise')")
    expect(page.locator(".message.success")).to_contain_text("Your praise was sent")
    page.context.close()
    assert set(Praise.objects.get().recipients.all()) == {emmas[0], emmas[1]}


@pytest.mark.browser
def test_the_picker_at_390_px(live_server, transactional_db, org, emmas, browser, sign_in):
    base = live_server.url
    page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    sign_in(page, base, org.report.email)
    page.goto(f"{base}/feedback/praise/new/")
    page.locator("#id_recipients").press_sequentially("emma")
    expect(page.locator("#id_recipients-listbox [role=option]")).to_have_count(2)
    width = page.evaluate("document.documentElement.scrollWidth")
    page.screenshot(path=f"{SHOTS}/picker-open-390.png", full_page=True)
    page.context.close()
    assert width <= 390


@pytest.mark.browser
def test_praise_two_people_without_javascript(live_server, transactional_db, org, emmas, browser, sign_in):
    CompanyValue.objects.create(name="Own it", order=0)
    base = live_server.url
    context = browser.new_context(viewport={"width": 1440, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, base, org.report.email)
    page.goto(f"{base}/feedback/praise/new/")
    page.fill("#id_recipients", "emma")
    page.check("text=Own it")
    page.fill("#id_message", "Thank you both.")
    page.click("button:has-text('Send praise')")
    expect(page.locator(".errorlist")).to_contain_text("Several match “emma”")
    expect(page.locator("#id_message")).to_have_value("Thank you both.")  # kept
    page.screenshot(path=f"{SHOTS}/picker-nojs-matches-1440.png", full_page=True)
    page.check("text=Emma Weber")
    page.check("text=Emma Schulz")
    page.click("button:has-text('Send praise')")
    expect(page.locator(".message.success")).to_contain_text("Your praise was sent")
    context.close()
    assert set(Praise.objects.get().recipients.all()) == {emmas[0], emmas[1]}


@pytest.mark.browser
def test_the_directory_filters_by_a_team_chosen_in_the_picker(
    live_server, transactional_db, org, browser, sign_in
):
    from cadence.people.models import Team

    platform = Team.objects.create(name="Platform", department=org.engineering)
    Team.objects.create(name="Payments", department=org.engineering)
    org.report2.team = platform
    org.report2.save()
    base = live_server.url
    page = browser.new_context(viewport={"width": 1440, "height": 900}).new_page()
    sign_in(page, base, org.report.email)
    page.goto(f"{base}/people/")
    results = page.locator("#directory-results")
    expect(results).to_contain_text(org.subreport.full_name)
    box = page.locator("#f-team")
    box.press_sequentially("pla")
    expect(page.locator("#f-team-listbox [role=option]")).to_have_count(1)
    page.screenshot(path=f"{SHOTS}/picker-directory-team-1440.png", full_page=True)
    box.press("Enter")
    expect(results).not_to_contain_text(org.subreport.full_name)  # htmx reloaded the results
    expect(results).to_contain_text(org.report2.full_name)
    assert f"team={platform.pk}" in page.url
    page.get_by_role("button", name="Remove Platform").click()
    expect(results).to_contain_text(org.subreport.full_name)
    page.context.close()
