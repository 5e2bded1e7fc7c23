"""Tick jobs for 1:1s (listed in config/tick.py). Both are idempotent and safe to run from two
workers at once: meetings are unique per slot and reminders are recorded on the meeting."""

from . import reminders, scheduling


def send_meeting_reminders() -> int:
    return reminders.send_meeting_reminders()


def ensure_next_meetings() -> int:
    return scheduling.ensure_next_meetings()
