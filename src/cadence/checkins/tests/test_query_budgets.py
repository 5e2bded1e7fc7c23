"""Query budgets of the check-in pages, API reads and the due reminder: an exact count that does not
grow from 5 rows to 50, with the rows shown (see core.testing.assert_flat_queries)."""

import datetime
from functools import partial

import pytest
from django.urls import reverse

from cadence.checkins import services, tasks
from cadence.checkins.models import CheckIn
from cadence.core.testing import assert_flat_queries, budget, client_for
from cadence.people.testing import EmployeeFactory

from . import factories as f


@budget("checkins:checkins")
def test_checkins_home_page(org):
    client = client_for(org.report.user)

    def grow(n):
        start = CheckIn.objects.filter(author=org.report).count()
        for i in range(start, start + n):
            f.submitted_checkin(org.report, weeks_ago=i + 1)

    # session, user, employee, the history's count, whether they manage anyone, the unread badge, the
    # history's page, its priorities
    assert_flat_queries(lambda: client.get(reverse("checkins:checkins")), grow, queries=8)


@budget("GET /api/v1/check-ins/questions")
def test_checkin_questions_api(org):
    client = client_for(org.report.user)

    def grow(n):
        for i in range(n):
            services.checkin_question_create(actor=org.hr.user, text=f"Question number {i}?", order=i)

    # session, user, employee, the questions (a read: the defaults come with the database)
    assert_flat_queries(lambda: client.get("/api/v1/check-ins/questions"), grow, queries=4)


@budget("cadence.checkins.tasks.remind_checkins_due")
def test_checkin_due_reminders_are_set_based(org):
    friday = datetime.date(2026, 3, 6)

    def grow(n):
        for _ in range(n):
            EmployeeFactory(manager=org.ceo)

    # the cadences; then the people lacking a check-in (insert), the due check-ins, the existing
    # notifications, the insert, the new ids to email, marking them reminded
    assert_flat_queries(partial(tasks.remind_checkins_due, today=friday), grow, queries=8)


@budget("checkins:checkin_settings")
def test_checkin_settings_page(org):
    client = client_for(org.hr.user)

    def grow(n):
        for i in range(n):
            services.checkin_question_create(actor=org.hr.user, text=f"Question number {i} for the week")

    # session, user, the unread badge, the questions with their departments, the cadences, the
    # departments (twice: the question form's and the cadence form's choices)
    assert_flat_queries(lambda: client.get(reverse("checkins:checkin_settings")), grow, queries=7)


@pytest.mark.parametrize(
    ("route", "queries"),
    [
        # session, user, employee, the check-in with its author, its priorities, comments and
        # reactions, the goal updates recorded from it (of goals the reader sees), the badge
        pytest.param("checkins:checkin_detail", 9, marks=budget("checkins:checkin_detail")),
        pytest.param(  # the same without the badge
            "/api/v1/check-ins/{checkin}", 7, marks=budget("GET /api/v1/check-ins/{check_in_id}")
        ),
    ],
)
def test_checkin_details(org, route, queries):
    """One check-in: the author's other check-ins grow, unseen."""
    checkin = f.submitted_checkin(org.report).pk
    client = client_for(org.report.user)

    def grow(n):
        start = CheckIn.objects.filter(author=org.report).count()
        for i in range(start, start + n):
            f.submitted_checkin(org.report, weeks_ago=i + 2)

    url = route.format(checkin=checkin) if route.startswith("/") else reverse(route, args=[checkin])
    assert_flat_queries(lambda: client.get(url), grow, queries=queries, shows_rows=False)
