"""Tick jobs (see config/tick.py): idempotent, set-based, safe to run from two workers at once. The
time they run for is now unless given (tests, a catch-up)."""

import datetime

from . import services


def remind_feedback_requests(*, now: datetime.datetime | None = None) -> int:
    """Remind people of feedback requests open for three business days."""
    return services.feedback_request_remind(now=now)
