"""The check-in API's schemas. Their names are the OpenAPI component names clients were generated
with while check-ins lived in the feedback app; keep them."""

import datetime

from ninja import Field, Schema
from pydantic import StrictInt

from cadence.core.schemas import InputSchema
from cadence.people.schemas import PersonRef

from .models import CheckIn


class CheckInAnswerOut(Schema):
    question: str
    answer: str


class CheckInPriorityOut(Schema):
    id: int
    text: str
    status: str
    carried_from_id: int | None


class CheckInOut(Schema):
    id: int
    author: PersonRef
    period_start: datetime.date
    status: str
    mood: int | None
    answers: list[CheckInAnswerOut]
    priorities: list[CheckInPriorityOut]
    skip_reason: str
    submitted_at: datetime.datetime | None
    edited_at: datetime.datetime | None = Field(None, description="Last changed after submitting.")
    reviewed_at: datetime.datetime | None

    @staticmethod
    def resolve_priorities(obj: CheckIn) -> list:
        return list(obj.priorities.all())


class CheckInIn(InputSchema):
    mood: StrictInt = Field(..., ge=1, le=5)
    answers: dict[int, str] = Field({}, description="Answer per question id (see /check-ins/questions).")
    carried: dict[int, str] = Field({}, description="Earlier open priority id → done, carried or dropped.")
    priorities: list[str] = Field([], max_length=20)


class CheckInDraftIn(InputSchema):
    """What you have so far: nothing is required, nothing is submitted or decided yet."""

    mood: StrictInt | None = Field(None, ge=1, le=5)
    answers: dict[int, str] = Field({}, description="Answer per question id (see /check-ins/questions).")
    carried: dict[int, str] = Field({}, description="Earlier open priority id → done, carried or dropped.")
    priorities: list[str] = Field([], max_length=20)


class CheckInSkipIn(InputSchema):
    reason: str = Field("", max_length=200)


class CheckInQuestionOut(Schema):
    id: int
    text: str


class CheckInTalkingPointIn(InputSchema):
    text: str = Field(max_length=5000)


class CheckInTalkingPointOut(Schema):
    id: int
    meeting_id: int
    text: str


class CheckInCommentIn(InputSchema):
    """A comment on a check-in."""

    body: str = Field(..., min_length=1, max_length=2000)


class CheckInCommentOut(Schema):
    """A comment on a check-in."""

    id: int
    author: PersonRef
    body: str
    created_at: datetime.datetime
