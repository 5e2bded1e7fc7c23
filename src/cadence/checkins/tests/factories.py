"""Test data for check-ins."""

import datetime

from cadence.checkins.models import CheckIn
from cadence.checkins.periods import period_start_for
from cadence.people.models import Employee


def submitted_check_in(author: Employee, weeks_ago: int = 1, mood: int = 4) -> CheckIn:
    start = period_start_for(datetime.date.today(), 1) - datetime.timedelta(weeks=weeks_ago)
    return CheckIn.objects.create(
        author=author,
        period_start=start,
        status=CheckIn.Status.SUBMITTED,
        mood=mood,
        answers=[{"question": "What went well?", "answer": "Shipped the secret project"}],
    )
