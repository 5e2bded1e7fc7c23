"""Reminders before a 1:1, run by the tick: one set-based pass over the meetings coming up."""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cadence.core.i18n import date_deferred, gettext_deferred
from cadence.notifications.services import Notice, notify_many

from .models import (
    Meeting,
)
from .services import _local, _reminder_keys, meeting_url


def _reminder(meeting: Meeting, *, to_employee: bool) -> list[Notice]:
    """The reminder for one participant, none if they have no active login."""
    series = meeting.series
    other = series.manager if to_employee else series.employee
    user, key = _reminder_keys(meeting)[0 if to_employee else 1]
    if user is None or not user.is_active:
        return []
    when = date_deferred(_local(meeting.scheduled_at), "DATETIME_FORMAT")
    if to_employee:
        title = gettext_deferred("Prepare your 1:1 with %(name)s") % {"name": other.full_name}
        body = gettext_deferred("On %(when)s. Add the talking points you want to cover.") % {"when": when}
    else:
        title = gettext_deferred("1:1 with %(name)s tomorrow") % {"name": other.full_name}
        body = gettext_deferred("On %(when)s. Look at the agenda and open action items.") % {"when": when}
    return [
        Notice(
            recipient=user,
            kind="meetings.reminder",
            event_key=key,
            title=title,
            body=body,
            url=meeting_url(meeting),
            requires_action=True,
            due_at=meeting.scheduled_at,
        )
    ]


@transaction.atomic
def send_meeting_reminders(*, now: datetime.datetime | None = None, batch: int = 2000) -> int:
    """Tick job: the employee hears two days before a meeting (to prepare), the manager one day
    before. Each reminder is sent once: the meeting records it, and the notification is keyed.
    A fixed number of queries per run: `batch` meetings at a time for each of the two."""
    now = now or timezone.now()
    upcoming = Meeting.objects.filter(
        status=Meeting.Status.SCHEDULED, series__ended_at__isnull=True, scheduled_at__gt=now
    ).select_related("series__manager__user", "series__employee__user")
    sent = 0
    for to_employee, days, field in ((True, 2, "employee_reminded_at"), (False, 1, "manager_reminded_at")):
        # Locked meetings are being reminded by another worker: skip them rather than remind twice.
        due = list(
            upcoming.filter(
                Q(**{f"{field}__isnull": True}), scheduled_at__lte=now + datetime.timedelta(days=days)
            ).select_for_update(skip_locked=True, of=("self",))[:batch]
        )
        notify_many(notice for meeting in due for notice in _reminder(meeting, to_employee=to_employee))
        Meeting.objects.filter(pk__in=[meeting.pk for meeting in due]).update(**{field: timezone.now()})
        sent += len(due)
    return sent
