import pytest

from cadence.core.testing import assert_flat_queries, budget, client_for
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


def test_detail_tree_and_checkins(org, setup):
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
    # The company goal has key results, so by default only they count: the aligned goal's check-in
    # does not move it.
    assert tree["progress"] == 0.0 and tree["children"][0]["id"] == mine.pk
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


@budget("GET /api/v1/goals", "GET /api/v1/goals/{goal_id}/tree", "GET /api/v1/goals/{goal_id}")
def test_api_query_counts_do_not_grow(org, setup):
    cycle, top, _mine, _private = setup
    client = client_for(org.manager.user)

    def grow(n):
        for _ in range(n):
            child = make_goal(org.hr.user, cycle, parent=top, key_results=[kr(0, 5)], contributors=people)
            make_goal(org.hr.user, cycle, parent=child, contributors=people[:1])
        top.contributors.set(people)

    people = [org.report, org.report2, org.subreport]
    # The list: session, user, employee, COUNT, the page's ids, those goals, their contributors.
    assert_flat_queries(
        lambda: client.get("/api/v1/goals", {"cycle": cycle.pk, "limit": 200}), grow, queries=7
    )
    assert_flat_queries(lambda: client.get("/api/v1/goals", {"limit": 200}), grow, queries=7)
    # The tree: session, user, employee, the goal, its key results, their milestones, its contributors,
    # the levels below it, their key results, their milestones, the children counts.
    assert_flat_queries(lambda: client.get(f"/api/v1/goals/{top.pk}/tree"), grow, queries=11)
    # One goal: session, user, employee, the goal, its key results, their milestones, its contributors.
    assert_flat_queries(lambda: client.get(f"/api/v1/goals/{top.pk}"), grow, queries=7, shows_rows=False)


def _json(client, method, url, body):
    return getattr(client, method)(url, body, content_type="application/json")


def _patch(client, goal_id, body):
    """A PATCH made from the goal's saved version, as a client that has just read it sends it."""
    saved = Goal.objects.filter(pk=goal_id).first()
    body = {**body, "version": saved.version if saved else 1}
    return _json(client, "patch", f"/api/v1/goals/{goal_id}", body)


def test_contributors_are_read_and_written_through_the_api(org, setup):
    cycle, _top, mine, _private = setup
    client = client_for(org.report.user)
    created = _json(
        client,
        "post",
        "/api/v1/goals",
        {"cycle_id": cycle.pk, "title": "Pair on docs", "contributor_ids": [org.report2.pk, org.manager.pk]},
    )
    assert created.status_code == 201, created.content
    goal_id = created.json()["id"]
    expected = sorted([(org.report2.pk, org.report2.full_name), (org.manager.pk, org.manager.full_name)])
    assert sorted((c["id"], c["full_name"]) for c in created.json()["contributors"]) == expected
    detail = client.get(f"/api/v1/goals/{goal_id}").json()
    assert sorted(c["id"] for c in detail["contributors"]) == sorted([org.report2.pk, org.manager.pk])
    items = {g["id"]: g for g in client.get("/api/v1/goals", {"cycle": cycle.pk}).json()["items"]}
    assert sorted(c["id"] for c in items[goal_id]["contributors"]) == [c for c, _ in expected]
    assert items[mine.pk]["contributors"] == []

    patched = _patch(client, goal_id, {"contributor_ids": [org.subreport.pk]})
    assert patched.status_code == 200, patched.content
    assert [c["id"] for c in patched.json()["contributors"]] == [org.subreport.pk]
    assert patched.json()["title"] == "Pair on docs"  # fields not sent stay
    renamed = _patch(client, goal_id, {"title": "Pair on the docs"})
    assert renamed.json()["title"] == "Pair on the docs"
    assert [c["id"] for c in renamed.json()["contributors"]] == [org.subreport.pk]  # not sent: kept
    cleared = _patch(client, goal_id, {"contributor_ids": []})
    assert cleared.json()["contributors"] == []
    assert not Goal.objects.get(pk=goal_id).contributors.exists()


def test_contributor_ids_are_validated(org, setup):
    cycle, _top, mine, _private = setup
    client = client_for(org.report.user)
    # `gone` is inactive: not in the directory of anyone but HR.
    for ids in ([999999], [org.report2.pk, org.gone.pk], list(range(1, 30))):
        created = _json(
            client, "post", "/api/v1/goals", {"cycle_id": cycle.pk, "title": "X", "contributor_ids": ids}
        )
        assert created.status_code == 422 and "contributor_ids" in created.json()["errors"], ids
        patched = _patch(client, mine.pk, {"contributor_ids": ids})
        assert patched.status_code == 422 and "contributor_ids" in patched.json()["errors"], ids
    assert not Goal.objects.filter(title="X").exists() and mine.contributors.count() == 0
    assert "999999" in str(_patch(client, mine.pk, {"contributor_ids": [999999]}).json())
    as_hr = _patch(client_for(org.hr.user), mine.pk, {"contributor_ids": [org.gone.pk]})
    assert as_hr.status_code == 200 and as_hr.json()["contributors"][0]["id"] == org.gone.pk
    bad = _patch(client, mine.pk, {"contributor_ids": ["abc"]})
    assert bad.status_code == 422


def test_patch_answers_404_403_and_422_like_the_pages(org, setup):
    _cycle, _top, mine, private = setup
    report, other = client_for(org.report.user), client_for(org.other.user)
    assert _patch(other, private.pk, {"title": "Y"}).status_code == 404
    assert _patch(other, mine.pk, {"title": "Y"}).status_code == 403
    assert _patch(report, 999999, {"title": "Y"}).status_code == 404
    for body in ({"title": None}, {"title": ""}, {"weight": 0}, {"level": "galaxy"}, {"cycle_id": 999999}):
        answer = _patch(report, mine.pk, body)
        assert answer.status_code == 422, (body, answer.content)
    moved = _patch(report, mine.pk, {"parent_id": None, "due_date": "2026-06-30"})
    assert moved.status_code == 200 and moved.json()["parent_id"] is None
    assert moved.json()["due_date"] == "2026-06-30"
    assert (
        client_for(None).patch(f"/api/v1/goals/{mine.pk}", {}, content_type="application/json").status_code
        == 401
    )
    assert Goal.objects.get(pk=mine.pk).title == mine.title
