# (ninja sets request.auth, which django-stubs does not know)
"""1:1 API. Same rules as the pages: a series' dates and cadence are visible to its participants,
the manager chain above the employee and HR; its agenda (talking points, action items) only to the
two participants; a private note only to its author, through /meetings/{id}/private-note, which
always answers with the caller's own note."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from cadence.core.errors import errors
from cadence.core.http import ApiRequest
from cadence.core.markdown import render_markdown
from cadence.core.pagination import LimitOffsetPagination, MarkedPages
from cadence.core.selectors import resolve_one
from cadence.core.versioning import sent_version, with_etag
from cadence.people.models import Employee
from cadence.people.selectors import person_list

from . import action_items, selectors, services, shared_notes
from .models import ActionItem, AgendaTemplate, Meeting, Series, SharedNote, TalkingPoint
from .schemas import (
    ActionItemIn,
    ActionItemOut,
    ActionItemPatch,
    MeetingIn,
    MeetingOut,
    MeetingPatch,
    PrivateNoteIn,
    PrivateNoteOut,
    SeriesIn,
    SeriesOut,
    SeriesPatch,
    SharedNoteOut,
    SharedNotePatch,
    TalkingPointIn,
    TalkingPointOrderIn,
    TalkingPointOut,
    TalkingPointPatch,
)

router = Router(tags=["one-on-ones"])


def _person(request: ApiRequest, pk: int, field: str) -> Employee:
    """A person the caller can see in the directory, or a 422 naming the field."""
    person = resolve_one(
        person_list(actor=request.auth), pk, field=field, message=_("No person with id %(id)s.")
    )
    assert person is not None
    return person


def _template(request: ApiRequest, pk: int | None) -> AgendaTemplate | None:
    templates = selectors.template_list(actor=request.auth)
    return resolve_one(templates, pk, field="template_id", message=_("No template with id %(id)s."))


class SeriesFilters(Schema):
    person: int | None = None
    active: bool | None = None


@router.get("/one-on-ones", response={200: list[SeriesOut], **errors(422)})
@paginate(LimitOffsetPagination)
def series_list(request: ApiRequest, filters: Query[SeriesFilters]) -> QuerySet[Series]:
    """1:1 series you take part in, manage (through the reporting line) or, as HR, all of them."""
    return selectors.series_list(actor=request.auth, person=filters.person, active=filters.active)


@router.post("/one-on-ones", response={201: SeriesOut, **errors(403, 422)})
def series_create(request: ApiRequest, payload: SeriesIn) -> Status[Series]:
    """Set up a 1:1 you take part in; its first meeting is created with the template's agenda."""
    employee = _person(request, payload.employee_id, "employee_id")
    series = services.series_create(
        actor=request.auth,
        employee=employee,
        manager=None if payload.manager_id is None else _person(request, payload.manager_id, "manager_id"),
        cadence=payload.cadence,
        duration_minutes=payload.duration_minutes,
        first_meeting_at=payload.first_meeting_at,
        template=_template(request, payload.template_id),
    )
    return Status(201, selectors.series_get(actor=request.auth, series_id=series.pk))


@router.get("/one-on-ones/{series_id}", response={200: SeriesOut, **errors(404, 422)})
def series_get(request: ApiRequest, series_id: int, response: HttpResponse) -> Series:
    return with_etag(response, selectors.series_get(actor=request.auth, series_id=series_id))


@router.patch("/one-on-ones/{series_id}", response={200: SeriesOut, **errors(403, 404, 409, 422)})
def series_update(
    request: ApiRequest, series_id: int, payload: SeriesPatch, response: HttpResponse
) -> Series:
    """Change the cadence, length or template (send the `version` you edited, or If-Match), or end
    the series."""
    series = selectors.series_get(actor=request.auth, series_id=series_id)
    data = payload.dict(exclude_unset=True)
    version = sent_version(request, data.get("version"))
    if {"cadence", "duration_minutes", "template_id"} & set(data):
        series = services.series_update(
            actor=request.auth,
            series=series,
            version=version,
            cadence=data.get("cadence"),
            duration_minutes=data.get("duration_minutes"),
            template=_template(request, data.get("template_id")),
            clear_template="template_id" in data and data["template_id"] is None,
        )
        version = series.version
    if data.get("ended"):
        services.series_end(actor=request.auth, series=series, version=version)
    return with_etag(response, selectors.series_get(actor=request.auth, series_id=series_id))


@router.get("/one-on-ones/{series_id}/meetings", response={200: list[MeetingOut], **errors(404, 422)})
@paginate(LimitOffsetPagination)
def meetings_list(request: ApiRequest, series_id: int) -> QuerySet[Meeting]:
    """Meeting dates and status, newest first; visible to whoever sees the series."""
    return selectors.meeting_list(series=selectors.series_get(actor=request.auth, series_id=series_id))


