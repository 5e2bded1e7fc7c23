"""The praise wall and GET /api/v1/praise read one filter definition (feedback.filters)."""

import pytest
from django.urls import reverse

from cadence.core.testing import client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["value", "department", "person"])
def test_a_bad_id_is_ignored_on_the_wall_and_422_in_the_api(org, name):
    client = client_for(org.report.user)
    page = client.get(reverse("feedback:wall"), {name: "9" * 25})
    assert page.status_code == 200
    assert f"Ignored the filter “{name}”" in page.content.decode()
    api = client.get("/api/v1/praise", {name: "9" * 25})
    assert api.status_code == 422
    assert name in api.json()["errors"]
