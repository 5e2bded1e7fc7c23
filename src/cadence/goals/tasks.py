"""Thin wrappers the tick runs."""

from . import services


def send_goal_reminders() -> int:
    return services.reminders_send()
