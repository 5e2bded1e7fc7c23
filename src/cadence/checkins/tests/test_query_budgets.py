"""Query budgets of the check-in pages, API reads and the due reminder: an exact count that does not
grow from 5 rows to 50, with the rows shown (see core.testing.assert_flat_queries)."""

import datetime

import pytest
from django.urls import reverse

from cadence.checkins import services
from cadence.checkins.models import CheckIn
from cadence.core.testing import assert_flat_queries, client_for
from cadence.people.testing import EmployeeFactory

from . import factories as f


def test_check_ins_home_page(org):
    client = client_for(org.report.user)

    def grow(n):
        start = CheckIn.objects.filter(author=org.report).count()
        for i in range(start, start + n):
            f.submitted_check_in(org.report, weeks_ago=i + 1)

    # session, user, employee, the history's count and page, its questions' answers, whether they
    # manage anyone, the unread badge
    assert_flat_queries(lambda: client.get(reverse("checkins:checkins")), grow, queries=8)


def test_check_in_questions_api(org):
    client = client_for(org.report.user)

    def grow(n):
        for i in range(n):
            services.checkin_question_create(actor=org.hr.user, text=f"Question number {i}?", order=i)

    # session, user, employee, whether any question exists (defaults), the questions
    assert_flat_queries(lambda: client.get("/api/v1/check-ins/questions"), grow, queries=5)


def test_check_in_due_reminders_are_set_based(org):
    friday = datetime.date(2026, 3, 6)

    def grow(n):
        for _ in range(n):
            EmployeeFactory(manager=org.ceo)

    # the cadences; then the people lacking a check-in (insert), the due check-ins, the existing
    # notifications, the insert, the new ids to email, marking them reminded
    assert_flat_queries(lambda: services.checkin_remind_due(today=friday), grow, queries=8)


def test_check_in_settings_page(org):
    client = client_for(org.hr.user)

    def grow(n):
        for i in range(n):
            services.checkin_question_create(actor=org.hr.user, text=f"Question number {i} for the week")

    # session, user, whether any question exists (defaults), the unread badge, the questions with their
    # departments, the cadences, the departments
    # (twice: the question form's and the cadence form's choices)
    assert_flat_queries(lambda: client.get(reverse("checkins:checkin_settings")), grow, queries=8)


@pytest.mark.parametrize(
    ("route", "queries"),
    [
        # session, user, employee, the check-in with its author, answers, comments, reactions, the
        # manager check, the badge
        ("checkins:checkin_detail", 8),
        ("/api/v1/check-ins/{check_in}", 7),  # the same without the badge
    ],
)
def test_check_in_details(org, route, queries):
    """One check-in: the author's other check-ins grow, unseen."""
    check_in = f.submitted_check_in(org.report).pk
    client = client_for(org.report.user)

    def grow(n):
        start = CheckIn.objects.filter(author=org.report).count()
        for i in range(start, start + n):
            f.submitted_check_in(org.report, weeks_ago=i + 2)

    url = route.format(check_in=check_in) if route.startswith("/") else reverse(route, args=[check_in])
    assert_flat_queries(lambda: client.get(url), grow, queries=queries, shows_rows=False)
