import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cadence.core.models import AuditEvent
from cadence.goals import cycles, reminders, services, smart
from cadence.goals.models import Goal, GoalCycle, KeyResult, KeyResultUpdate, ProgressPoint
from cadence.goals.progress import measured_progress, weighted_progress
from cadence.notifications.models import Notification

from .factories import END, kr, make_cycle, make_goal

pytestmark = pytest.mark.django_db

decimals = st.decimals(min_value=-10_000, max_value=10_000, places=2, allow_nan=False, allow_infinity=False)


@given(baseline=decimals, target=decimals, current=decimals)
def test_measured_progress_is_clamped_and_mirrors_for_decrease(baseline, target, current):
    if baseline == target:
        return
    up = measured_progress(baseline, target, current, decrease=False)
    down = measured_progress(-baseline, -target, -current, decrease=True)
    assert 0.0 <= up <= 1.0
    assert up == pytest.approx(down)
    assert measured_progress(baseline, target, target, decrease=target < baseline) == 1.0
    assert measured_progress(baseline, target, baseline, decrease=target < baseline) == 0.0


@given(st.lists(st.tuples(st.integers(1, 10), st.floats(0, 1)), min_size=1, max_size=12))
def test_weighted_progress_is_a_mean_within_bounds(items):
    result = weighted_progress(items)
    assert min(p for _, p in items) - 1e-9 <= result <= max(p for _, p in items) + 1e-9
    equal = weighted_progress([(1, p) for _, p in items])
    assert equal == pytest.approx(sum(p for _, p in items) / len(items))


def test_equal_weights_one_key_result_and_four_children_count_20_percent_each(org):
    hr = org.hr.user
    cycle = make_cycle()
    top = make_goal(hr, cycle, key_results=[kr(0, 100)], rollup=Goal.Rollup.KEY_RESULTS_AND_CHILDREN)
    children = [make_goal(hr, cycle, parent=top, title=f"Child {i}") for i in range(4)]
    services.key_result_update_create(actor=hr, goal=children[0], progress=100)
    top.refresh_from_db()
    assert top.progress == pytest.approx(0.2)
    services.key_result_update_create(actor=hr, goal=top, key_result=top.key_results.get(), value=50)
    top.refresh_from_db()
    assert top.progress == pytest.approx(0.3)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    depth=st.integers(1, 4),
    values=st.lists(st.integers(0, 100), min_size=4, max_size=4),
    weights=st.lists(st.integers(1, 5), min_size=4, max_size=4),
)
def test_roll_up_matches_the_formula_at_every_depth(org, depth, values, weights):
    """A chain of objectives, each with one decreasing key result and one weighted child: every level
    equals the weighted mean of its key result and its child, after a check-in at the bottom."""
    hr = org.hr.user
    cycle = make_cycle()
    chain: list[Goal] = []
    for level in range(depth + 1):
        parent = chain[-1] if chain else None
        goal = make_goal(
            hr,
            cycle,
            parent=parent,
            weight=Decimal(weights[level % 4]),
            title=f"L{level}",
            key_results=[kr(100, 0, weight=Decimal(weights[(level + 1) % 4]))],
            rollup=Goal.Rollup.KEY_RESULTS_AND_CHILDREN,
        )
        chain.append(goal)
    for i, goal in enumerate(chain):
        services.key_result_update_create(
            actor=hr, goal=goal, key_result=goal.key_results.get(), value=values[i % 4]
        )
    expected = None
    for level in reversed(range(depth + 1)):
        goal = Goal.objects.get(pk=chain[level].pk)
        k = goal.key_results.get()
        kr_progress = (100 - values[level % 4]) / 100
        items = [(float(k.weight), kr_progress)]
        if expected is not None:
            items.append((float(chain[level + 1].weight), expected))
        expected = weighted_progress(items)
        assert goal.progress == pytest.approx(expected)


