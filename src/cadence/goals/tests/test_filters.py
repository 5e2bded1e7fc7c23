"""The goal list pages and GET /api/v1/goals read one filter definition (goals.filters); the
alignment tree reads its own with the same parser."""

import pytest
from django.urls import reverse

from cadence.core.testing import client_for

from .factories import make_cycle, make_goal

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["cycle", "owner", "parent"])
def test_a_bad_id_is_ignored_on_the_list_and_422_in_the_api(org, name):
    goal = make_goal(org.report.user, make_cycle(), owner=org.report, title="Ship the thing")
    client = client_for(org.report.user)
    page = client.get(reverse("goals:mine"), {name: "9" * 25})
    assert page.status_code == 200
    body = page.content.decode()
    assert f"Ignored the filter “{name}”" in body and goal.title in body
    api = client.get("/api/v1/goals", {name: "9" * 25})
    assert api.status_code == 422
    assert name in api.json()["errors"]


def test_search_is_shared_too(org):
    cycle = make_cycle()
    make_goal(org.report.user, cycle, owner=org.report, title="Ship the thing")
    make_goal(org.report.user, cycle, owner=org.report, title="Hire two people")
    client = client_for(org.report.user)
    page = client.get(reverse("goals:mine"), {"q": "ship"}).content.decode()
    assert "Ship the thing" in page and "Hire two people" not in page
    titles = [g["title"] for g in client.get("/api/v1/goals", {"q": "ship"}).json()["items"]]
    assert titles == ["Ship the thing"]


@pytest.mark.parametrize("name", ["focus", "department", "team", "person", "cycle"])
def test_the_tree_ignores_bad_ids(org, name):
    response = client_for(org.report.user).get(reverse("goals:tree"), {name: "9" * 25})
    assert response.status_code == 200
    assert f"Ignored the filter “{name}”" in response.content.decode()
