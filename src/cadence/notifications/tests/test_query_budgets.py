"""Query budget of the notifications' tick job: an exact count that does not grow from 5 rows to 50
(see core.testing.assert_flat_queries). The pages' and API reads' are in test_services."""

from datetime import timedelta

from django.utils import timezone

from cadence.core.testing import assert_flat_queries, budget
from cadence.notifications import tasks
from cadence.notifications.models import Notification
from cadence.notifications.services import notify
from cadence.people.testing import EmployeeFactory


@budget("cadence.notifications.tasks.resend_email_backlog")
def test_email_backlog_is_one_task_whatever_its_size(org):
    """Emails a dead worker never sent: the tick hands them all to one task (the database queue here,
    as in production), so the job itself does not grow with the backlog."""

    def grow(n):
        for i in range(n):
            person = EmployeeFactory()
            notify(recipient=person.user, kind="review", event_key=f"backlog:{i}", title="Write your review")
        Notification.objects.update(created_at=timezone.now() - timedelta(hours=1))

    # the emails whose every attempt died (none), the due emails' ids, the task row
    assert_flat_queries(tasks.resend_email_backlog, grow, queries=3)
