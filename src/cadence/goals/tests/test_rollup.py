"""A roll-up people can trust (issue 9.4): each goal chooses where its progress comes from, goals
with key results count only them by default, the parent's owner can leave an aligned goal out (the
child's owner is told, nothing else of the child changes), and key results and check-ins are
validated in the result's sense."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cadence.core.errors import Conflict
from cadence.core.models import AuditEvent
from cadence.core.testing import client_for
from cadence.goals import permissions, selectors, services
from cadence.goals.models import Goal
from cadence.notifications.models import Notification

from .factories import kr, make_cycle, make_goal

pytestmark = pytest.mark.django_db
WITH_CHILDREN = Goal.Rollup.KEY_RESULTS_AND_CHILDREN


def _progress(goal: Goal) -> float:
    return Goal.objects.get(pk=goal.pk).progress


def _check_in(goal: Goal, value: int) -> None:
    services.key_result_update_create(
        actor=goal.created_by, goal=goal, key_result=goal.key_results.get(), value=value
    )


def test_a_goal_with_key_results_counts_only_them_by_default(org):
    """The issue's case: a team objective at 38% dropped when a new 0% goal was aligned under it."""
    cycle = make_cycle()
    team = make_goal(org.manager.user, cycle, owner=org.manager, key_results=[kr(0, 100)])
    _check_in(team, 38)
    assert team.rollup == Goal.Rollup.KEY_RESULTS
    top = make_goal(org.hr.user, cycle, title="Company")
    assert top.rollup == WITH_CHILDREN  # no key results: it rolls up what is aligned to it
    services.goal_update(
        actor=org.hr.user, goal=team, version=Goal.objects.get(pk=team.pk).version, parent=top
    )
    assert _progress(top) == pytest.approx(0.38)
    make_goal(org.report.user, cycle, owner=org.report, parent=team, title="New and at 0%")
    assert _progress(team) == pytest.approx(0.38)
    assert _progress(top) == pytest.approx(0.38)


def test_the_choice_with_children_and_by_hand(org):
    cycle = make_cycle()
    goal = make_goal(
        org.manager.user, cycle, owner=org.manager, key_results=[kr(0, 100)], rollup=WITH_CHILDREN
    )
    _check_in(goal, 40)
    make_goal(org.report.user, cycle, owner=org.report, parent=goal)
    assert _progress(goal) == pytest.approx(0.2)  # the key result and the 0% child, half each
    goal = Goal.objects.get(pk=goal.pk)
    services.goal_update(actor=org.manager.user, goal=goal, version=goal.version, rollup=Goal.Rollup.MANUAL)
    goal = Goal.objects.get(pk=goal.pk)
    services.key_result_update_create(actor=org.manager.user, goal=goal, progress=75)
    assert _progress(goal) == pytest.approx(0.75)
    _check_in(goal, 90)  # a key result's check-in is kept but does not set a hand-set progress
    assert _progress(goal) == pytest.approx(0.75)


def _parent_and_children(org):
    """Rita's objective (no key results: it rolls up) with Ravi's and Sam's aligned to it."""
    cycle = make_cycle()
    parent = make_goal(org.report.user, cycle, owner=org.report, title="Rita's")
    ravi = make_goal(org.report2.user, cycle, owner=org.report2, parent=parent, key_results=[kr(0, 10)])
    sam = make_goal(org.subreport.user, cycle, owner=org.subreport, parent=parent, title="Sam's")
    _check_in(ravi, 7)
    return Goal.objects.get(pk=parent.pk), Goal.objects.get(pk=ravi.pk), sam


def test_the_parents_owner_leaves_an_aligned_goal_out_and_its_owner_is_told(org):
    parent, ravi, sam = _parent_and_children(org)
    assert _progress(parent) == pytest.approx(0.35)
    assert not permissions.can_edit(org.report.user, ravi)  # Rita may not edit Ravi's goal...
    services.goal_update(
        actor=org.report.user, goal=parent, version=parent.version, excluded_child_ids=[sam.pk]
    )
    assert _progress(parent) == pytest.approx(0.7)  # ...and Sam's 0% no longer drags hers down
    services.goal_update(
        actor=org.report.user, goal=parent, version=parent.version, excluded_child_ids=[sam.pk, ravi.pk]
    )
    child = Goal.objects.get(pk=ravi.pk)
    assert child.rollup_excluded and child.version == ravi.version and child.title == ravi.title
    assert _progress(parent) == 0.0  # nothing counts: its hand-set progress
    told = Notification.objects.get(recipient=org.report2.user, kind="goal_rollup")
    assert "no longer counts" in told.title and "Rita's" in told.title
    event = AuditEvent.objects.get(action="goal.rollup_exclude", target_id=str(ravi.pk))
    assert event.actor == org.report.user and event.after == {"parent": parent.pk, "rollup_excluded": True}
    view = selectors.goal_page(actor=org.report.user, goal_id=parent.pk).rollup
    assert view is not None and {row.goal.pk: row.counts for row in view.children} == {
        ravi.pk: False,
        sam.pk: False,
    }


