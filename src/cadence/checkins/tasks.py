"""Tick jobs (see config/tick.py): idempotent, set-based, safe to run from two workers at once. The
day they run for is today unless given (tests, a catch-up)."""

import datetime

from . import services


def remind_checkins_due(*, today: datetime.date | None = None) -> int:
    """Put the check-in on everyone's to-do list on its due day."""
    return services.checkin_remind_due(today=today)