def test_archived_children_are_left_out_and_restoring_counts_again(org):
    hr = org.hr.user
    cycle = make_cycle()
    top = make_goal(hr, cycle)
    done = make_goal(hr, cycle, parent=top, title="Done")
    make_goal(hr, cycle, parent=top, title="Not started")
    services.key_result_update_create(actor=hr, goal=done, progress=100)
    top.refresh_from_db()
    assert top.progress == pytest.approx(0.5)
    services.goal_set_state(actor=hr, goal=done, state=Goal.State.ARCHIVED)
    top.refresh_from_db()
    assert top.progress == 0
    services.goal_set_state(actor=hr, goal=done, state=Goal.State.ACTIVE)
    top.refresh_from_db()
    assert top.progress == pytest.approx(0.5)


def test_moving_a_goal_updates_old_and_new_ancestors_and_paths(org):
    hr = org.hr.user
    cycle = make_cycle()
    old_root, new_root = make_goal(hr, cycle, title="Old"), make_goal(hr, cycle, title="New")
    old_mid, new_mid = make_goal(hr, cycle, parent=old_root), make_goal(hr, cycle, parent=new_root)
    mover = make_goal(hr, cycle, parent=old_mid, title="Mover")
    leaf = make_goal(hr, cycle, parent=mover, title="Leaf")
    services.key_result_update_create(actor=hr, goal=leaf, progress=80)
    assert Goal.objects.get(pk=old_root.pk).progress == pytest.approx(0.8)
    services.goal_update(
        actor=hr,
        goal=Goal.objects.get(pk=mover.pk),
        version=Goal.objects.get(pk=mover.pk).version,
        parent=new_mid,
    )
    assert Goal.objects.get(pk=old_root.pk).progress == 0
    assert Goal.objects.get(pk=old_mid.pk).progress == 0
    assert Goal.objects.get(pk=new_root.pk).progress == pytest.approx(0.8)
    assert Goal.objects.get(pk=leaf.pk).path.startswith(Goal.objects.get(pk=new_mid.pk).path)
    assert ProgressPoint.objects.filter(goal=old_root).count() == 2


def test_a_goal_cannot_align_below_itself(org):
    hr = org.hr.user
    cycle = make_cycle()
    top = make_goal(hr, cycle)
    child = make_goal(hr, cycle, parent=top)
    with pytest.raises(ValidationError) as exc:
        services.goal_update(
            actor=hr,
            goal=Goal.objects.get(pk=top.pk),
            version=Goal.objects.get(pk=top.pk).version,
            parent=child,
        )
    assert "parent" in exc.value.message_dict


def test_child_dates_must_fall_within_the_parent(org):
    hr = org.hr.user
    cycle = make_cycle()
    top = make_goal(hr, cycle, due_date=datetime.date(2026, 6, 30))
    with pytest.raises(ValidationError) as exc:
        make_goal(hr, cycle, parent=top, due_date=END)
    assert "due_date" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        make_goal(hr, cycle, due_date=datetime.date(2027, 1, 5))
    assert "due_date" in exc.value.message_dict


def test_key_result_kinds_and_validation(org):
    me = org.report.user
    cycle = make_cycle()
    goal = make_goal(
        me,
        cycle,
        owner=org.report,
        key_results=[
            kr(10, 0),
            {"title": "Ship", "kind": "binary"},
            {"title": "Plan", "kind": "milestones", "milestones": ["A", "B", "C", "D"]},
        ],
    )
    dec, binary, plan = goal.key_results.all()
    services.key_result_update_create(
        actor=me, goal=goal, key_result=dec, value=5, confidence="at_risk", comment="Halfway"
    )
    services.key_result_update_create(actor=me, goal=goal, key_result=binary, done=True)
    services.key_result_update_create(
        actor=me, goal=goal, key_result=plan, milestones_done=[m.pk for m in plan.milestones.all()][:1]
    )
    goal.refresh_from_db()
    assert goal.progress == pytest.approx((0.5 + 1 + 0.25) / 3)
    assert goal.status == Goal.Status.ON_TRACK and goal.last_checkin_at is not None
    assert KeyResultUpdate.objects.filter(goal=goal).count() == 3
    with pytest.raises(ValidationError) as exc:
        services.goal_update(
            actor=me, goal=goal, version=goal.version, key_results=[kr(0, 10, direction="decrease")]
        )
    assert "key_results.0.direction" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.key_result_update_create(actor=me, goal=goal, key_result=dec, value="lots")


