import pytest

from cadence.core.testing import assert_flat_queries, client_for
from cadence.goals.models import Goal

from .factories import kr, make_cycle, make_goal

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(org):
    cycle = make_cycle()
    top = make_goal(org.hr.user, cycle, title="Company goal", key_results=[kr(0, 10)])
    mine = make_goal(org.report.user, cycle, owner=org.report, parent=top, key_results=[kr(0, 4)])
    private = make_goal(org.report.user, cycle, owner=org.report, visibility=Goal.Visibility.PRIVATE)
    return cycle, top, mine, private


def test_goal_routes_answer_each_role(org, setup):
    cycle, top, _mine, private = setup
    for role, user in org.role_users().items():
        client = client_for(user)
        listing = client.get("/api/v1/goals", {"cycle": cycle.pk})
        detail = client.get(f"/api/v1/goals/{private.pk}")
        if role in ("anonymous",):
            assert listing.status_code == 401
            continue
        assert listing.status_code == 200
        ids = {g["id"] for g in listing.json()["items"]}
        if role == "outsider":
            assert ids == set() and detail.status_code == 404
        elif role in ("hr", "manager"):
            assert private.pk in ids and detail.status_code == 200
        else:
            assert private.pk not in ids and detail.status_code == 404
            assert top.pk in ids


def test_detail_tree_and_check_ins(org, setup):
    _cycle, top, mine, _private = setup
    client = client_for(org.report.user)
    body = client.get(f"/api/v1/goals/{mine.pk}").json()
    assert body["key_results"][0]["progress"] == 0 and body["parent_id"] == top.pk
    kr_id = body["key_results"][0]["id"]
    posted = client.post(
        f"/api/v1/key-results/{kr_id}/check-ins",
        {"value": "2", "confidence": "at_risk"},
        content_type="application/json",
    )
    assert posted.status_code == 201, posted.content
    assert posted.json()["goal_progress"] == 0.5
    history = client.get(f"/api/v1/key-results/{kr_id}/check-ins").json()
    assert history["count"] == 1
    tree = client.get(f"/api/v1/goals/{top.pk}/tree").json()
    assert tree["progress"] == 0.25 and tree["children"][0]["id"] == mine.pk
    assert client.get(f"/api/v1/goals/{mine.pk}/key-results").json()[0]["current"] == "2.00"
    filtered = client.get(
        "/api/v1/goals", {"parent": top.pk, "level": "individual", "owner": org.report.pk}
    ).json()
    assert [g["id"] for g in filtered["items"]] == [mine.pk]


def test_bad_input_answers_422_or_403(org, setup):
    cycle, top, mine, _private = setup
    client = client_for(org.report.user)
    kr_id = mine.key_results.get().pk
    bad = client.post(
        f"/api/v1/key-results/{kr_id}/check-ins", {"confidence": "maybe"}, content_type="application/json"
    )
    assert bad.status_code == 422 and "confidence" in bad.json()["errors"]
    missing = client.post(f"/api/v1/key-results/{kr_id}/check-ins", {}, content_type="application/json")
    assert missing.status_code == 422 and "value" in missing.json()["errors"]
    other = client_for(org.other.user).post(
        f"/api/v1/key-results/{kr_id}/check-ins", {"value": 1}, content_type="application/json"
    )
    assert other.status_code == 403
    create = client.post(
        "/api/v1/goals",
        {
            "cycle_id": cycle.pk,
            "title": "X",
            "due_date": "2030-01-01",
            "key_results": [{"title": "k", "baseline": 1, "target": 1}],
        },
        content_type="application/json",
    )
    assert create.status_code == 422
    assert "due_date" in create.json()["errors"] or "key_results.0.target" in create.json()["errors"]
    ok = client.post(
        "/api/v1/goals",
        {
            "cycle_id": cycle.pk,
            "title": "Cut bugs from 9 to 3",
            "parent_id": top.pk,
            "key_results": [{"title": "Bugs", "baseline": 9, "target": 3, "direction": "decrease"}],
        },
        content_type="application/json",
    )
    assert ok.status_code == 201, ok.content
    assert client.get("/api/v1/goals/999999").status_code == 404
    cycles = client_for(org.manager.user).post(
        "/api/v1/goal-cycles",
        {"name": "Q", "start_date": "2026-01-01", "end_date": "2026-03-31"},
        content_type="application/json",
    )
    assert cycles.status_code == 403
    assert client.get("/api/v1/goal-cycles").json()["count"] == 1


def test_api_query_counts_do_not_grow(org, setup):
    cycle, top, _mine, _private = setup
    client = client_for(org.manager.user)

    def grow(n):
        for _ in range(n):
            child = make_goal(org.hr.user, cycle, parent=top, key_results=[kr(0, 5)])
            make_goal(org.hr.user, cycle, parent=child)

    assert_flat_queries(
        lambda: client.get("/api/v1/goals", {"cycle": cycle.pk, "limit": 200}), grow, budget=12
    )
    assert_flat_queries(lambda: client.get(f"/api/v1/goals/{top.pk}/tree"), grow, budget=12)
    assert_flat_queries(lambda: client.get(f"/api/v1/goals/{top.pk}"), grow, budget=12)
