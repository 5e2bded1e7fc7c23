"""Writes on 1:1s. Every function is atomic, checks the actor's right to act and notifies whoever
must act. Audit events record dates, cadence and status, never agenda text or private notes: HR
reads the audit log, and the agenda is for the two participants only."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cadence.core.audit import audit_record, audit_snapshot
from cadence.core.errors import Conflict
from cadence.core.i18n import date_deferred, gettext_deferred
from cadence.core.links import link_source
from cadence.core.models import User
from cadence.core.versioning import changed_fields, check_version, save_versioned
from cadence.notifications.services import notify, todo_resolve
from cadence.people.models import Employee
from cadence.people.permissions import Actor, require_employee

from .models import (
    AgendaTemplate,
    Cadence,
    Meeting,
    PrivateNote,
    Series,
    TalkingPoint,
)
from .permissions import can_change_series, can_edit_agenda, is_participant
from .scheduling import future_slot, meeting_create, next_meeting_ensure, start_agendas
from .selectors import participant_actors

SERIES_FIELDS = ("manager", "employee", "cadence", "duration_minutes", "template", "ended_at")
MEETING_FIELDS = ("scheduled_at", "duration_minutes", "status")
MAX_TALKING_POINTS = 50


def _audit(*, actor: Actor, **kwargs: Any) -> None:
    audit_record(actor=actor if isinstance(actor, User) else None, **kwargs)


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def meeting_url(meeting: Meeting) -> str:
    return reverse("meetings:meeting", args=[meeting.pk])


def _local(moment: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(moment)


def _validate_when(scheduled_at: datetime.datetime | None, field: str = "scheduled_at") -> datetime.datetime:
    if scheduled_at is None:
        raise ValidationError({field: [_("Choose a date and time.")]})
    if timezone.is_naive(scheduled_at):
        scheduled_at = timezone.make_aware(scheduled_at)
    if abs((scheduled_at - timezone.now()).days) > 366 * 5:
        raise ValidationError({field: [_("Choose a date within five years of today.")]})
    return scheduled_at.replace(second=0, microsecond=0)


def _check_pair(me: Employee, manager: Employee, employee: Employee) -> None:
    errors: dict[str, list[str]] = {}
    if me.pk not in (manager.pk, employee.pk):
        raise PermissionDenied(_("You can only set up 1:1s you take part in."))
    for field, person in (("manager", manager), ("employee", employee)):
        if not person.is_active:
            errors[field] = [_("%(name)s is inactive.") % {"name": person.full_name}]
    if manager.pk == employee.pk:
        errors["employee"] = [_("A 1:1 needs two different people.")]
    if errors:
        raise ValidationError(errors)
    if Series.objects.filter(manager=manager, employee=employee, ended_at__isnull=True).exists():
        raise ValidationError({"employee": [_("These two people already have a running 1:1 series.")]})


@transaction.atomic
def series_create(
    *,
    actor: Actor,
    employee: Employee,
    manager: Employee | None = None,
    cadence: str = Cadence.WEEKLY,
    duration_minutes: int = 30,
    first_meeting_at: datetime.datetime | None,
    template: AgendaTemplate | None = None,
) -> Series:
    """Set up a 1:1 between the actor and someone else. The actor leads it unless `manager` names
    the other person (an employee asking their manager for a 1:1)."""
    me = require_employee(actor)
    manager = manager or me
    _check_pair(me, manager, employee)
    first_meeting_at = _validate_when(first_meeting_at, "first_meeting_at")
    series = Series(
        manager=manager,
        employee=employee,
        cadence=cadence,
        duration_minutes=duration_minutes,
        template=template,
    )
    series.full_clean()
    series.save()
    meeting = meeting_create(series, first_meeting_at)
    _audit(
        actor=actor, action="one_on_one.create", target=series, after=audit_snapshot(series, SERIES_FIELDS)
    )
    other = employee if me.pk == manager.pk else manager
    if other.user_id:
        notify(
            recipient=other.user,  # type: ignore[arg-type]
            kind="meetings.series_created",
            event_key=f"meetings.series.{series.pk}.created",
            title=gettext_deferred("%(name)s set up a 1:1 with you") % {"name": me.full_name},
            body=gettext_deferred("First meeting: %(when)s. Add your talking points before it.")
            % {"when": date_deferred(_local(meeting.scheduled_at), "SHORT_DATETIME_FORMAT")},
            url=meeting_url(meeting),
        )
    return series


@transaction.atomic
def series_update(
    *,
    actor: Actor,
    series: Series,
    version: int | None,
    cadence: str | None = None,
    duration_minutes: int | None = None,
    template: AgendaTemplate | None = None,
    clear_template: bool = False,
) -> Series:
    """Change a running 1:1 from the `version` its editor opened (core.versioning)."""
    _require(can_change_series(actor, series), _("Only the two participants change a running 1:1."))
    series = Series.objects.select_for_update().get(pk=series.pk)
    check_version(series, version)
    before = audit_snapshot(series, SERIES_FIELDS)
    proposed: dict[str, Any] = {"cadence": cadence, "duration_minutes": duration_minutes}
    proposed = {name: value for name, value in proposed.items() if value is not None}
    if template is not None or clear_template:
        proposed["template"] = template
    changed = changed_fields(series, proposed)
    for name, value in changed.items():
        setattr(series, name, value)
    series.full_clean()
    if changed:
        save_versioned(series, version=version, fields=changed)
        _audit(
            actor=actor, action="one_on_one.update", target=series, before=before,
            after=audit_snapshot(series, SERIES_FIELDS),
        )  # fmt: skip
    next_meeting_ensure(series=series)
    return series


@transaction.atomic
def series_end(*, actor: Actor, series: Series, version: int | None = None) -> Series:
    """Stop the series: its history stays, upcoming meetings are cancelled, reminders resolved.
    A lifecycle action: the button needs no version; a `version` sent with it is checked."""
    _require(can_change_series(actor, series), _("Only the two participants end a running 1:1."))
    series = (
        Series.objects.select_for_update(of=("self",))
        .select_related("manager__user", "employee__user")
        .get(pk=series.pk)
    )
    if version is not None:
        check_version(series, version)
    series.ended_at = timezone.now()
    save_versioned(series, version=version, fields=["ended_at"])
    for meeting in series.meetings.filter(status=Meeting.Status.SCHEDULED):
        _close(meeting, Meeting.Status.CANCELLED)
    _audit(actor=actor, action="one_on_one.end", target=series, after={"ended_at": str(series.ended_at)})
    return series


def _reminder_keys(meeting: Meeting) -> list[tuple[User | None, str]]:
    # The date is part of the key so a rescheduled meeting is reminded again for its new date.
    day = _local(meeting.scheduled_at).date().isoformat()
    series = meeting.series
    return [
        (series.employee.user, f"meetings.prepare.{meeting.pk}.{day}"),
        (series.manager.user, f"meetings.tomorrow.{meeting.pk}.{day}"),
    ]


def _resolve_reminders(meeting: Meeting) -> None:
    for user, key in _reminder_keys(meeting):
        if user is not None:
            todo_resolve(recipient=user, event_key=key)


def _close(meeting: Meeting, status: str) -> None:
    meeting.status = status
    meeting.completed_at = timezone.now() if status == Meeting.Status.COMPLETED else None
    save_versioned(meeting, version=None, fields=["status", "completed_at"])  # open edit forms go stale
    _resolve_reminders(meeting)


@transaction.atomic
def meeting_complete(*, actor: Actor, meeting: Meeting, version: int | None = None) -> Meeting:
    """Mark the meeting held. Undiscussed talking points move to the next meeting, which is
    created from the cadence if it does not exist yet. A lifecycle action (see series_end)."""
    return _finish(actor, meeting, Meeting.Status.COMPLETED, "meeting.complete", version)


@transaction.atomic
def meeting_cancel(*, actor: Actor, meeting: Meeting, version: int | None = None) -> Meeting:
    """Skip this meeting; its agenda moves to the next one like after a completed meeting."""
    return _finish(actor, meeting, Meeting.Status.CANCELLED, "meeting.cancel", version)


def _finish(actor: Actor, meeting: Meeting, status: str, action: str, version: int | None) -> Meeting:
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("series__manager__user", "series__employee__user", "series__template")
        .get(pk=meeting.pk)
    )
    _require(can_edit_agenda(actor, meeting), _("Only the two participants run a 1:1."))
    if version is not None:
        check_version(meeting, version)
    if not meeting.is_open:
        return meeting
    _close(meeting, status)
    _audit(actor=actor, action=action, target=meeting, after={"status": status})
    _carry_to_next(meeting)
    return meeting


def _carry_to_next(closed: Meeting) -> Meeting | None:
    series = closed.series
    upcoming = series.meetings.filter(status=Meeting.Status.SCHEDULED).order_by("scheduled_at").first()
    if upcoming is not None:
        start_agendas([(upcoming, closed.pk)], with_template=False)
        return upcoming
    if not (series.is_active and series.is_recurring):
        return None
    return meeting_create(series, future_slot(series, closed.scheduled_at), carry_from=closed)


@transaction.atomic
def meeting_reschedule(
    *, actor: Actor, meeting: Meeting, version: int | None, scheduled_at: datetime.datetime | None
) -> Meeting:
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("series").get(pk=meeting.pk)
    _require(can_edit_agenda(actor, meeting), _("Only the two participants reschedule a 1:1."))
    check_version(meeting, version)
    if not meeting.is_open:
        raise ValidationError({"scheduled_at": [_("This meeting is over; schedule a new one instead.")]})
    before, when = audit_snapshot(meeting, MEETING_FIELDS), _validate_when(scheduled_at)
    if when == meeting.scheduled_at:
        return meeting  # already then: nothing to write, no reminder to repeat
    meeting.scheduled_at = when
    if meeting.series.meetings.filter(scheduled_at=meeting.scheduled_at).exclude(pk=meeting.pk).exists():
        raise ValidationError({"scheduled_at": [_("There is already a meeting at this time.")]})
    meeting.employee_reminded_at = meeting.manager_reminded_at = None
    save_versioned(
        meeting, version=version, fields=["scheduled_at", "employee_reminded_at", "manager_reminded_at"]
    )
    _audit(
        actor=actor, action="meeting.reschedule", target=meeting, before=before,
        after=audit_snapshot(meeting, MEETING_FIELDS),
    )  # fmt: skip
    return meeting


@transaction.atomic
def meeting_schedule(*, actor: Actor, series: Series, scheduled_at: datetime.datetime | None) -> Meeting:
    """An extra meeting in a series (or the next one of a one-off series)."""
    _require(can_change_series(actor, series), _("Only the two participants schedule a 1:1."))
    scheduled_at = _validate_when(scheduled_at)
    if series.meetings.filter(scheduled_at=scheduled_at).exists():
        raise ValidationError({"scheduled_at": [_("There is already a meeting at this time.")]})
    last_closed = series.meetings.exclude(status=Meeting.Status.SCHEDULED).order_by("-scheduled_at").first()
    meeting = meeting_create(series, scheduled_at, carry_from=last_closed)
    _audit(
        actor=actor, action="meeting.schedule", target=meeting, after=audit_snapshot(meeting, MEETING_FIELDS)
    )
    return meeting


# --- The agenda --------------------------------------------------------------------------------


def _clean_text(text: str, field: str, limit: int) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: [_("Write something first.")]})
    if len(text) > limit:
        raise ValidationError({field: [_("Keep it under %(n)s characters.") % {"n": limit}]})
    return text


def _point_append(actor: Actor, meeting: Meeting, text: str, **link: Any) -> TalkingPoint:
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()  # serialises position numbers
    if meeting.talking_points.count() >= MAX_TALKING_POINTS:
        raise ValidationError(
            {"text": [_("This agenda is full (%(n)s points).") % {"n": MAX_TALKING_POINTS}]}
        )
    if link and meeting.talking_points.filter(**link).exists():
        raise ValidationError({"link": [_("This is on the agenda already.")]})
    position = (meeting.talking_points.aggregate(m=Max("position"))["m"] or 0) + 1
    return TalkingPoint.objects.create(
        meeting=meeting, author=require_employee(actor), text=text, position=position, **link
    )


@transaction.atomic
def talking_point_add(*, actor: Actor, meeting: Meeting, text: str) -> TalkingPoint:
    _require(can_edit_agenda(actor, meeting), _("Only the two participants add talking points."))
    return _point_append(actor, meeting, _clean_text(text, "text", 500))


@transaction.atomic
def talking_point_link(*, actor: Actor, meeting: Meeting, kind: str, target_id: int | None) -> TalkingPoint:
    """Put a goal or feedback item (core.links) on the agenda: one of the participants' own that
    both of them may see. Its title at this moment is the point's text."""
    _require(can_edit_agenda(actor, meeting), _("Only the two participants add talking points."))
    source = link_source(kind)
    series = meeting.series
    users = participant_actors(series)
    found = (
        source.shared(users, series.participant_ids(), target_id)
        if source is not None and target_id is not None and users
        else []
    )
    if not found:
        raise ValidationError({"link": [_("Choose a goal or feedback you both can see.")]})
    _pk, title = found[0]
    return _point_append(actor, meeting, title[:500], link_kind=kind, link_id=target_id)