def test_only_the_parents_editors_exclude_and_from_the_version_they_saw(org):
    parent, ravi, sam = _parent_and_children(org)
    with pytest.raises(PermissionDenied):  # Ravi owns a child, not the parent
        services.goal_update(
            actor=org.report2.user, goal=parent, version=parent.version, excluded_child_ids=[ravi.pk]
        )
    seen = parent.version
    services.goal_update(actor=org.report.user, goal=parent, version=seen, excluded_child_ids=[sam.pk])
    with pytest.raises(Conflict):  # the page that showed the old version is stale
        services.goal_update(
            actor=org.manager.user, goal=Goal.objects.get(pk=parent.pk), version=seen, excluded_child_ids=[]
        )
    assert Goal.objects.get(pk=sam.pk).rollup_excluded
    other = make_goal(org.report.user, parent.cycle, owner=org.report, title="Not a child")
    with pytest.raises(ValidationError) as exc:
        services.goal_update(
            actor=org.report.user, goal=parent, version=seen + 1, excluded_child_ids=[other.pk]
        )
    assert "excluded_child_ids" in exc.value.message_dict


def test_moving_a_left_out_goal_to_another_parent_counts_it_there(org):
    parent, ravi, _sam = _parent_and_children(org)
    services.goal_update(
        actor=org.report.user, goal=parent, version=parent.version, excluded_child_ids=[ravi.pk]
    )
    elsewhere = make_goal(org.report2.user, parent.cycle, owner=org.report2, title="Ravi's own")
    ravi = Goal.objects.get(pk=ravi.pk)
    services.goal_update(actor=org.report2.user, goal=ravi, version=ravi.version, parent=elsewhere)
    assert not Goal.objects.get(pk=ravi.pk).rollup_excluded
    assert _progress(elsewhere) == pytest.approx(0.7)


def test_the_page_shows_what_counts_and_the_button_excludes(org):
    parent, ravi, sam = _parent_and_children(org)
    client = client_for(org.report.user)
    page = client.get(reverse("goals:detail", args=[parent.pk])).content.decode()
    assert "How progress is counted" in page and "50% of the progress" in page
    assert "Leave out of the progress" in page
    data = {"child": sam.pk, "exclude": "1", "version": parent.version}
    assert client.post(reverse("goals:rollup_exclude", args=[parent.pk]), data).status_code == 302
    assert Goal.objects.get(pk=sam.pk).rollup_excluded and _progress(parent) == pytest.approx(0.7)
    page = client.get(reverse("goals:detail", args=[parent.pk])).content.decode()
    assert "100% of the progress" in page and "Count it again" in page
    # Ravi sees the parent but may not change its roll-up: no buttons, and the route answers 404.
    ravi_client = client_for(org.report2.user)
    assert (
        "Leave out of the progress"
        not in ravi_client.get(reverse("goals:detail", args=[parent.pk])).content.decode()
    )
    data = {"child": ravi.pk, "exclude": "1", "version": parent.version + 1}
    assert ravi_client.post(reverse("goals:rollup_exclude", args=[parent.pk]), data).status_code == 404


def test_the_api_sets_the_choice_and_the_exclusions_with_the_version(org):
    parent, ravi, sam = _parent_and_children(org)
    client = client_for(org.report.user)
    url = f"/api/v1/goals/{parent.pk}"
    body = {"version": parent.version, "excluded_child_ids": [sam.pk], "rollup": "with_children"}
    done = client.patch(url, body, content_type="application/json")
    assert done.status_code == 200 and done.json()["progress"] == pytest.approx(0.7)
    stale = client.patch(url, body | {"excluded_child_ids": []}, content_type="application/json")
    assert stale.status_code == 409 and stale.json()["current"]["excluded_child_ids"] == [sam.pk]
    children = client.get("/api/v1/goals", {"parent": parent.pk}).json()["items"]
    assert {c["id"]: c["rollup_excluded"] for c in children} == {ravi.pk: False, sam.pk: True}
    bad = client.patch(
        url, {"version": parent.version + 1, "excluded_child_ids": [999999]}, content_type="application/json"
    )
    assert bad.status_code == 422 and "excluded_child_ids" in bad.json()["errors"]


