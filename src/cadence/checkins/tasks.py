"""Tick jobs (see config/tick.py): idempotent, set-based, safe to run from two workers at once."""

from . import services


def remind_check_ins_due() -> int:
    """Put the check-in on everyone's to-do list on its due day."""
    return services.checkin_remind_due()
