"""Query budgets of the goals pages, API reads and reminders: an exact count that does not grow
from 5 rows to 50, with the rows shown (see core.testing.assert_flat_queries)."""

import datetime
from functools import partial

import pytest
from django.urls import reverse

from cadence.competencies.tests.factories import make_framework
from cadence.core.testing import assert_flat_queries, budget, client_for
from cadence.goals import reminders, tasks
from cadence.goals.models import Goal, GoalCycle, KeyResult
from cadence.notifications.models import Notification
from cadence.people.testing import EmployeeFactory

from .factories import kr, make_cycle, make_goal


@pytest.fixture
def cycle(db):
    return make_cycle()


@pytest.fixture
def top(org, cycle):
    return make_goal(org.hr.user, cycle, title="Company goal", key_results=[kr(0, 10)])


def _grow_owned(org, cycle, owner, **fields):
    def grow(n):
        for i in range(n):
            make_goal(org.hr.user, cycle, owner=owner, title=f"Objective number {i} of {owner.pk}", **fields)

    return grow


def _grow_company(org, cycle, **fields):
    def grow(n):
        for i in range(n):
            make_goal(org.hr.user, cycle, title=f"Company objective number {i}", **fields)

    return grow


# (page, exact count). Every page starts with the session, the user and their employee record and
# ends with the unread badge; the list pages also read the current cycle and the cycle list (the
# filter). In between, each page's own reads as named.
@pytest.mark.parametrize(
    ("page", "queries"),
    [
        # the goals' count, the page's ids, those goals (owners joined), whether they manage anyone
        pytest.param("mine", 10, marks=budget("goals:mine")),
        pytest.param("company", 10, marks=budget("goals:company")),
        # whether they manage anyone, the reports' goals' count, page ids and page, the pending
        # approvals, the approval policy
        pytest.param("team", 12, marks=budget("goals:team")),
        # the roots' count (a page of 50) and the page with their child counts, their key results and
        # milestones, the departments (the filters; the team filter is a picker, so no list of every team)
        pytest.param("tree", 11, marks=budget("goals:tree")),
        # no cycle reads: the goal, its key results, their milestones, its contributors, its children
        # and their key results, its key-result check-ins, its progress history, its comments
        pytest.param("detail", 13, marks=budget("goals:detail")),
        # the tree's reads with the focused goal's nine of the detail page instead of the roots'
        pytest.param("focus", 16, marks=budget("goals:tree")),
    ],
)
def test_goal_pages(org, cycle, top, page, queries):
    client = client_for(org.manager.user)
    url, grow = {
        "mine": (reverse("goals:mine"), _grow_owned(org, cycle, org.manager)),
        "team": (reverse("goals:team"), _grow_owned(org, cycle, org.report2)),
        "company": (reverse("goals:company"), _grow_company(org, cycle)),
        "tree": (reverse("goals:tree"), _grow_company(org, cycle)),
        "detail": (reverse("goals:detail", args=[top.pk]), _grow_company(org, cycle, parent=top)),
        "focus": (reverse("goals:tree") + f"?focus={top.pk}", _grow_company(org, cycle, parent=top)),
    }[page]
    assert_flat_queries(lambda: client.get(url), grow, queries=queries)


@budget("goals:edit")
def test_goal_edit_page(org, cycle, top):
    make_framework(competencies=3)  # its own: a browser test before it may have flushed the starting one
    client = client_for(org.hr.user)
    goal = make_goal(org.hr.user, cycle, title="Edited", key_results=[kr(0, 5)])
    # session, user, the goal (with its parent's visibility and child count), its key results, their
    # milestones, its contributors, the actor's employee record and their department's place in the
    # tree (for the parent choices), the unread badge, the open cycles, the departments (the team is a
    # picker), and
    # the objectives it may align to (the parent choices, which grow), and the owner's framework for
    # the "develops competency" choices (their placement, the framework that applies, its published
    # version, its competencies with their themes)
    assert_flat_queries(
        lambda: client.get(reverse("goals:edit", args=[goal.pk])),
        _grow_company(org, cycle, parent=top),
        queries=16,
    )


@budget("GET /api/v1/goal-cycles")
def test_goal_cycles_api(org):
    client = client_for(org.report.user)

    def grow(n):
        start = GoalCycle.objects.count()
        for i in range(start, start + n):
            first = datetime.date(2000 + i, 1, 1)
            make_cycle(name=f"Cycle {i}", start_date=first, end_date=first + datetime.timedelta(days=300))

    # session, user, employee, the count, the page
    assert_flat_queries(lambda: client.get("/api/v1/goal-cycles?limit=200"), grow, queries=5)