def test_permissions_on_writes(org):
    cycle = make_cycle()
    goal = make_goal(org.report.user, cycle, owner=org.report)
    with pytest.raises(PermissionDenied):
        make_goal(org.report2.user, cycle, owner=org.report)
    with pytest.raises(PermissionDenied):
        services.key_result_update_create(actor=org.other.user, goal=goal, progress=10)
    with pytest.raises(PermissionDenied):
        make_goal(org.report.user, cycle, level=Goal.Level.COMPANY)
    # Co-creation: the manager edits the report's goal.
    services.goal_update(
        actor=org.manager.user, goal=goal, version=goal.version, title="Reduce bugs from 20 to 5"
    )
    with pytest.raises(PermissionDenied):
        cycles.cycle_create(actor=org.manager.user, name="X", start_date=END, end_date=END)


def test_approval_when_the_manager_requires_it(org):
    cycle = make_cycle()
    services.approval_policy_set(actor=org.manager.user, require_approval=True)
    top = make_goal(org.hr.user, cycle)
    goal = make_goal(org.report.user, cycle, owner=org.report, parent=top)
    assert goal.approval == Goal.Approval.PENDING
    services.key_result_update_create(actor=org.report.user, goal=goal, progress=100)
    assert Goal.objects.get(pk=top.pk).progress == 0  # pending goals do not count yet
    todo = Notification.objects.get(recipient=org.manager.user, kind="goal_approval")
    assert todo.requires_action and todo.resolved_at is None
    with pytest.raises(PermissionDenied):
        services.goal_approve(actor=org.report.user, goal=goal)
    services.goal_approve(actor=org.manager.user, goal=goal)
    assert Goal.objects.get(pk=top.pk).progress == 1
    todo.refresh_from_db()
    assert todo.resolved_at is not None
    # Auto-approve when the manager creates it.
    assert make_goal(org.manager.user, cycle, owner=org.report).approval == Goal.Approval.APPROVED


def test_cycle_close_scores_and_carries_over_with_history(org):
    hr = org.hr.user
    cycle = make_cycle()
    nxt = make_cycle(name="2027", start_date=datetime.date(2027, 1, 1), end_date=datetime.date(2027, 12, 31))
    goal = make_goal(hr, cycle, owner=org.report, key_results=[kr(0, 10)])
    services.key_result_update_create(actor=hr, goal=goal, key_result=goal.key_results.get(), value=4)
    copies = cycles.cycle_close(actor=hr, cycle=cycle, carry_over=[goal.pk], into=nxt)
    goal.refresh_from_db()
    assert goal.final_score == pytest.approx(0.4)
    assert GoalCycle.objects.get(pk=cycle.pk).status == GoalCycle.Status.CLOSED
    (copy,) = copies
    assert copy.cycle == nxt and copy.carried_from == goal and copy.progress == pytest.approx(0.4)
    assert copy.updates.count() == 1 and KeyResult.objects.filter(goal=copy).count() == 1
    with pytest.raises(ValidationError):
        cycles.cycle_close(actor=hr, cycle=Goal.objects.get(pk=goal.pk).cycle)


def test_cycle_close_carries_every_unfinished_goal_when_asked(org):
    hr = org.hr.user
    cycle = make_cycle()
    nxt = make_cycle(name="2027", start_date=datetime.date(2027, 1, 1), end_date=datetime.date(2027, 12, 31))
    unfinished = make_goal(hr, cycle, owner=org.report, key_results=[kr(0, 10)])
    done = make_goal(hr, cycle, owner=org.other, key_results=[kr(0, 10)])
    services.key_result_update_create(actor=hr, goal=done, key_result=done.key_results.get(), value=10)
    copies = cycles.cycle_close(actor=hr, cycle=cycle, carry_unfinished=True, into=nxt)
    assert [c.carried_from_id for c in copies] == [unfinished.pk]


