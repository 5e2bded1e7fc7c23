"""Tick jobs (see config/tick.py): idempotent, set-based, safe to run from two workers at once."""

from . import services


def remind_feedback_requests() -> int:
    """Remind people of feedback requests open for three business days."""
    return services.feedback_request_remind()