def test_key_results_are_validated_in_their_sense(org):
    cycle = make_cycle()
    with pytest.raises(ValidationError) as exc:
        make_goal(
            org.report.user,
            cycle,
            owner=org.report,
            key_results=[
                {"title": "Ship", "kind": "milestones", "milestones": []},
                {"title": "Revenue", "kind": "currency", "baseline": Decimal(0), "target": Decimal(10)},
            ],
        )
    errors = exc.value.message_dict
    assert "key_results.0.milestones" in errors and "key_results.1.currency" in errors
    assert not Goal.objects.exists()
    goal = make_goal(
        org.report.user,
        cycle,
        owner=org.report,
        key_results=[
            kr(0, 10),
            kr(-5, 5),
            {"title": "Share", "kind": "percentage", "baseline": Decimal(10), "target": Decimal(50)},
            {"title": "Revenue", "kind": "currency", "baseline": 0, "target": 9, "currency": "eur"},
        ],
    )
    count, below_zero, share, money = goal.key_results.all()
    assert money.currency == "EUR"
    for key_result, value in ((count, -1), (share, 101), (money, -3)):
        with pytest.raises(ValidationError) as exc:
            services.key_result_update_create(
                actor=org.report.user, goal=goal, key_result=key_result, value=value
            )
        assert "value" in exc.value.message_dict
    services.key_result_update_create(actor=org.report.user, goal=goal, key_result=below_zero, value=-2)
    assert goal.key_results.get(pk=below_zero.pk).current == Decimal(-2)


def test_the_api_answers_422_with_key_result_fields(org):
    cycle = make_cycle()
    body = {
        "cycle_id": cycle.pk,
        "title": "Ship it",
        "key_results": [
            {"title": "Steps", "kind": "milestones"},
            {"title": "Money", "kind": "currency", "baseline": 0, "target": 5},
        ],
    }
    answer = client_for(org.report.user).post("/api/v1/goals", body, content_type="application/json")
    assert answer.status_code == 422
    assert {"key_results.0.milestones", "key_results.1.currency"} <= answer.json()["errors"].keys()


def test_the_migration_measures_goals_with_key_results_by_them(org):
    """Migration 0006: a goal with key results and aligned goals rolled both up; it is recomputed from
    its key results, and its ancestors follow."""
    migration = importlib.import_module("cadence.goals.migrations.0006_rollup_and_planned_cycles")
    cycle = make_cycle()
    top = make_goal(org.hr.user, cycle, title="Company")
    team = make_goal(
        org.manager.user, cycle, owner=org.manager, parent=top, key_results=[kr(0, 100)], rollup=WITH_CHILDREN
    )
    _check_in(team, 60)
    make_goal(org.report.user, cycle, owner=org.report, parent=team)
    assert _progress(team) == pytest.approx(0.3) and _progress(top) == pytest.approx(0.3)
    migration.forwards(apps, None)
    assert Goal.objects.get(pk=team.pk).rollup == Goal.Rollup.KEY_RESULTS
    assert Goal.objects.get(pk=top.pk).rollup == WITH_CHILDREN
    assert _progress(team) == pytest.approx(0.6) and _progress(top) == pytest.approx(0.6)


def test_leaving_a_goal_out_does_not_send_the_parent_back_for_approval(org):
    parent, _ravi, sam = _parent_and_children(org)
    services.approval_policy_set(actor=org.manager.user, require_approval=True)
    services.goal_update(
        actor=org.report.user, goal=parent, version=parent.version, excluded_child_ids=[sam.pk]
    )
    assert Goal.objects.get(pk=parent.pk).approval == Goal.Approval.APPROVED
    services.goal_update(
        actor=org.report.user, goal=parent, version=parent.version, title="Onboarding in a day"
    )
    assert Goal.objects.get(pk=parent.pk).approval == Goal.Approval.PENDING  # an edit still is