@router.post("/one-on-ones/{series_id}/meetings", response={201: MeetingOut, **errors(403, 404, 422)})
def meetings_create(request: ApiRequest, series_id: int, payload: MeetingIn) -> Status[Meeting]:
    series = selectors.series_get(actor=request.auth, series_id=series_id)
    return Status(
        201,
        services.meeting_schedule(actor=request.auth, series=series, scheduled_at=payload.scheduled_at),
    )


@router.get("/meetings/{meeting_id}", response={200: MeetingOut, **errors(404, 422)})
def meetings_get(request: ApiRequest, meeting_id: int, response: HttpResponse) -> Meeting:
    return with_etag(response, selectors.meeting_dates_get(actor=request.auth, meeting_id=meeting_id))


@router.patch("/meetings/{meeting_id}", response={200: MeetingOut, **errors(403, 404, 409, 422)})
def meetings_update(
    request: ApiRequest, meeting_id: int, payload: MeetingPatch, response: HttpResponse
) -> Meeting:
    """Reschedule (send the `version` you edited, or If-Match), complete (undiscussed points move
    to the next meeting) or cancel a meeting."""
    meeting = selectors.meeting_get(actor=request.auth, meeting_id=meeting_id)
    version = sent_version(request, payload.version)
    if payload.scheduled_at is not None:
        meeting = services.meeting_reschedule(
            actor=request.auth, meeting=meeting, version=version, scheduled_at=payload.scheduled_at
        )
        version = meeting.version
    if payload.status == "completed":
        meeting = services.meeting_complete(actor=request.auth, meeting=meeting, version=version)
    elif payload.status == "cancelled":
        meeting = services.meeting_cancel(actor=request.auth, meeting=meeting, version=version)
    return with_etag(response, meeting)


@router.get(
    "/meetings/{meeting_id}/talking-points", response={200: list[TalkingPointOut], **errors(404, 422)}
)
@paginate(LimitOffsetPagination)
def talking_points_list(request: ApiRequest, meeting_id: int) -> MarkedPages[TalkingPoint]:
    """The agenda, in order. Participants only: to everyone else the meeting's agenda does not exist."""
    meeting = selectors.meeting_get(actor=request.auth, meeting_id=meeting_id)
    return selectors.linked_points(actor=request.auth, meeting=meeting)


@router.post(
    "/meetings/{meeting_id}/talking-points", response={201: TalkingPointOut, **errors(403, 404, 422)}
)
def talking_points_create(
    request: ApiRequest, meeting_id: int, payload: TalkingPointIn
) -> Status[TalkingPoint]:
    """A point in your words (`text`), or one about a goal or feedback item (`link`)."""
    meeting = selectors.meeting_get(actor=request.auth, meeting_id=meeting_id)
    if (payload.text is None) == (payload.link is None):
        raise ValidationError({"text": [_("Send either a text or a link.")]})
    if payload.link is not None:
        point = services.talking_point_link(
            actor=request.auth, meeting=meeting, kind=payload.link.kind, target_id=payload.link.id
        )
    else:
        point = services.talking_point_add(actor=request.auth, meeting=meeting, text=payload.text or "")
    return Status(201, selectors.talking_point_get(actor=request.auth, point_id=point.pk))


@router.put(
    "/meetings/{meeting_id}/talking-points/order",
    response={200: list[TalkingPointOut], **errors(403, 404, 409, 422)},
)
def talking_points_reorder(
    request: ApiRequest, meeting_id: int, payload: TalkingPointOrderIn
) -> list[TalkingPoint]:
    """Reorder the agenda; `previous` is the order you started from, checked like a version."""
    meeting = selectors.meeting_get(actor=request.auth, meeting_id=meeting_id)
    services.talking_point_reorder(
        actor=request.auth, meeting=meeting, order=payload.order, previous=payload.previous
    )
    return selectors.with_links(list(selectors.talking_point_list(meeting=meeting)), request.auth)


@router.patch("/talking-points/{point_id}", response={200: TalkingPointOut, **errors(403, 404, 409, 422)})
def talking_points_update(
    request: ApiRequest, point_id: int, payload: TalkingPointPatch, response: HttpResponse
) -> TalkingPoint:
    """Reword (author only) or mark discussed (send the `version` you edited, or If-Match), or move
    one step up or down."""
    point = selectors.talking_point_get(actor=request.auth, point_id=point_id)
    if payload.text is not None or payload.discussed is not None:
        services.talking_point_update(
            actor=request.auth,
            point=point,
            version=sent_version(request, payload.version),
            text=payload.text,
            discussed=payload.discussed,
        )
    if payload.move is not None:
        services.talking_point_move(actor=request.auth, point=point, direction=payload.move)
    return with_etag(response, selectors.talking_point_get(actor=request.auth, point_id=point_id))


@router.delete("/talking-points/{point_id}", response={204: None, **errors(403, 404, 422)})
def talking_points_delete(request: ApiRequest, point_id: int) -> Status[None]:
    point = selectors.talking_point_get(actor=request.auth, point_id=point_id)
    services.talking_point_delete(actor=request.auth, point=point)
    return Status(204, None)


