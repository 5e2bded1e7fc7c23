"""Query budgets of the feedback and check-in pages, API reads and reminders: an exact count that
does not grow from 5 rows to 50, with the rows shown (see core.testing.assert_flat_queries)."""

import datetime
from functools import partial

import pytest
from django.urls import reverse
from django.utils import timezone

from cadence.core.testing import assert_flat_queries, budget, client_for
from cadence.feedback import check_ins, services, tasks
from cadence.feedback.models import CheckIn, CompanyValue, FeedbackRequest
from cadence.goals.tests.factories import make_cycle, make_goal
from cadence.people.testing import EmployeeFactory, make_reports

from . import factories as f


@budget("feedback:checkins")
def test_check_ins_home_page(org):
    client = client_for(org.report.user)

    def grow(n):
        start = CheckIn.objects.filter(author=org.report).count()
        for i in range(start, start + n):
            f.submitted_check_in(org.report, weeks_ago=i + 1)

    # session, user, employee, the history's count, whether they manage anyone, the unread badge, the
    # history's page, its priorities
    assert_flat_queries(lambda: client.get(reverse("feedback:checkins")), grow, queries=8)


@budget("feedback:praise_detail", "GET /api/v1/praise/{praise_id}")
def test_praise_detail_page_and_api(org):
    praise = f.praise(org.report, org.report2)
    client = client_for(org.manager.user)

    def grow(n):
        for i in range(n):
            services.praise_comment(actor=org.other.user, praise=praise, body=f"Well deserved, comment {i}")

    # session, user, employee, the praise with its author, its recipients, values, reactions and
    # comments, the unread badge (the API: the same without the badge)
    assert_flat_queries(
        lambda: client.get(reverse("feedback:praise_detail", args=[praise.pk])), grow, queries=9
    )
    # The API answers the comment count only (comments have no API list), so nothing it lists grows.
    assert_flat_queries(lambda: client.get(f"/api/v1/praise/{praise.pk}"), grow, queries=8, shows_rows=False)


@budget("GET /api/v1/praise/values")
def test_praise_values_api(org):
    client = client_for(org.report.user)

    def grow(n):
        start = CompanyValue.objects.count()
        for i in range(start, start + n):
            f.value(f"Company value {i}")

    # session, user, the active values
    assert_flat_queries(lambda: client.get("/api/v1/praise/values"), grow, queries=3)


@budget("GET /api/v1/check-ins/questions")
def test_check_in_questions_api(org):
    client = client_for(org.report.user)

    def grow(n):
        for i in range(n):
            check_ins.checkin_question_create(actor=org.hr.user, text=f"Question number {i}?", order=i)

    # session, user, employee, whether any question exists (defaults), the questions
    assert_flat_queries(lambda: client.get("/api/v1/check-ins/questions"), grow, queries=5)


# --- reminders ------------------------------------------------------------------------------------


@budget("cadence.feedback.tasks.remind_feedback_requests")
def test_request_reminders_are_set_based(org):
    friday = timezone.make_aware(datetime.datetime(2026, 3, 6, 10))

    def grow(n):
        for _ in range(n):
            person = EmployeeFactory(manager=org.ceo)
            (request,) = services.feedback_request_create(
                actor=person.user, subject=person, respondents=[EmployeeFactory(manager=org.ceo)]
            )
            FeedbackRequest.objects.filter(pk=request.pk).update(created_at=friday)

    # its savepoint and release, the due requests (locked, with respondents), marking them
    # reminded, the existing notifications, the insert, the new ids to email
    job = partial(tasks.remind_feedback_requests, now=friday + datetime.timedelta(days=5))
    assert_flat_queries(job, grow, queries=7)


@budget("cadence.feedback.tasks.remind_check_ins_due")
def test_check_in_due_reminders_are_set_based(org):
    friday = datetime.date(2026, 3, 6)

    def grow(n):
        for _ in range(n):
            EmployeeFactory(manager=org.ceo)

    # the cadences; then the people lacking a check-in (insert), the due check-ins, the existing
    # notifications, the insert, the new ids to email, marking them reminded
    assert_flat_queries(partial(tasks.remind_check_ins_due, today=friday), grow, queries=8)


