"""Test data for 1:1s: a series with history, built directly (no services) so tests start fast."""

import datetime

from django.utils import timezone

from cadence.meetings.models import ActionItem, Meeting, PrivateNote, Series, TalkingPoint
from cadence.people.models import Employee

NOTE_SECRET = "my-private-note-secret"


def make_series(manager: Employee, employee: Employee, *, past: int = 0, cadence: str = "weekly") -> Series:
    """A series with `past` completed weekly meetings and one upcoming meeting tomorrow at 10:00."""
    series = Series.objects.create(manager=manager, employee=employee, cadence=cadence)
    add_history(series, past)
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    Meeting.objects.create(
        series=series, scheduled_at=tomorrow.replace(hour=10, minute=0, second=0, microsecond=0)
    )
    return series


def add_history(series: Series, count: int, *, start: int | None = None) -> list[Meeting]:
    """`count` completed meetings, each with a talking point, an action item and a private note."""
    now = timezone.now()
    first = series.meetings.filter(status=Meeting.Status.COMPLETED).count() if start is None else start
    meetings = Meeting.objects.bulk_create(
        Meeting(
            series=series,
            scheduled_at=now - datetime.timedelta(days=7 * (first + i + 1), minutes=series.pk),
            status=Meeting.Status.COMPLETED,
            completed_at=now,
        )
        for i in range(count)
    )
    TalkingPoint.objects.bulk_create(
        TalkingPoint(meeting=m, author=series.employee, text=f"Point {m.pk}", discussed=True)
        for m in meetings
    )
    ActionItem.objects.bulk_create(
        ActionItem(
            series=series, meeting=m, owner=series.employee, created_by=series.manager, title=f"Item {m.pk}"
        )
        for m in meetings
    )
    PrivateNote.objects.bulk_create(
        PrivateNote(meeting=m, author=series.manager, text=f"{NOTE_SECRET} {m.pk}") for m in meetings
    )
    return meetings


def upcoming(series: Series) -> Meeting:
    return series.meetings.filter(status=Meeting.Status.SCHEDULED).order_by("scheduled_at").first()
