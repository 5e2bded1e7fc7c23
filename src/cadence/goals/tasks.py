"""Thin wrappers the tick runs (see config/tick.py). The date is today's unless given (tests, a catch-up)."""

import datetime

from . import reminders


def send_goal_reminders(*, today: datetime.date | None = None) -> int:
    return reminders.reminders_send(today=today)