@pytest.mark.parametrize(
    ("route", "shows", "queries"),
    [
        # session, user, employee, the feedback with both people, the protection setting, the badge
        pytest.param("feedback:feedback_detail", "feedback", 6, marks=budget("feedback:feedback_detail")),
        pytest.param(  # the same without the badge
            "/api/v1/feedback/{feedback}", "feedback", 5, marks=budget("GET /api/v1/feedback/{feedback_id}")
        ),
        # session, user, employee, the check-in with its author, its priorities, comments and
        # reactions, the badge
        pytest.param("feedback:checkin_detail", "check_in", 8, marks=budget("feedback:checkin_detail")),
        pytest.param(  # the same without the badge
            "/api/v1/check-ins/{check_in}", "check_in", 7, marks=budget("GET /api/v1/check-ins/{check_in_id}")
        ),
    ],
)
def test_feedback_and_check_in_details(org, route, shows, queries):
    """One feedback or one check-in each: the author's other feedback and check-ins grow, unseen."""
    ids = {
        "feedback": f.feedback(org.report2, org.report).pk,
        "check_in": f.submitted_check_in(org.report).pk,
    }
    client = client_for(org.report.user)

    def grow(n):
        start = CheckIn.objects.filter(author=org.report).count()
        for i in range(start, start + n):
            f.feedback(org.report2, org.report, body=f"More feedback, number {i}.")
            f.submitted_check_in(org.report, weeks_ago=i + 2)

    url = route.format(**ids) if route.startswith("/") else reverse(route, args=[ids[shows]])
    assert_flat_queries(lambda: client.get(url), grow, queries=queries, shows_rows=False)


@budget("feedback:request_detail", "GET /api/v1/feedback-requests/{request_id}")
def test_feedback_request_detail_page_and_api(org):
    (ask,) = services.feedback_request_create(
        actor=org.report.user, subject=org.report, respondents=[org.report2]
    )
    client = client_for(org.report2.user)

    def grow(n):  # more open requests to the same respondent; the page shows one request
        for _ in range(n):
            services.feedback_request_create(
                actor=org.manager.user, subject=org.report, respondents=[org.report2]
            )

    page = reverse("feedback:request_detail", args=[ask.pk])
    client.get(page)  # the first read creates the feedback settings row (a selector that writes: #7 point 4)
    # session, user, employee, the request with its people, the feedback settings, the unread badge
    assert_flat_queries(lambda: client.get(page), grow, queries=6, shows_rows=False)
    # session, user, employee, the request with its people
    api = f"/api/v1/feedback-requests/{ask.pk}"
    assert_flat_queries(lambda: client.get(api), grow, queries=4, shows_rows=False)


@budget("feedback:settings")
def test_feedback_settings_page(org):
    client = client_for(org.hr.user)

    def grow(n):
        start = CompanyValue.objects.count()
        for i in range(start, start + n):
            f.value(f"Company value {i}")

    client.get(reverse("feedback:settings"))  # the first read creates the settings row (#7 point 4)
    # session, user, the settings, the unread badge, the values
    assert_flat_queries(lambda: client.get(reverse("feedback:settings")), grow, queries=5)


@budget("feedback:checkin_settings")
def test_check_in_settings_page(org):
    client = client_for(org.hr.user)

    def grow(n):
        for i in range(n):
            check_ins.checkin_question_create(actor=org.hr.user, text=f"Question number {i} for the week")

    # session, user, whether any question exists (else the defaults are written), the unread badge, the
    # questions, the departments (the question form's choices), the cadences, the departments again
    # (the cadence form's choices)
    assert_flat_queries(lambda: client.get(reverse("feedback:checkin_settings")), grow, queries=8)


# --- the forms ------------------------------------------------------------------------------------


@budget("feedback:praise_new")
def test_new_praise_form_lists_the_values(org):
    client = client_for(org.report.user)

    def grow(n):
        start = CompanyValue.objects.count()
        for i in range(start, start + n):
            f.value(f"Company value {i}")

    url = reverse("feedback:praise_new") + f"?to={org.report2.pk}"
    # session, user, employee, the recipient named in ?to=, whether any value is active, the unread
    # badge, the active values (the choices, which grow)
    assert_flat_queries(lambda: client.get(url), grow, queries=7)


@budget("feedback:give")
def test_give_feedback_form_lists_the_recipients_goals(org):
    cycle = make_cycle()
    client = client_for(org.manager.user)

    def grow(n):
        for i in range(n):
            make_goal(org.report.user, cycle, owner=org.report, title=f"Objective of Rita number {i}")

    url = reverse("feedback:give") + f"?to={org.report.pk}"
    client.get(url)  # the first read creates the feedback settings row (a selector that writes: #7 point 4)
    # session, user, employee, the recipient named in ?to=, the protection setting, the unread badge,
    # the recipient's active goals the author may see (the "about a goal" choices, which grow)
    assert_flat_queries(lambda: client.get(url), grow, queries=7)


@budget("feedback:request_new")
def test_new_request_form_lists_whom_it_may_be_about(org):
    client = client_for(org.manager.user)
    # session, user, employee, their reports (whom the request may be about, which grow), the badge
    assert_flat_queries(
        lambda: client.get(reverse("feedback:request_new")),
        lambda n: make_reports(org.manager, n),
        queries=5,
    )
