"""Thin wrappers the tick runs."""

from . import reminders


def send_goal_reminders() -> int:
    return reminders.reminders_send()