@budget("GET /api/v1/goals/{goal_id}/key-results")
def test_key_results_api(org, cycle):
    client = client_for(org.report.user)
    goal = make_goal(org.report.user, cycle, owner=org.report)

    def grow(n):
        for i in range(n):
            KeyResult.objects.create(goal=goal, **kr(0, 10 + i))

    # session, user, employee, the goal (visibility checked), its key results, their milestones, the
    # goal's contributors
    assert_flat_queries(lambda: client.get(f"/api/v1/goals/{goal.pk}/key-results"), grow, queries=7)


# --- reminders ------------------------------------------------------------------------------------


@budget("cadence.goals.tasks.send_goal_reminders")
def test_drafting_reminders_are_set_based_and_in_each_recipients_language(org):
    drafting = make_cycle(
        name="2027", status=GoalCycle.Status.DRAFTING, start_date=datetime.date(2026, 3, 10)
    )
    german = EmployeeFactory(manager=org.ceo)
    german.user.language = "de"
    german.user.save()

    def grow(n):
        for _ in range(n):
            EmployeeFactory(manager=org.ceo)

    # the open cycles, the people without goals and not yet reminded, the existing notifications,
    # the insert, the new ids to email
    assert_flat_queries(partial(tasks.send_goal_reminders, today=datetime.date(2026, 3, 1)), grow, queries=5)
    title = Notification.objects.get(recipient=german.user, kind="goal_drafting").title
    english = Notification.objects.get(recipient=org.report.user, kind="goal_drafting").title
    assert english == f"Write your goals for {drafting.name}"
    assert title != english and drafting.name in title


@budget("cadence.goals.tasks.send_goal_reminders")
def test_checkin_and_due_reminders_are_set_based(org, cycle):
    def grow(n):
        for i in range(n):
            person = EmployeeFactory(manager=org.ceo)
            goal = make_goal(
                person.user, cycle, owner=person, title=f"Goal {i}", due_date=datetime.date(2026, 3, 5)
            )
            Goal.objects.filter(pk=goal.pk).update(created_at=goal.created_at - datetime.timedelta(days=30))

    # the open cycles; for each of check-in and due reminders: the goals, the existing notifications,
    # the insert, the new ids to email
    job = partial(tasks.send_goal_reminders, today=datetime.date(2026, 3, 1))
    assert_flat_queries(job, grow, queries=9)


@budget("goals:tree_children")
def test_tree_level_opened_with_htmx(org, cycle, top):
    client = client_for(org.manager.user)
    url = reverse("goals:tree_children", args=[top.pk])
    # session, user, employee, the goal (visibility checked) with its key results, their milestones
    # and its contributors, the unread badge (the shell's context runs for a partial too), the
    # children with their child counts, their key results
    assert_flat_queries(
        lambda: client.get(url, headers={"HX-Request": "true"}),
        _grow_company(org, cycle, parent=top),
        queries=10,
    )


@budget("cadence.goals.tasks.send_goal_reminders")
def test_reminders_do_not_grow_with_the_open_cycles(org):
    """Cycles of every cadence, each with a goal not checked in on: one query finds them all."""
    cadences = ["weekly", "biweekly", "monthly"]

    def grow(n):
        start = GoalCycle.objects.count()
        for i in range(start, start + n):
            cycle = make_cycle(name=f"Cycle {i}", checkin_cadence=cadences[i % 3])
            goal = make_goal(org.report.user, cycle, owner=org.report, title=f"Goal in cycle {i}")
            Goal.objects.filter(pk=goal.pk).update(created_at=goal.created_at - datetime.timedelta(days=60))

    # the open cycles; the goals not checked in on, the existing notifications, the insert, the new
    # ids to email; the goals coming due (none)
    job = partial(tasks.send_goal_reminders, today=datetime.date(2026, 3, 1))
    assert_flat_queries(job, grow, queries=6)


def test_reminders_reach_every_goal_a_batch_at_a_time(org, cycle):
    """More stale goals than a batch: all are reminded in one run, not the first batch each time."""
    for i in range(5):
        goal = make_goal(org.report.user, cycle, owner=org.report, title=f"Goal {i}")
        Goal.objects.filter(pk=goal.pk).update(created_at=goal.created_at - datetime.timedelta(days=30))
    assert reminders.reminders_send(today=datetime.date(2026, 3, 1), batch=2) == 5
    assert Notification.objects.filter(recipient=org.report.user, kind="goal_checkin").count() == 5
