"""Query budgets of the account and admin pages: an exact count that does not grow from 5 rows to
50, with the rows shown (see core.testing.assert_flat_queries). The audit log's is in test_api."""

from django.tasks import TaskResultStatus
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cadence.config import tick
from cadence.core.services import api_token_create
from cadence.core.testing import assert_flat_queries, budget, client_for
from cadence.people.testing import make_reports


@budget("account")
def test_account_page_lists_tokens(org):
    user = org.report.user
    client = client_for(user)

    def grow(n):
        for i in range(n):
            api_token_create(actor=user, user=user, name=f"Laptop script number {i}")

    # session, user, the tokens, the unread badge, the employee record
    assert_flat_queries(lambda: client.get(reverse("account")), grow, queries=5)


@budget("admin_hub")
def test_admin_hub(org):
    client = client_for(org.hr.user)
    # session, user, the unread badge
    assert_flat_queries(
        lambda: client.get(reverse("admin_hub")),
        lambda n: make_reports(org.manager, n),
        queries=3,
        shows_rows=False,  # links and totals, no list
    )


@budget("api:openapi-json", "api:openapi-view")
def test_api_schema_and_docs_read_no_rows(org):
    client = client_for(org.report.user)
    grow = lambda n: make_reports(org.manager, n)  # noqa: E731
    # Both are built from the code alone. The schema: the session and the user (the authentication
    # middleware); the docs page: those and the unread badge (the shell's context, rendered for it too).
    assert_flat_queries(lambda: client.get(reverse("api:openapi-json")), grow, queries=2, shows_rows=False)
    assert_flat_queries(lambda: client.get(reverse("api:openapi-view")), grow, queries=3, shows_rows=False)


@budget("cadence.config.tick.requeue_stuck_tasks")
def test_stuck_tasks_are_requeued_in_one_update(db):
    def grow(n):
        for _ in range(n):
            tick.tick.enqueue()
        DBTaskResult.objects.update(
            status=TaskResultStatus.RUNNING, started_at=timezone.now() - tick.TASK_RUN_TIMEOUT * 2
        )

    # one UPDATE of the rows left running too long
    assert_flat_queries(tick.requeue_stuck_tasks, grow, queries=1)
