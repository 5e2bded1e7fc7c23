import datetime
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import StrictBool, StrictInt

from cadence.core.schemas import InputSchema, IsoDate, IsoDateTime, VersionedInput
from cadence.people.schemas import PersonRef

from .models import Cadence, Series
from .selectors import is_overdue


class SeriesOut(Schema):
    """What anyone who may see the series gets: people, cadence and dates. No agenda."""

    id: int
    version: int
    manager: PersonRef
    employee: PersonRef
    cadence: Cadence
    duration_minutes: int
    template_id: int | None
    active: bool = Field(..., alias="is_active")
    ended_at: datetime.datetime | None
    last_held_at: datetime.datetime | None = None
    next_at: datetime.datetime | None = None
    overdue: bool = False

    @staticmethod
    def resolve_overdue(obj: Series) -> bool:
        return is_overdue(obj)


class SeriesIn(InputSchema):
    employee_id: StrictInt = Field(..., description="The employee; you unless you lead the 1:1.")
    manager_id: StrictInt | None = Field(None, description="Who leads the 1:1; defaults to you.")
    cadence: Cadence = Cadence.WEEKLY
    duration_minutes: StrictInt = Field(30, ge=10, le=240)
    first_meeting_at: IsoDateTime
    template_id: StrictInt | None = None


class SeriesPatch(VersionedInput):
    cadence: Cadence | None = None
    duration_minutes: StrictInt | None = Field(None, ge=10, le=240)
    template_id: StrictInt | None = None
    ended: StrictBool | None = Field(
        None, description="true ends the series (cannot be undone); needs no version, checks one sent."
    )


class MeetingOut(Schema):
    id: int
    version: int
    series_id: int
    scheduled_at: datetime.datetime
    ends_at: datetime.datetime
    duration_minutes: int
    status: str
    completed_at: datetime.datetime | None


class MeetingIn(InputSchema):
    scheduled_at: IsoDateTime


class MeetingPatch(VersionedInput):
    scheduled_at: IsoDateTime | None = None
    status: Literal["completed", "cancelled"] | None = Field(
        None, description="Complete or cancel the meeting; needs no version, checks one sent."
    )


class TalkingPointLinkOut(Schema):
    kind: str = Field(..., description="What the point is about: goal or feedback.")
    id: int
    title: str
    url: str


class TalkingPointOut(Schema):
    id: int
    version: int
    meeting_id: int
    author: PersonRef
    text: str = Field(
        ..., description="For a point about something you may not see, a note saying so instead."
    )
    position: int
    discussed: bool
    carried_from_id: int | None
    link: TalkingPointLinkOut | None = Field(
        None, description="The goal or feedback the point is about, if you may see it."
    )
    link_hidden: bool = Field(False, description="The point is about something you may not see.")

    @staticmethod
    def resolve_link(obj: Any) -> dict[str, Any] | None:
        link = getattr(obj, "link", None)
        if link is None:
            return None
        return {"kind": obj.link_kind, "id": obj.link_id, "title": link.title, "url": link.url}


class TalkingPointLinkIn(InputSchema):
    kind: Literal["goal", "feedback"]
    id: StrictInt = Field(..., ge=1, le=2**63 - 1)


class TalkingPointIn(InputSchema):
    text: str | None = Field(None, min_length=1, max_length=500)
    link: TalkingPointLinkIn | None = Field(
        None,
        description="Instead of text: a goal or feedback item of either participant that both may "
        "see; its title becomes the text.",
    )


class TalkingPointPatch(VersionedInput):
    text: str | None = Field(None, min_length=1, max_length=500)
    discussed: StrictBool | None = None
    move: Literal["up", "down"] | None = Field(
        None, description="One step up or down from where it is now; needs no version."
    )


class TalkingPointOrderIn(InputSchema):
    order: list[StrictInt] = Field(
        ..., description="Every talking point id of the meeting, in the new order."
    )
    previous: list[StrictInt] = Field(
        ...,
        description="The order you started from (the ids as the agenda listed them). If the agenda "
        "changed since, 409 with its order now in current.order.",
    )


class ActionItemOut(Schema):
    id: int
    version: int
    series_id: int
    meeting_id: int
    owner: PersonRef
    title: str
    due_date: datetime.date | None
    done: bool = Field(..., alias="is_done")
    done_at: datetime.datetime | None


class ActionItemIn(InputSchema):
    meeting_id: StrictInt
    title: str = Field(..., min_length=1, max_length=300)
    owner_id: StrictInt
    due_date: IsoDate | None = None


class ActionItemPatch(VersionedInput):
    title: str | None = Field(None, min_length=1, max_length=300)
    owner_id: StrictInt | None = None
    due_date: IsoDate | None = None
    done: StrictBool | None = None


class PrivateNoteOut(Schema):
    meeting_id: int
    text: str
    updated_at: datetime.datetime | None


class PrivateNoteIn(InputSchema):
    text: str = Field("", max_length=20000)


class SharedNoteOut(Schema):
    meeting_id: int
    version: int = Field(..., description="1 before the first save.")
    text: str = Field(..., description="Markdown.")
    html: str = Field(..., description="The text rendered, sanitised.")
    edited_by: PersonRef | None
    updated_at: datetime.datetime | None


class SharedNotePatch(VersionedInput):
    text: str = Field(..., max_length=20000)
