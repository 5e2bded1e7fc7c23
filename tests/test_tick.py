"""The tick runs every job in a transaction of its own: one that fails is rolled back and logged,
and the jobs after it still run. However many workers run, each period has one tick."""

import itertools
import logging
import threading
import time
import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cadence.config import tick as tick_module
from cadence.config.cli import tick_forever
from cadence.core.models import TickRun, User
from cadence.notifications.services import notify

FAILING_JOB = "tests.test_tick.failing_job"


def failing_job() -> int:
    """Writes, then raises: its write must not survive."""
    notify(recipient=User.objects.get(email="loner@example.com"), kind="test", event_key="half", title="Half")
    raise RuntimeError("this job is broken")


@pytest.fixture
def jobs_with_a_broken_one(monkeypatch: Any) -> None:
    jobs = list(tick_module.TICK_JOBS)
    monkeypatch.setattr(tick_module, "TICK_JOBS", [jobs[0], FAILING_JOB, *jobs[1:]])


def test_a_failing_job_does_not_stop_the_others(org: Any, jobs_with_a_broken_one: None, caplog: Any) -> None:
    with caplog.at_level(logging.ERROR, logger="cadence.config.tick"):
        result = tick_module.tick.call()
    assert result["failing_job"] is None
    # Every other job ran and counted what it did (a number; on a check-in due day not 0).
    assert all(
        isinstance(result[path.rsplit(".", 1)[1]], int)
        for path in tick_module.TICK_JOBS
        if path != FAILING_JOB
    )
    assert list(result)[-1] == "send_meeting_reminders"  # the jobs after the broken one ran
    assert not org.loner.notifications.exists()  # the broken job's write was rolled back
    assert "Tick job tests.test_tick.failing_job failed" in caplog.text
    assert "this job is broken" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_two_workers_tick_loops_enqueue_one_tick_per_period(settings: Any, monkeypatch: Any) -> None:
    """Two `cadence worker` tick loops (threads with a connection each) against one database: each
    period's tick is enqueued once, whichever worker gets there first."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    attempts: list[bool] = []
    claim = tick_module.enqueue_tick_for_period

    def counted(every: float) -> bool:
        attempts.append(claimed := claim(every))
        return claimed

    monkeypatch.setattr(tick_module, "enqueue_tick_for_period", counted)
    every, stop = 2.0, threading.Event()  # long enough that a busy machine does not oversleep a period

    def worker() -> None:
        try:
            tick_forever(every, stop)
        finally:
            connection.close()

    workers = [threading.Thread(target=worker) for _ in range(2)]
    for thread in workers:
        thread.start()
    time.sleep(every * 4.5)
    stop.set()
    for thread in workers:
        thread.join()

    periods = sorted(TickRun.objects.values_list("period_start", flat=True))
    ticks = DBTaskResult.objects.filter(task_path="cadence.config.tick.tick").count()
    assert len(periods) >= 4
    assert ticks == len(periods) == attempts.count(True)
    assert attempts.count(False) >= len(periods) - 1  # the other worker tried too, and skipped
    gaps = {(later - earlier).total_seconds() for earlier, later in itertools.pairwise(periods)}
    assert gaps == {every}  # consecutive periods, none run twice or left out


@pytest.mark.django_db
def test_tasks_left_running_by_a_dead_worker_are_requeued(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    long_ago = timezone.now() - tick_module.TASK_RUN_TIMEOUT - timedelta(minutes=1)
    dead, busy, done = (tick_module.tick.enqueue().id for _ in range(3))
    DBTaskResult.objects.filter(id=dead).update(status=TaskResultStatus.RUNNING, started_at=long_ago)
    DBTaskResult.objects.filter(id=busy).update(status=TaskResultStatus.RUNNING, started_at=timezone.now())
    DBTaskResult.objects.filter(id=done).update(status=TaskResultStatus.SUCCESSFUL, started_at=long_ago)

    assert tick_module.tick.call()["requeue_stuck_tasks"] == 1
    statuses = dict(DBTaskResult.objects.values_list("id", "status"))
    assert statuses == {
        uuid.UUID(dead): TaskResultStatus.READY,  # a worker picks it up again
        uuid.UUID(busy): TaskResultStatus.RUNNING,  # still within its time: left alone
        uuid.UUID(done): TaskResultStatus.SUCCESSFUL,
    }
    assert DBTaskResult.objects.ready().filter(id=dead).exists()
