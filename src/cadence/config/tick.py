"""The periodic tick: every worker enqueues `tick` every CADENCE_TICK_SECONDS. Each job below must
be idempotent (running it twice, or from two workers at once, does no harm). Modules add their
reminders and recurring cycles here."""

from django.tasks import task
from django.utils.module_loading import import_string

TICK_JOBS = [
    "cadence.notifications.tasks.resend_email_backlog",
    "cadence.feedback.tasks.remind_feedback_requests",
    "cadence.feedback.tasks.remind_check_ins_due",
    "cadence.goals.tasks.send_goal_reminders",
    "cadence.meetings.tasks.ensure_next_meetings",
    "cadence.meetings.tasks.send_meeting_reminders",
]


@task
def tick() -> dict[str, int]:
    return {path.rsplit(".", 1)[1]: import_string(path)() or 0 for path in TICK_JOBS}
