"""The periodic tick: every worker enqueues `tick` every CADENCE_TICK_SECONDS. Each job below must
be idempotent (running it twice, or from two workers at once, does no harm) and run a bounded
number of queries (notify people with notifications.services.notify_many). Modules add their
reminders and recurring cycles here."""

import logging

from django.db import transaction
from django.tasks import task
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)

TICK_JOBS = [
    "cadence.notifications.tasks.resend_email_backlog",
    "cadence.feedback.tasks.remind_feedback_requests",
    "cadence.feedback.tasks.remind_check_ins_due",
    "cadence.goals.tasks.send_goal_reminders",
    "cadence.meetings.tasks.ensure_next_meetings",
    "cadence.meetings.tasks.send_meeting_reminders",
]


def run_job(path: str) -> int | None:
    """One job in a transaction of its own: if it fails, its writes are rolled back, the error is
    logged, and the tick goes on with the next job. Returns what it did, None when it failed."""
    try:
        with transaction.atomic():
            return import_string(path)() or 0
    except Exception:
        log.exception("Tick job %s failed", path)
        return None


@task
def tick() -> dict[str, int | None]:
    return {path.rsplit(".", 1)[1]: run_job(path) for path in TICK_JOBS}
