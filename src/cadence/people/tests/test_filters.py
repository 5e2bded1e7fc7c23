"""The directory page and GET /api/v1/people read one filter definition (people.filters): a bad
value is ignored with a message on the page and answers 422 in the API, never 500."""

import pytest
from django.urls import reverse

from cadence.core.testing import client_for

pytestmark = pytest.mark.django_db

TOO_LONG = "9" * 25  # beyond 64 bits: once an OverflowError and a 500 on SQLite


@pytest.mark.parametrize("name", ["manager", "under", "department", "team"])
@pytest.mark.parametrize("bad", [TOO_LONG, "abc", "0"])
def test_a_bad_id_is_ignored_on_the_page_and_422_in_the_api(org, name, bad):
    client = client_for(org.report.user)
    page = client.get(reverse("people:directory"), {name: bad})
    assert page.status_code == 200
    assert f"Ignored the filter “{name}”" in page.content.decode()
    assert "Rita Report" in page.content.decode()  # the filter is dropped, not the directory
    api = client.get("/api/v1/people", {name: bad})
    assert api.status_code == 422
    assert name in api.json()["errors"]


def test_good_filters_still_filter_on_both_sides(org):
    client = client_for(org.report.user)
    page = client.get(reverse("people:directory"), {"manager": org.manager.pk}).content.decode()
    assert "Rita Report" in page and "Otto Other" not in page and "Ignored" not in page
    names = {
        p["first_name"] for p in client.get("/api/v1/people", {"manager": org.manager.pk}).json()["items"]
    }
    assert names == {"Rita", "Ravi"}


def test_the_org_chart_ignores_a_focus_beyond_64_bits(org):
    response = client_for(org.report.user).get(reverse("people:org_chart"), {"focus": TOO_LONG})
    assert response.status_code == 200
    assert "Ignored the filter “focus”" in response.content.decode()
