"""Demo check-ins: four past weeks of submitted check-ins with mood for the demo manager's team, the
older ones reviewed, and open priorities on the latest. Idempotent: does nothing once the team has
check-ins."""

import datetime

from django.db import transaction
from django.utils import timezone

from cadence.people.models import Employee

from .models import CheckIn, CheckInPriority
from .periods import period_start_for

DEMO_MANAGER_EMAIL = "manager@cadence.demo"
MOODS = (4, 3, 4, 5, 2, 4)
# The default questions (migration 0003) with the demo team's answers; priorities are rows of their own.
ANSWERS = (
    ("What went well?", "Shipped the import improvements."),
    ("What was hard?", "Too many meetings on Wednesday."),
    ("What do you need?", "Clarity on next quarter's priorities."),
)


def seed_demo_checkins() -> bool:
    """Add the demo check-ins; returns False when there is no demo manager or the team has some."""
    manager = Employee.objects.filter(email=DEMO_MANAGER_EMAIL).first()
    if manager is None:
        return False
    team = list(manager.reports.filter(status=Employee.Status.ACTIVE).order_by("pk")[:6])
    if CheckIn.objects.filter(author__in=team).exists():
        return False
    with transaction.atomic():
        _checkins(manager, team)
    return True


def _checkins(manager: Employee, team: list[Employee]) -> None:
    """Four past weeks of submitted check-ins for the manager's team, the oldest reviewed."""
    today = timezone.localdate()
    this_week = period_start_for(today, 1)
    now = timezone.now()
    rows: list[CheckIn] = []
    for weeks_ago in range(4, 0, -1):
        start = this_week - datetime.timedelta(weeks=weeks_ago)
        for i, person in enumerate(team):
            rows.append(
                CheckIn(
                    author=person,
                    period_start=start,
                    status=CheckIn.Status.SUBMITTED,
                    mood=MOODS[(i + weeks_ago) % len(MOODS)],
                    answers=[{"question": q, "answer": a} for q, a in ANSWERS],
                    submitted_at=now - datetime.timedelta(weeks=weeks_ago),
                    reviewed_at=now - datetime.timedelta(weeks=weeks_ago) if weeks_ago > 1 else None,
                    reviewed_by=manager if weeks_ago > 1 else None,
                )
            )
    CheckIn.objects.bulk_create(rows, ignore_conflicts=True)
    latest = CheckIn.objects.filter(author__in=team, period_start=this_week - datetime.timedelta(weeks=1))
    CheckInPriority.objects.bulk_create(
        CheckInPriority(checkin=c, text=text, order=i)
        for c in latest
        for i, text in enumerate(("Finish the onboarding review", "Prepare the customer demo"))
    )
