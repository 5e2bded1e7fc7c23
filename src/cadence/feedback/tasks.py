"""Tick jobs (see config/tick.py): idempotent, set-based, safe to run from two workers at once."""

from . import check_ins, services


def remind_feedback_requests() -> int:
    """Remind people of feedback requests open for three business days."""
    return services.feedback_request_remind()


def remind_check_ins_due() -> int:
    """Put the check-in on everyone's to-do list on its due day."""
    return check_ins.checkin_remind_due()