@router.get("/meetings/{meeting_id}/private-note", response={200: PrivateNoteOut, **errors(404, 422)})
def private_note_get(request: ApiRequest, meeting_id: int) -> dict[str, Any]:
    """Your own private note on the meeting (empty if you wrote none). Nobody can read another's."""
    meeting = selectors.meeting_get(actor=request.auth, meeting_id=meeting_id)
    note = selectors.private_note_get(actor=request.auth, meeting=meeting)
    return {
        "meeting_id": meeting.pk,
        "text": note.text if note else "",
        "updated_at": note.updated_at if note else None,
    }


@router.put("/meetings/{meeting_id}/private-note", response={200: PrivateNoteOut, **errors(403, 404, 422)})
def private_note_put(request: ApiRequest, meeting_id: int, payload: PrivateNoteIn) -> dict[str, Any]:
    meeting = selectors.meeting_get(actor=request.auth, meeting_id=meeting_id)
    note = services.private_note_save(actor=request.auth, meeting=meeting, text=payload.text)
    return {"meeting_id": meeting.pk, "text": note.text, "updated_at": note.updated_at}


def _shared_note_out(response: HttpResponse, note: SharedNote) -> dict[str, Any]:
    with_etag(response, note)
    return {
        "meeting_id": note.meeting_id,
        "version": note.version,
        "text": note.text,
        "html": render_markdown(note.text),
        "edited_by": note.edited_by,
        "updated_at": note.updated_at,
    }


@router.get("/meetings/{meeting_id}/shared-note", response={200: SharedNoteOut, **errors(404, 422)})
def shared_note_get(request: ApiRequest, meeting_id: int, response: HttpResponse) -> dict[str, Any]:
    """The notes both participants keep on the meeting (empty at version 1 before the first save).
    Participants only: to everyone else the meeting does not exist."""
    meeting = selectors.meeting_get(actor=request.auth, meeting_id=meeting_id)
    return _shared_note_out(response, selectors.shared_note_get(actor=request.auth, meeting=meeting))


@router.patch(
    "/meetings/{meeting_id}/shared-note", response={200: SharedNoteOut, **errors(403, 404, 409, 422)}
)
def shared_note_patch(
    request: ApiRequest, meeting_id: int, payload: SharedNotePatch, response: HttpResponse
) -> dict[str, Any]:
    """Save the shared notes from the `version` you read (or If-Match); a stale one answers 409."""
    meeting = selectors.meeting_get(actor=request.auth, meeting_id=meeting_id)
    note = shared_notes.shared_note_save(
        actor=request.auth, meeting=meeting, version=sent_version(request, payload.version), text=payload.text
    )
    return _shared_note_out(response, note)


class ActionItemFilters(Schema):
    series: int | None = None
    meeting: int | None = None
    open: bool | None = None
    mine: bool = False


@router.get("/action-items", response={200: list[ActionItemOut], **errors(422)})
@paginate(LimitOffsetPagination)
def action_items_list(request: ApiRequest, filters: Query[ActionItemFilters]) -> QuerySet[ActionItem]:
    """Action items of the 1:1s you take part in. `mine=true` gives the ones you own."""
    return selectors.action_item_list(actor=request.auth, **filters.dict())


@router.post("/action-items", response={201: ActionItemOut, **errors(403, 404, 422)})
def action_items_create(request: ApiRequest, payload: ActionItemIn) -> Status[ActionItem]:
    """Add an action item to a meeting; it goes on the owner's to-do list."""
    meeting = selectors.meeting_get(actor=request.auth, meeting_id=payload.meeting_id)
    series = meeting.series
    owner = {series.manager_id: series.manager, series.employee_id: series.employee}.get(payload.owner_id)
    item = action_items.action_item_add(
        actor=request.auth, meeting=meeting, title=payload.title, owner=owner,
        due_date=payload.due_date,
    )  # fmt: skip
    return Status(201, selectors.action_item_get(actor=request.auth, item_id=item.pk))


@router.patch("/action-items/{item_id}", response={200: ActionItemOut, **errors(403, 404, 409, 422)})
def action_items_update(
    request: ApiRequest, item_id: int, payload: ActionItemPatch, response: HttpResponse
) -> ActionItem:
    """Change the fields sent, from the `version` you edited (or If-Match)."""
    item = selectors.action_item_get(actor=request.auth, item_id=item_id)
    data = payload.dict(exclude_unset=True)
    owner = None
    if data.get("owner_id") is not None:
        series = item.meeting.series
        owner = {series.manager_id: series.manager, series.employee_id: series.employee}.get(data["owner_id"])
        if owner is None:
            raise ValidationError({"owner_id": [_("The owner must be one of the two participants.")]})
    action_items.action_item_update(
        actor=request.auth,
        item=item,
        version=sent_version(request, data.get("version")),
        title=data.get("title"),
        owner=owner,
        due_date=data.get("due_date"),
        clear_due_date="due_date" in data and data["due_date"] is None,
        done=data.get("done"),
    )
    return with_etag(response, selectors.action_item_get(actor=request.auth, item_id=item_id))