def test_reminders_are_sent_once_per_period(org):
    cycle = make_cycle()
    goal = make_goal(org.report.user, cycle, owner=org.report, due_date=datetime.date(2026, 3, 5))
    Goal.objects.filter(pk=goal.pk).update(created_at=goal.created_at - datetime.timedelta(days=30))
    first = reminders.reminders_send(today=datetime.date(2026, 3, 1))
    again = reminders.reminders_send(today=datetime.date(2026, 3, 1))
    assert (first, again) == (2, 0)  # a check-in reminder and a due-date reminder, once
    assert Notification.objects.filter(recipient=org.report.user).count() == 2
    drafting = make_cycle(
        name="Next", status=GoalCycle.Status.DRAFTING, start_date=datetime.date(2026, 3, 10)
    )
    assert reminders._drafting_reminders(drafting) > 0


def test_smart_check_points_out_what_is_missing():
    codes = {a.code for a in smart.analyse(title="Improve onboarding", key_results=[], objectives_in_cycle=6)}
    assert codes == {"no_key_result", "no_due_date", "vague", "too_many_objectives"}
    good = smart.analyse(title="Cut onboarding time from 10 to 5 days", due_date=END, key_results=[kr(10, 5)])
    assert good == []
    many = smart.analyse(title="X", due_date=END, key_results=[{"title": "t", "kind": "number"}] * 6)
    assert {"no_baseline_or_target", "too_many_key_results"} <= {a.code for a in many}
    assert smart.suggest_key_results("Grow revenue in the mid-market")[0].kind == "currency"


def test_goal_edits_are_audited_with_before_and_after(org):
    goal = make_goal(org.report.user, make_cycle(), owner=org.report, title="Reduce bugs")
    services.goal_update(
        actor=org.manager.user, goal=goal, version=goal.version, title="Reduce bugs from 20 to 5"
    )
    event = AuditEvent.objects.get(action="goal.update", target_id=str(goal.pk))
    assert event.actor == org.manager.user
    assert (event.before["title"], event.after["title"]) == ("Reduce bugs", "Reduce bugs from 20 to 5")


def test_the_owner_hears_that_their_goal_was_approved(org):
    services.approval_policy_set(actor=org.manager.user, require_approval=True)
    goal = make_goal(org.report.user, make_cycle(), owner=org.report)
    services.goal_approve(actor=org.manager.user, goal=goal)
    assert Notification.objects.filter(recipient=org.report.user, kind="goal_approved").count() == 1


def test_no_checkin_reminder_for_a_goal_checked_in_this_period(org):
    cycle = make_cycle()
    stale = make_goal(org.report.user, cycle, owner=org.report, title="Stale", due_date=None)
    fresh = make_goal(org.report.user, cycle, owner=org.report, title="Fresh", due_date=None)
    Goal.objects.filter(pk__in=[stale.pk, fresh.pk]).update(
        created_at=stale.created_at - datetime.timedelta(days=30)
    )
    services.key_result_update_create(actor=org.report.user, goal=fresh, progress=10)
    assert reminders.reminders_send(today=datetime.date(2026, 3, 1)) == 1
    assert Notification.objects.get(kind="goal_checkin").url.endswith(f"/{stale.pk}/")


def test_a_goal_moves_only_under_an_active_objective_the_actor_can_see(org):
    cycle = make_cycle()
    goal = make_goal(org.report.user, cycle, owner=org.report)
    archived = make_goal(org.hr.user, cycle, title="Old plan")
    services.goal_set_state(actor=org.hr.user, goal=archived, state=Goal.State.ARCHIVED)
    hidden = make_goal(org.other.user, cycle, owner=org.other, visibility=Goal.Visibility.PRIVATE)
    for parent in (archived, hidden):
        with pytest.raises(ValidationError) as exc:
            services.goal_update(actor=org.report.user, goal=goal, version=goal.version, parent=parent)
        assert "parent" in exc.value.message_dict
    assert Goal.objects.get(pk=goal.pk).parent_id is None
