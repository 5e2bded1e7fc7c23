"""The periodic tick: every worker enqueues `tick` every CADENCE_TICK_SECONDS. Each job below must
be idempotent (running it twice, or from two workers at once, does no harm). Modules add their
reminders and recurring cycles here."""

from django.tasks import task
from django.utils.module_loading import import_string

TICK_JOBS = [
    "cadence.notifications.tasks.resend_email_backlog",
]


@task
def tick() -> dict[str, int]:
    return {path.rsplit(".", 1)[1]: import_string(path)() or 0 for path in TICK_JOBS}
