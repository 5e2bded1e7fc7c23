"""Query budgets of the weekly check-in pages that had none: this week's check-in (a redirect) and
its form. An exact count that does not grow from 5 rows to 50 (see core.testing.assert_flat_queries)."""

import pytest
from django.urls import reverse

from cadence.checkins import services
from cadence.checkins.models import CheckIn, CheckInPriority
from cadence.core.testing import assert_flat_queries, budget, client_for
from cadence.goals.tests.factories import make_cycle, make_goal
from cadence.people.testing import EmployeeFactory

from . import factories as f

pytestmark = pytest.mark.django_db


def _grow_history(org):
    """More past check-ins of the author, and this week's of other people."""

    def grow(n):
        start = CheckIn.objects.filter(author=org.report).count()
        for i in range(start, start + n):
            f.submitted_checkin(org.report, weeks_ago=i + 1)
        for _ in range(n):
            services.checkin_open_current(actor=EmployeeFactory(manager=org.manager).user)

    return grow


@budget("checkins:checkin_current")
def test_current_checkin_created_when_missing(org):
    client = client_for(org.report.user)
    history = _grow_history(org)

    def grow(n):
        history(n)
        CheckIn.objects.filter(author=org.report, status=CheckIn.Status.DUE).delete()

    # session, user, employee; in a savepoint (get_or_create): their cadence (their department's or
    # everyone's), this week's check-in looked for, then created in a savepoint of its own
    assert_flat_queries(
        lambda: client.get(reverse("checkins:checkin_current")),
        grow,
        queries=10,
        shows_rows=False,
        status=302,
    )


@budget("checkins:checkin_current")
def test_current_checkin_found(org):
    client = client_for(org.report.user)
    client.get(reverse("checkins:checkin_current"))  # this week's check-in exists from now on
    # session, user, employee; in a savepoint: their cadence, this week's check-in (found)
    assert_flat_queries(
        lambda: client.get(reverse("checkins:checkin_current")),
        _grow_history(org),
        queries=7,
        shows_rows=False,
        status=302,
    )


@budget("checkins:checkin_edit")
def test_checkin_form(org):
    """The form shows a field per question and per open priority of the last check-in; both grow."""
    client = client_for(org.report.user)
    client.get(reverse("checkins:checkin_current"))
    checkin = CheckIn.objects.get(author=org.report, status=CheckIn.Status.DUE)
    last_week = f.submitted_checkin(org.report)
    cycle = make_cycle()
    for i in range(12):  # more than the form's ten goals
        make_goal(org.report.user, cycle, owner=org.report, title=f"Goal {i}")

    def grow(n):
        for i in range(n):
            services.checkin_question_create(actor=org.hr.user, text=f"Question number {i} of the week?")
        start = last_week.priorities.count()
        CheckInPriority.objects.bulk_create(
            CheckInPriority(checkin=last_week, text=f"Priority number {start + i}", order=start + i)
            for i in range(n)
        )

    # session, user, employee, the check-in with its author and their department, its priorities,
    # comments and reactions, the author's questions, their last submitted check-in and its open
    # priorities, ten of their goals, the unread badge
    assert_flat_queries(
        lambda: client.get(reverse("checkins:checkin_edit", args=[checkin.pk])), grow, queries=12
    )
