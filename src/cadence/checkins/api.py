"""Check-in API under /api/v1/check-ins, with the pages' permissions."""

from typing import Any

from django.db.models import QuerySet
from ninja import Router, Status
from ninja.pagination import paginate

from cadence.core.errors import errors
from cadence.core.http import ApiRequest
from cadence.core.pagination import LimitOffsetPagination
from cadence.feedback.schemas import ReactionIn, ReactionOut
from cadence.meetings.models import TalkingPoint
from cadence.people.permissions import require_employee

from . import selectors, services
from .models import CheckIn, CheckInComment, CheckInQuestion
from .schemas import (
    CheckInCommentIn,
    CheckInCommentOut,
    CheckInIn,
    CheckInOut,
    CheckInQuestionOut,
    CheckInSkipIn,
    CheckInTalkingPointIn,
    CheckInTalkingPointOut,
)

# Tagged "feedback" as when check-ins lived there: generated clients group operations by tag, so a new
# tag would move these methods to another client module.
router = Router(tags=["feedback"])


@router.get("/check-ins/questions", response={200: list[CheckInQuestionOut], **errors(403)})
def check_in_questions(request: ApiRequest) -> list[CheckInQuestion]:
    return selectors.checkin_questions_for(require_employee(request.auth))


@router.get("/check-ins", response={200: list[CheckInOut], **errors(422)})
@paginate(LimitOffsetPagination)
def check_in_list(request: ApiRequest, person: int | None = None, mine: bool = False) -> QuerySet[CheckIn]:
    """Your check-ins and those of everyone below you in the reporting line."""
    return selectors.check_in_list(actor=request.auth, person=person, mine=mine)


@router.get("/check-ins/{check_in_id}", response={200: CheckInOut, **errors(404, 422)})
def check_in_get(request: ApiRequest, check_in_id: int) -> CheckIn:
    return selectors.check_in_get(actor=request.auth, check_in_id=check_in_id)


@router.post("/check-ins", response={201: CheckInOut, **errors(403, 409, 422)})
def check_in_submit(request: ApiRequest, payload: CheckInIn) -> Status[CheckIn]:
    """Submit your check-in for the current period."""
    me = require_employee(request.auth)
    check_in = services.checkin_open_current(actor=request.auth)
    questions = selectors.checkin_questions_for(me)
    services.checkin_submit(
        actor=request.auth,
        check_in=check_in,
        mood=payload.mood,
        answers=payload.answers,
        questions=questions,
        carried=payload.carried,
        new_priorities=payload.priorities,
    )
    return Status(201, selectors.check_in_get(actor=request.auth, check_in_id=check_in.pk))


@router.post("/check-ins/{check_in_id}/skip", response={200: CheckInOut, **errors(403, 404, 422)})
def check_in_skip(request: ApiRequest, check_in_id: int, payload: CheckInSkipIn) -> CheckIn:
    check_in = selectors.check_in_get(actor=request.auth, check_in_id=check_in_id)
    services.checkin_skip(actor=request.auth, check_in=check_in, reason=payload.reason)
    return selectors.check_in_get(actor=request.auth, check_in_id=check_in_id)


@router.post("/check-ins/{check_in_id}/comments", response={201: CheckInCommentOut, **errors(403, 404, 422)})
def check_in_comment(
    request: ApiRequest, check_in_id: int, payload: CheckInCommentIn
) -> Status[CheckInComment]:
    check_in = selectors.check_in_get(actor=request.auth, check_in_id=check_in_id)
    return Status(201, services.checkin_comment(actor=request.auth, check_in=check_in, body=payload.body))


@router.post("/check-ins/{check_in_id}/reactions", response={200: ReactionOut, **errors(403, 404, 422)})
def check_in_react(request: ApiRequest, check_in_id: int, payload: ReactionIn) -> dict[str, Any]:
    check_in = selectors.check_in_get(actor=request.auth, check_in_id=check_in_id)
    added = services.checkin_react(actor=request.auth, check_in=check_in, kind=payload.kind)
    return {"kind": payload.kind, "added": added}


@router.post("/check-ins/{check_in_id}/review", response={200: CheckInOut, **errors(403, 404, 422)})
def check_in_review(request: ApiRequest, check_in_id: int) -> CheckIn:
    check_in = selectors.check_in_get(actor=request.auth, check_in_id=check_in_id)
    services.checkin_mark_reviewed(actor=request.auth, check_in=check_in)
    return selectors.check_in_get(actor=request.auth, check_in_id=check_in_id)


@router.post(
    "/check-ins/{check_in_id}/talking-points",
    response={201: CheckInTalkingPointOut, **errors(403, 404, 422)},
)
def check_in_talking_point(
    request: ApiRequest, check_in_id: int, payload: CheckInTalkingPointIn
) -> Status[TalkingPoint]:
    """Put an answer or priority on the agenda of your next 1:1 with the check-in's author (idempotent)."""
    check_in = selectors.check_in_get(actor=request.auth, check_in_id=check_in_id)
    point = services.checkin_item_to_talking_point(actor=request.auth, check_in=check_in, text=payload.text)
    return Status(201, point)
