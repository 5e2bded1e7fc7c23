"""The periodic tick: every worker tries to enqueue `tick` at the start of each CADENCE_TICK_SECONDS
period, and a per-period row in the database (TickRun) lets only the first one do it, so the tick
runs once per period however many workers run. Each job below must still be idempotent (a tick
re-run after a crash, or a job that overlaps the next period, does no harm) and run a bounded
number of queries (notify people with notifications.services.notify_many). Modules add their
reminders and recurring cycles here."""

import logging
from datetime import UTC, datetime, timedelta

from django.db import IntegrityError, transaction
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

from cadence.core.models import TickRun

log = logging.getLogger(__name__)

TICK_JOBS = [
    "cadence.config.tick.requeue_stuck_tasks",
    "cadence.notifications.tasks.resend_email_backlog",
    "cadence.feedback.tasks.remind_feedback_requests",
    "cadence.checkins.tasks.remind_check_ins_due",
    "cadence.goals.tasks.send_goal_reminders",
    "cadence.meetings.tasks.ensure_next_meetings",
    "cadence.meetings.tasks.send_meeting_reminders",
]


# A task row still RUNNING this long after it started belongs to a worker that died (SIGKILL, a lost
# machine): django-tasks-db has no heartbeat, so the tick puts it back in the queue. Every Cadence task
# is safe to run twice (emails are leased per notification), and none runs near this long.
TASK_RUN_TIMEOUT = timedelta(minutes=30)


def requeue_stuck_tasks() -> int:
    """Tick job: re-queue task rows left RUNNING by a dead worker. Returns how many."""
    stuck = DBTaskResult.objects.running().filter(started_at__lt=timezone.now() - TASK_RUN_TIMEOUT)
    count = stuck.update(status=TaskResultStatus.READY, started_at=None)
    if count:
        log.warning("Re-queued %s task(s) left running by a worker that stopped", count)
    return count


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


# Period rows older than this are deleted by the tick that claims a new period.
TICK_RUNS_KEPT = timedelta(days=1)


def period_start(every: float, now: datetime) -> datetime:
    """The start of the period `now` falls in; periods are aligned to the epoch, so every worker
    computes the same ones."""
    return datetime.fromtimestamp(now.timestamp() // every * every, tz=UTC)


def enqueue_tick_for_period(every: float) -> bool:
    """Enqueue this period's tick unless another worker has: the claim row and the task row are
    written in one transaction, so a claimed period always has its tick. Returns whether it did."""
    start = period_start(every, timezone.now())
    try:
        with transaction.atomic():
            TickRun.objects.create(period_start=start)
            TickRun.objects.filter(period_start__lt=start - TICK_RUNS_KEPT).delete()
            tick.enqueue()
    except IntegrityError:
        return False  # another worker claimed this period
    return True
