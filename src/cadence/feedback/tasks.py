"""Tick jobs (see config/tick.py): idempotent, set-based, safe to run from two workers at once. The
date they run for is today's unless given (tests, a catch-up)."""

import datetime

from . import check_ins, services


def remind_feedback_requests(*, now: datetime.datetime | None = None) -> int:
    """Remind people of feedback requests open for three business days."""
    return services.feedback_request_remind(now=now)


def remind_check_ins_due(*, today: datetime.date | None = None) -> int:
    """Put the check-in on everyone's to-do list on its due day."""
    return check_ins.checkin_remind_due(today=today)
