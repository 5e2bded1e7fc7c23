import json

import pytest

from cadence.core.testing import assert_flat_queries, budget, client_for
from cadence.feedback import services
from cadence.people.testing import EmployeeFactory

from . import factories as f

pytestmark = pytest.mark.django_db

ROUTES = ["/api/v1/praise", "/api/v1/feedback", "/api/v1/feedback-requests"]


def _post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


@pytest.mark.parametrize("url", ROUTES)
def test_lists_need_authentication_and_answer_each_role(org, url):
    assert client_for(None).get(url).status_code == 401
    for role, user in org.role_users().items():
        if user is not None:
            response = client_for(user).get(url)
            assert response.status_code == 200, role
            assert response.json()["count"] == 0


def test_private_praise_is_404_for_other_roles(org):
    praise = f.praise(org.report2, org.report, visibility="private", message="Private thanks")
    url = f"/api/v1/praise/{praise.pk}"
    assert client_for(org.manager.user).get(url).status_code == 200
    for user in (org.hr.user, org.other.user, org.loner):
        assert client_for(user).get(url).status_code == 404
        assert "Private thanks" not in client_for(user).get("/api/v1/praise").content.decode()


def test_protected_feedback_body_is_null_for_manager_and_hr(org):
    f.protect()
    fb = f.feedback(org.report2, org.report, body="Protected words")
    for user in (org.manager.user, org.hr.user, org.ceo.user):
        detail = client_for(user).get(f"/api/v1/feedback/{fb.pk}").json()
        assert detail["body"] is None and detail["protected"] is True
        assert "Protected words" not in client_for(user).get("/api/v1/feedback").content.decode()
    assert client_for(org.report.user).get(f"/api/v1/feedback/{fb.pk}").json()["body"] == "Protected words"
    assert client_for(org.other.user).get(f"/api/v1/feedback/{fb.pk}").status_code == 404


def test_give_praise_and_bad_input(org):
    client = client_for(org.report.user)
    value = f.value()
    ok = _post(
        client,
        "/api/v1/praise",
        {"recipient_ids": [org.report2.pk], "value_ids": [value.pk], "message": "Hi"},
    )
    assert ok.status_code == 201 and ok.json()["recipients"][0]["id"] == org.report2.pk
    bad = _post(
        client, "/api/v1/praise", {"recipient_ids": [999999], "value_ids": [value.pk], "message": "Hi"}
    )
    assert bad.status_code == 422 and "recipient_ids" in bad.json()["errors"]
    empty = _post(client, "/api/v1/praise", {"recipient_ids": [], "value_ids": [], "message": ""})
    assert empty.status_code == 422 and empty.json()["errors"]
    selfish = _post(
        client, "/api/v1/praise", {"recipient_ids": [org.report.pk], "value_ids": [value.pk], "message": "x"}
    )
    assert selfish.status_code == 422 and "recipients" in selfish.json()["errors"]
    outsider = _post(
        client_for(org.loner), "/api/v1/praise", {"recipient_ids": [1], "value_ids": [1], "message": "x"}
    )
    assert outsider.status_code == 403
    react = _post(client, f"/api/v1/praise/{ok.json()['id']}/reactions", {"kind": "heart"})
    assert react.json() == {"kind": "heart", "added": True}
    comment = _post(client, f"/api/v1/praise/{ok.json()['id']}/comments", {"body": "Indeed"})
    assert comment.status_code == 201


def test_feedback_flow_over_the_api(org):
    f.protect()
    client = client_for(org.report2.user)
    refused = _post(
        client, "/api/v1/feedback", {"recipient_id": org.report.pk, "body": "x", "visibility": "manager"}
    )
    assert refused.status_code == 422 and "visibility" in refused.json()["errors"]
    coach = _post(client, "/api/v1/feedback/coach", {"body": "Good job"}).json()
    assert coach["suggest_sbi"] and coach["hints"][0]["code"] == "vague"
    ask = _post(
        client_for(org.report.user), "/api/v1/feedback-requests", {"respondent_ids": [org.report2.pk]}
    )
    assert ask.status_code == 201
    request_id = ask.json()[0]["id"]
    answer = _post(
        client,
        f"/api/v1/feedback-requests/{request_id}/answer",
        {"body": "Well done", "visibility": "recipient"},
    )
    assert answer.status_code == 201 and answer.json()["request_id"] == request_id
    again = _post(client, f"/api/v1/feedback-requests/{request_id}/decline", {})
    assert again.status_code == 409  # already answered
    assert client_for(org.hr.user).get(f"/api/v1/feedback-requests/{request_id}").status_code == 404


@budget("GET /api/v1/praise", "GET /api/v1/feedback", "GET /api/v1/feedback-requests")
def test_list_query_counts_are_flat(org):
    client = client_for(org.manager.user)
    value = f.value()

    def grow_praise(n):
        for _ in range(n):
            person = EmployeeFactory(manager=org.manager)
            p = services.praise_create(
                actor=org.report.user, recipients=[person, org.report2], values=[value], message="x"
            )
            services.praise_react(actor=org.report2.user, praise=p, kind="clap")

    # session, user, employee, the count, the page's ids (sorted narrow), those rows with their author,
    # their recipients, values, reactions, their comment counts (after the cut, for its rows only)
    assert_flat_queries(lambda: client.get("/api/v1/praise?limit=200"), grow_praise, queries=10)

    def grow_feedback(n):
        for _ in range(n):
            f.feedback(org.report2, org.report, visibility="recipient_manager")

    # session, user, employee, the page, the protection setting, the count
    assert_flat_queries(lambda: client.get("/api/v1/feedback?limit=200"), grow_feedback, queries=6)

    def grow_requests(n):
        for _ in range(n):
            services.feedback_request_create(
                actor=org.manager.user, subject=org.report, respondents=[org.report2]
            )

    # session, user, employee, the count, the page with both people
    assert_flat_queries(lambda: client.get("/api/v1/feedback-requests?limit=200"), grow_requests, queries=5)