@transaction.atomic
def talking_point_update(
    *,
    actor: Actor,
    point: TalkingPoint,
    version: int | None,
    text: str | None = None,
    discussed: bool | None = None,
) -> TalkingPoint:
    """Reword (its author only) or mark discussed, from the `version` shown (core.versioning)."""
    _require(can_edit_agenda(actor, point.meeting), _("Only the two participants edit the agenda."))
    proposed: dict[str, Any] = {}
    if text is not None:
        if point.author_id != require_employee(actor).pk:
            raise PermissionDenied(_("Only the author rewords a talking point."))
        proposed["text"] = _clean_text(text, "text", 500)
    if discussed is not None:
        proposed["discussed"] = discussed
    saved = TalkingPoint.objects.select_for_update().get(pk=point.pk)
    check_version(saved, version)
    changed = changed_fields(saved, proposed)
    if changed:
        for name, value in changed.items():
            setattr(saved, name, value)
        save_versioned(saved, version=version, fields=changed)
    return saved


@transaction.atomic
def talking_point_move(*, actor: Actor, point: TalkingPoint, direction: str) -> TalkingPoint:
    """Swap the point with its neighbour above or below; positions are renumbered so that the
    swap is well defined even after points were deleted or carried over."""
    _require(can_edit_agenda(actor, point.meeting), _("Only the two participants reorder the agenda."))
    if direction not in ("up", "down"):
        raise ValidationError({"direction": [_("Move a talking point up or down.")]})
    points = list(
        TalkingPoint.objects.select_for_update()
        .filter(meeting_id=point.meeting_id)
        .order_by("position", "id")
    )
    index = next(i for i, p in enumerate(points) if p.pk == point.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(points):
        points[index], points[other] = points[other], points[index]
    for position, p in enumerate(points, start=1):
        p.position = position
    TalkingPoint.objects.bulk_update(points, ["position"])
    return next(p for p in points if p.pk == point.pk)


@transaction.atomic
def talking_point_reorder(
    *, actor: Actor, meeting: Meeting, order: Iterable[int], previous: Iterable[int]
) -> list[TalkingPoint]:
    """Drag and drop: the full new order of the meeting's talking point ids, and the order it was
    made from. The order is the agenda's version: if it moved meanwhile, Conflict with the current."""
    _require(can_edit_agenda(actor, meeting), _("Only the two participants reorder the agenda."))
    saved = list(TalkingPoint.objects.select_for_update().filter(meeting=meeting).order_by("position", "id"))
    points = {p.pk: p for p in saved}
    order = list(order)
    if list(previous) != [p.pk for p in saved]:
        raise Conflict(
            _("Someone else changed this agenda meanwhile. Nothing was saved; here is its order now."),
            current={"order": [p.pk for p in saved]},
        )
    if sorted(order) != sorted(points):
        raise ValidationError({"order": [_("Give every talking point of this meeting exactly once.")]})
    for position, pk in enumerate(order, start=1):
        points[pk].position = position
    TalkingPoint.objects.bulk_update(points.values(), ["position"])
    return [points[pk] for pk in order]


@transaction.atomic
def talking_point_delete(*, actor: Actor, point: TalkingPoint) -> None:
    _require(can_edit_agenda(actor, point.meeting), _("Only the two participants edit the agenda."))
    if point.author_id != require_employee(actor).pk:
        raise PermissionDenied(_("Only the author removes a talking point."))
    point.delete()


# --- Private notes -----------------------------------------------------------------------------


@transaction.atomic
def private_note_save(*, actor: Actor, meeting: Meeting, text: str) -> PrivateNote:
    # No audit event: even the fact of editing carries no content, but the note is nobody's business.
    _require(is_participant(actor, meeting.series), _("Only the two participants keep private notes."))
    text = (text or "").strip()
    if len(text) > 20000:
        raise ValidationError({"text": [_("Keep private notes under 20,000 characters.")]})
    note, _created = PrivateNote.objects.update_or_create(
        meeting=meeting, author=require_employee(actor), defaults={"text": text}
    )
    return note
