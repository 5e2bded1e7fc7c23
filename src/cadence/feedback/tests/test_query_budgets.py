"""Query budgets of the feedback pages, API reads and reminders: an exact count that
does not grow from 5 rows to 50, with the rows shown (see core.testing.assert_flat_queries)."""

import datetime
from functools import partial

import pytest
from django.urls import reverse
from django.utils import timezone

from cadence.core.testing import assert_flat_queries, budget, client_for
from cadence.feedback import services, tasks
from cadence.feedback.models import CompanyValue, FeedbackRequest
from cadence.goals.tests.factories import make_cycle, make_goal
from cadence.people.testing import EmployeeFactory, make_reports

from . import factories as f


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


@pytest.mark.parametrize(
    ("route", "queries"),
    [
        # session, user, employee, the feedback with both people, the protection setting, the badge
        pytest.param("feedback:feedback_detail", 6, marks=budget("feedback:feedback_detail")),
        pytest.param(  # the same without the badge
            "/api/v1/feedback/{feedback}", 5, marks=budget("GET /api/v1/feedback/{feedback_id}")
        ),
    ],
)
def test_feedback_details(org, route, queries):
    """One feedback: the author's other feedback grows, unseen."""
    feedback = f.feedback(org.report2, org.report).pk
    client = client_for(org.report.user)

    def grow(n):
        for i in range(n):
            f.feedback(org.report2, org.report, body=f"More feedback, number {i}.")

    url = route.format(feedback=feedback) if route.startswith("/") else reverse(route, args=[feedback])
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
    # session, user, employee, the request with its people, the feedback settings, the unread badge,
    # and for the answer form the subject's framework (9): placement, their department, its framework
    # and the general one, published version, tracks, levels, competencies, their track limits
    assert_flat_queries(lambda: client.get(page), grow, queries=15, shows_rows=False)
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

    # session, user, the settings, the unread badge, the values
    assert_flat_queries(lambda: client.get(reverse("feedback:settings")), grow, queries=5)


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
    # session, user, employee, the recipient named in ?to=, the protection setting, the unread badge,
    # the recipient's active goals the author may see (the "about a goal" choices, which grow), and
    # the recipient's framework for the competency choices (8, as on the request page; the recipient's
    # department is loaded already)
    assert_flat_queries(lambda: client.get(url), grow, queries=15)


@budget("feedback:request_new")
def test_new_request_form_lists_whom_it_may_be_about(org):
    client = client_for(org.manager.user)
    # session, user, employee, their reports (whom the request may be about, which grow), the badge
    assert_flat_queries(
        lambda: client.get(reverse("feedback:request_new")),
        lambda n: make_reports(org.manager, n),
        queries=5,
    )
