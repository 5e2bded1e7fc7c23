"""Query budgets of the 1:1 pages, API reads and reminders: an exact count that does not grow from
5 rows to 50, with the rows shown (see core.testing.assert_flat_queries)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cadence.core.testing import assert_flat_queries, budget, client_for
from cadence.meetings import services, tasks
from cadence.meetings.models import DEFAULT_TEMPLATE_POINTS, AgendaTemplate, Meeting, Series, TalkingPoint
from cadence.people.testing import EmployeeFactory

from .factories import add_history, make_series

API = "/api/v1"


@pytest.fixture
def series(org):
    return make_series(org.manager, org.report)


def _upcoming(series):
    return series.meetings.get(status="scheduled")


def _grow_points(org, meeting):
    def grow(n):
        for i in range(n):
            services.talking_point_add(
                actor=org.report.user, meeting=meeting, text=f"Talking point number {i}"
            )

    return grow


@budget("GET /api/v1/meetings/{meeting_id}", "meetings:meeting_ics")
def test_meeting_api_and_calendar_file(org, series):
    meeting = _upcoming(series)
    client = client_for(org.report.user)
    grow = _grow_points(org, meeting)
    # session, user, employee, the meeting with its series and both people: one meeting
    # (its talking points are listed by /meetings/{id}/talking-points)
    assert_flat_queries(lambda: client.get(f"{API}/meetings/{meeting.pk}"), grow, queries=4, shows_rows=False)
    # The calendar file holds this one event, whatever the series' history: session, user,
    # employee, the meeting with its series.
    assert_flat_queries(
        lambda: client.get(reverse("meetings:meeting_ics", args=[meeting.pk])),
        lambda n: add_history(series, n),
        queries=4,
        shows_rows=False,
    )


@budget("GET /api/v1/meetings/{meeting_id}/private-note")
def test_private_note_api(org, series):
    meeting = _upcoming(series)
    services.private_note_save(actor=org.report.user, meeting=meeting, text="Ask about the conference")
    client = client_for(org.report.user)
    # session, user, employee, the meeting with its series, the note: one note, whatever the
    # history (which grows, each past meeting with a note of its own)
    assert_flat_queries(
        lambda: client.get(f"{API}/meetings/{meeting.pk}/private-note"),
        lambda n: add_history(series, n),
        queries=5,
        shows_rows=False,
    )


@budget("GET /api/v1/one-on-ones/{series_id}")
def test_series_api(org, series):
    client = client_for(org.report.user)
    # session, user, employee, the series with both people
    assert_flat_queries(
        lambda: client.get(f"{API}/one-on-ones/{series.pk}"),
        lambda n: add_history(series, n),
        queries=4,
        shows_rows=False,  # one series; its meetings are listed by /one-on-ones/{id}/meetings
    )


@budget("meetings:series_new")
def test_new_series_page(org):
    client = client_for(org.manager.user)

    def grow(n):
        for i in range(n):
            EmployeeFactory(manager=org.manager)  # partners are a picker: not listed, no query
            AgendaTemplate.objects.create(name=f"Template number {i}", owner=org.manager)

    # session, user, employee, the unread badge, the templates (the choices, which grow)
    assert_flat_queries(lambda: client.get(reverse("meetings:series_new")), grow, queries=5)


@budget("cadence.meetings.tasks.send_meeting_reminders")
def test_meeting_reminders_are_set_based(org):
    def grow(n):
        for _ in range(n):
            series = make_series(org.manager, EmployeeFactory(manager=org.manager))
            # within a day, whatever the hour: both the employee's and the manager's reminder are due
            series.meetings.update(scheduled_at=timezone.now() + datetime.timedelta(hours=12))

    # its savepoint and release; for each of employee and manager reminders: the due meetings (locked,
    # with both people), the existing notifications, the insert, the new ids to email, marking the
    # meetings reminded
    assert_flat_queries(tasks.send_meeting_reminders, grow, queries=12)


@budget("cadence.meetings.tasks.ensure_next_meetings")
def test_next_meetings_are_set_based(org):
    """Series whose upcoming meeting is gone (held, nobody scheduled the next) get it from the tick,
    with the undiscussed point of their last meeting and the template's questions."""
    waiting = []

    def grow(n):
        for _ in range(n):
            series = make_series(org.manager, EmployeeFactory(manager=org.manager), past=1)
            Meeting.objects.filter(series=series, status=Meeting.Status.SCHEDULED).delete()
            last = series.meetings.get()
            TalkingPoint.objects.create(meeting=last, author=series.employee, text="Still open", position=9)
            waiting.append(series.pk)

    # its savepoint and release; the waiting series (locked) with their latest meeting and template,
    # the new meetings' insert, the new meetings, the last meetings' undiscussed points, the points
    # already on the new meetings, the points' insert
    assert_flat_queries(tasks.ensure_next_meetings, grow, queries=8)
    for series in Series.objects.filter(pk__in=waiting).prefetch_related("meetings__talking_points"):
        upcoming = [m for m in series.meetings.all() if m.status == Meeting.Status.SCHEDULED]
        (meeting,) = upcoming
        texts = [p.text for p in sorted(meeting.talking_points.all(), key=lambda p: p.position)]
        assert texts == ["Still open", *[str(q) for q in DEFAULT_TEMPLATE_POINTS]]
    assert tasks.ensure_next_meetings() == 0
