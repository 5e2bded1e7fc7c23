"""iCalendar (RFC 5545) output for 1:1s, built with the icalendar package.

An event carries the participants, the time and a link to the meeting page, nothing from the
agenda and never a private note: calendar feeds are fetched without a login, and calendars are
often shared further."""

from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from cadence.core.http import public_url
from cadence.people.models import Employee

from .models import Meeting
from .services import meeting_url

PRODID = "-//Cadence//1:1s//EN"


def _domain() -> str:
    # From the configured address, not the request's: an event keeps its UID whichever host served it.
    return urlsplit(settings.BASE_URL).hostname or "cadence.local"


def meeting_uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@{_domain()}"


def _event(meeting: Meeting, request: HttpRequest) -> Event:
    series = meeting.series
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", meeting.updated_at or timezone.now())
    event.add("dtstart", meeting.scheduled_at)
    event.add("dtend", meeting.ends_at)
    event.add(
        "summary", _("1:1 %(a)s / %(b)s") % {"a": series.manager.full_name, "b": series.employee.full_name}
    )
    link = public_url(meeting_url(meeting), request)
    event.add("description", _("Agenda and action items: %(link)s") % {"link": link})
    event.add("url", link)
    # The manager organises, both take part: calendar apps then show it as the invitation it is.
    event.add("organizer", _address(series.manager))
    for person, role in ((series.manager, "CHAIR"), (series.employee, "REQ-PARTICIPANT")):
        event.add("attendee", _address(person, role=role), encode=False)
    event.add("status", "CANCELLED" if meeting.status == Meeting.Status.CANCELLED else "CONFIRMED")
    # The sequence lets calendar apps pick up a rescheduled meeting as a change to the same event.
    event.add("sequence", int(meeting.updated_at.timestamp()) // 60 % 2**31 if meeting.updated_at else 0)
    return event


def _address(person: Employee, *, role: str = "") -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    address.params["cn"] = vText(person.full_name)
    if role:
        address.params["role"] = vText(role)
        address.params["partstat"] = vText("ACCEPTED")
    return address


def calendar_for(meetings: Iterable[Meeting], *, name: str, request: HttpRequest) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    for meeting in meetings:
        cal.add_component(_event(meeting, request))
    return cal.to_ical()
