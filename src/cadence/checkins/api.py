"""Check-in API under /api/v1/check-ins, with the pages' permissions."""

from typing import Any

from django.db.models import QuerySet
from ninja import Router, Status
from ninja.pagination import paginate

from cadence.core.errors import errors
from cadence.core.http import ApiRequest
from cadence.core.pagination import LimitOffsetPagination
from cadence.core.schemas import published_as
from cadence.feedback.schemas import ReactionIn, ReactionOut
from cadence.meetings.models import TalkingPoint
from cadence.people.permissions import require_employee

from . import selectors, services
from .models import CheckIn, CheckInComment, CheckInQuestion
from .schemas import (
    CheckInCommentIn,
    CheckInCommentOut,
    CheckInDraftIn,
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

# The API keeps the names it was published with, spelt check_in: the path parameter `check_in_id` and
# the operation ids (a generated client's method names). The functions here use the code's spelling.


@router.get(
    "/check-ins/questions",
    response={200: list[CheckInQuestionOut], **errors(403)},
    **published_as("check_in_questions"),
)
def checkin_questions(request: ApiRequest) -> list[CheckInQuestion]:
    return selectors.checkin_questions_for(require_employee(request.auth))


@router.get("/check-ins", response={200: list[CheckInOut], **errors(422)}, **published_as("check_in_list"))
@paginate(LimitOffsetPagination)
def checkin_list(request: ApiRequest, person: int | None = None, mine: bool = False) -> QuerySet[CheckIn]:
    """Your check-ins and those of everyone below you in the reporting line."""
    return selectors.checkin_list(actor=request.auth, person=person, mine=mine)


@router.post(
    "/check-ins/draft",
    response={200: CheckInOut, **errors(403, 409, 422)},
    **published_as("check_in_save_draft"),
)
def checkin_save_draft(request: ApiRequest, payload: CheckInDraftIn) -> CheckIn:
    """Save a draft of your check-in for the current period; submit it with POST /check-ins."""
    checkin = services.checkin_open_current(actor=request.auth)
    services.checkin_save_draft(
        actor=request.auth,
        checkin=checkin,
        mood=payload.mood,
        answers=payload.answers,
        carried=payload.carried,
        new_priorities=payload.priorities,
    )
    return selectors.checkin_get(actor=request.auth, checkin_id=checkin.pk)


@router.get(
    "/check-ins/{check_in_id}", response={200: CheckInOut, **errors(404, 422)}, **published_as("check_in_get")
)
def checkin_get(request: ApiRequest, check_in_id: int) -> CheckIn:
    return selectors.checkin_get(actor=request.auth, checkin_id=check_in_id)


@router.post(
    "/check-ins", response={201: CheckInOut, **errors(403, 409, 422)}, **published_as("check_in_submit")
)
def checkin_submit(request: ApiRequest, payload: CheckInIn) -> Status[CheckIn]:
    """Submit your check-in for the current period."""
    me = require_employee(request.auth)
    checkin = services.checkin_open_current(actor=request.auth)
    questions = selectors.checkin_questions_for(me)
    services.checkin_submit(
        actor=request.auth,
        checkin=checkin,
        mood=payload.mood,
        answers=payload.answers,
        questions=questions,
        carried=payload.carried,
        new_priorities=payload.priorities,
    )
    return Status(201, selectors.checkin_get(actor=request.auth, checkin_id=checkin.pk))


@router.put(
    "/check-ins/{check_in_id}",
    response={200: CheckInOut, **errors(403, 404, 409, 422)},
    **published_as("check_in_update"),
)
def checkin_update(request: ApiRequest, check_in_id: int, payload: CheckInIn) -> CheckIn:
    """Change your submitted check-in, until a manager has reviewed it (409 after the review)."""
    checkin = selectors.checkin_get(actor=request.auth, checkin_id=check_in_id)
    services.checkin_update(
        actor=request.auth,
        checkin=checkin,
        mood=payload.mood,
        answers=payload.answers,
        questions=selectors.checkin_questions_for(checkin.author),
        carried=payload.carried,
        new_priorities=payload.priorities,
    )
    return selectors.checkin_get(actor=request.auth, checkin_id=check_in_id)


@router.post(
    "/check-ins/{check_in_id}/skip",
    response={200: CheckInOut, **errors(403, 404, 422)},
    **published_as("check_in_skip"),
)
def checkin_skip(request: ApiRequest, check_in_id: int, payload: CheckInSkipIn) -> CheckIn:
    checkin = selectors.checkin_get(actor=request.auth, checkin_id=check_in_id)
    services.checkin_skip(actor=request.auth, checkin=checkin, reason=payload.reason)
    return selectors.checkin_get(actor=request.auth, checkin_id=check_in_id)


@router.post(
    "/check-ins/{check_in_id}/comments",
    response={201: CheckInCommentOut, **errors(403, 404, 422)},
    **published_as("check_in_comment"),
)
def checkin_comment(
    request: ApiRequest, check_in_id: int, payload: CheckInCommentIn
) -> Status[CheckInComment]:
    checkin = selectors.checkin_get(actor=request.auth, checkin_id=check_in_id)
    return Status(201, services.checkin_comment(actor=request.auth, checkin=checkin, body=payload.body))


@router.post(
    "/check-ins/{check_in_id}/reactions",
    response={200: ReactionOut, **errors(403, 404, 422)},
    **published_as("check_in_react"),
)
def checkin_react(request: ApiRequest, check_in_id: int, payload: ReactionIn) -> dict[str, Any]:
    checkin = selectors.checkin_get(actor=request.auth, checkin_id=check_in_id)
    added = services.checkin_react(actor=request.auth, checkin=checkin, kind=payload.kind)
    return {"kind": payload.kind, "added": added}


@router.post(
    "/check-ins/{check_in_id}/review",
    response={200: CheckInOut, **errors(403, 404, 422)},
    **published_as("check_in_review"),
)
def checkin_review(request: ApiRequest, check_in_id: int) -> CheckIn:
    checkin = selectors.checkin_get(actor=request.auth, checkin_id=check_in_id)
    services.checkin_mark_reviewed(actor=request.auth, checkin=checkin)
    return selectors.checkin_get(actor=request.auth, checkin_id=check_in_id)


@router.post(
    "/check-ins/{check_in_id}/talking-points",
    response={201: CheckInTalkingPointOut, **errors(403, 404, 422)},
    **published_as("check_in_talking_point"),
)
def checkin_talking_point(
    request: ApiRequest, check_in_id: int, payload: CheckInTalkingPointIn
) -> Status[TalkingPoint]:
    """Put an answer or priority on the agenda of your next 1:1 with the check-in's author (idempotent)."""
    checkin = selectors.checkin_get(actor=request.auth, checkin_id=check_in_id)
    point = services.checkin_item_to_talking_point(actor=request.auth, checkin=checkin, text=payload.text)
    return Status(201, point)
