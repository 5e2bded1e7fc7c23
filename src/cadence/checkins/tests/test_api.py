import json

import pytest
from django.urls import reverse

from cadence.checkins.models import CheckIn
from cadence.core.testing import assert_flat_queries, budget, client_for

from . import factories as f

pytestmark = pytest.mark.django_db


def _post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_the_list_needs_authentication_and_answers_each_role(org):
    assert client_for(None).get("/api/v1/check-ins").status_code == 401
    for role, user in org.role_users().items():
        if user is not None:
            response = client_for(user).get("/api/v1/check-ins")
            assert response.status_code == 200, role
            assert response.json()["count"] == 0


def test_checkins_are_404_for_hr(org):
    checkin = f.submitted_checkin(org.report)
    assert client_for(org.manager.user).get(f"/api/v1/check-ins/{checkin.pk}").status_code == 200
    assert client_for(org.hr.user).get(f"/api/v1/check-ins/{checkin.pk}").status_code == 404


def test_checkin_flow_over_the_api(org):
    client = client_for(org.report.user)
    questions = client.get("/api/v1/check-ins/questions").json()
    assert len(questions) == 3  # priorities have their own field, not a question (migration 0005)
    bad = _post(client, "/api/v1/check-ins", {"mood": 7})
    assert bad.status_code == 422 and "mood" in bad.json()["errors"]
    ok = _post(
        client,
        "/api/v1/check-ins",
        {"mood": 4, "answers": {str(questions[0]["id"]): "Shipped"}, "priorities": ["Docs"]},
    )
    assert ok.status_code == 201 and ok.json()["priorities"][0]["text"] == "Docs"
    checkin_id = ok.json()["id"]
    assert _post(client, "/api/v1/check-ins", {"mood": 4}).status_code == 409  # already submitted
    assert (
        _post(client_for(org.report2.user), f"/api/v1/check-ins/{checkin_id}/review", {}).status_code == 404
    )
    assert _post(client, f"/api/v1/check-ins/{checkin_id}/review", {}).status_code == 403
    manager = client_for(org.manager.user)
    assert _post(manager, f"/api/v1/check-ins/{checkin_id}/review", {}).json()["reviewed_at"]
    assert _post(manager, f"/api/v1/check-ins/{checkin_id}/comments", {"body": "Thanks"}).status_code == 201
    assert _post(manager, f"/api/v1/check-ins/{checkin_id}/reactions", {"kind": "star"}).json()["added"]


def test_a_forbidden_skip_answers_403_and_writes_nothing(org):
    client_for(org.report.user).get(reverse("checkins:checkin_current"))
    checkin = CheckIn.objects.get(author=org.report)
    response = client_for(org.manager.user).post(
        f"/api/v1/check-ins/{checkin.pk}/skip", {"reason": "Nope"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert set(response.json()) == {"detail", "errors"}
    checkin.refresh_from_db()
    assert checkin.status == CheckIn.Status.DUE


@budget("GET /api/v1/check-ins")
def test_list_query_count_is_flat(org):
    client = client_for(org.manager.user)

    def grow(n):
        start = org.report.checkins.count()
        for i in range(n):
            f.submitted_checkin(org.report, weeks_ago=start + i + 1 + 100)

    # session, user, employee, the count, the page, its priorities
    assert_flat_queries(lambda: client.get("/api/v1/check-ins?limit=200"), grow, queries=6)


def test_draft_then_submit_then_change_until_reviewed_over_the_api(org):
    client = client_for(org.report.user)
    draft = _post(client, "/api/v1/check-ins/draft", {"priorities": ["Plan"]})
    assert draft.status_code == 200 and draft.json()["status"] == "due"
    submitted = _post(client, "/api/v1/check-ins", {"mood": 4, "priorities": ["Plan"]})
    assert submitted.status_code == 201
    url = f"/api/v1/check-ins/{submitted.json()['id']}"
    assert _post(client, "/api/v1/check-ins", {"mood": 4}).status_code == 409  # submit locks
    assert _post(client, "/api/v1/check-ins/draft", {}).status_code == 409
    put = client.put(
        url, json.dumps({"mood": 2, "priorities": ["Plan", "Ship"]}), content_type="application/json"
    )
    assert put.status_code == 200 and put.json()["mood"] == 2 and put.json()["edited_at"]
    assert [p["text"] for p in put.json()["priorities"]] == ["Plan", "Ship"]
    manager = client_for(org.manager.user)
    assert manager.put(url, json.dumps({"mood": 1}), content_type="application/json").status_code == 403
    _post(manager, f"{url}/review", {})
    late = client.put(url, json.dumps({"mood": 5}), content_type="application/json")
    assert late.status_code == 409 and "already reviewed" in late.json()["detail"]
    assert client.get(url).json()["mood"] == 2
