"""The tick runs every job in a transaction of its own: one that fails is rolled back and logged,
and the jobs after it still run."""

import logging
from typing import Any

import pytest

from cadence.config import tick as tick_module
from cadence.core.models import User
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
    assert all(result[path.rsplit(".", 1)[1]] == 0 for path in tick_module.TICK_JOBS if path != FAILING_JOB)
    assert list(result)[-1] == "send_meeting_reminders"  # the jobs after the broken one ran
    assert not org.loner.notifications.exists()  # the broken job's write was rolled back
    assert "Tick job tests.test_tick.failing_job failed" in caplog.text
    assert "this job is broken" in caplog.text
