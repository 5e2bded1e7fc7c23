"""HR settings in one place: every page only HR may open (without an id in its address) is linked
from the admin hub, or from a page the hub links to (named below), so a module's new setting cannot
be left out of the hub."""

import re

import pytest
from django.urls import reverse

from cadence.config.routes import discover_pages
from cadence.core.testing import client_for
from permission_expect import EXPECT_PAGES, HR_ONLY

pytestmark = pytest.mark.django_db

# Reached from a page the hub links to, not from the hub itself.
REACHED_FROM = {
    "goals:template_create": "goals:templates",
    "competencies:framework_import": "competencies:framework_list",
}


def _hr_only_pages() -> list[str]:
    return [
        page.name
        for page in discover_pages()
        if not page.params
        and page.name != "admin_hub"
        and (expect := EXPECT_PAGES.get(page.name)) is not None
        and expect.rule == HR_ONLY
    ]


def test_every_hr_only_page_is_linked_from_the_admin_hub(org) -> None:
    hub = client_for(org.hr.user).get(reverse("admin_hub"))
    assert hub.status_code == 200
    links = set(re.findall(r'href="([^"?#]+)', hub.content.decode()))
    missing = [name for name in _hr_only_pages() if name not in REACHED_FROM and reverse(name) not in links]
    assert not missing, f"HR-only pages the admin hub does not link to: {missing}"
    assert _hr_only_pages(), "the guard found no HR-only page: the expectations changed shape"


def test_the_admin_hub_links_every_hr_setting_and_only_hr_sees_it(org) -> None:
    page = client_for(org.hr.user).get(reverse("admin_hub")).content.decode()
    for name in ("goals:cycles", "goals:templates", "feedback:settings", "checkins:checkin_settings",
                 "meetings:templates", "people:import", "audit_log"):  # fmt: skip
        assert f'href="{reverse(name)}"' in page, name
    for user in (org.report.user, org.manager.user):
        assert client_for(user).get(reverse("admin_hub")).status_code == 403


def test_pages_reached_from_the_hub_link_on(org) -> None:
    client = client_for(org.hr.user)
    for name, via in REACHED_FROM.items():
        assert f'href="{reverse(name)}"' in client.get(reverse(via)).content.decode(), (name, via)
