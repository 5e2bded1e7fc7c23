"""Feedback API: praise, feedback and feedback requests, with the pages' permissions."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from cadence.core.errors import errors
from cadence.core.http import ApiRequest
from cadence.core.models import User
from cadence.core.pagination import LimitOffsetPagination, MarkedPages
from cadence.core.selectors import resolve_many, resolve_one
from cadence.goals.permissions import goals_visible_to
from cadence.people.models import Employee
from cadence.people.permissions import people_visible_to, require_employee

from . import selectors, services
from .coaching import feedback_coach as coach_draft
from .filters import PraiseFilters
from .models import (
    CompanyValue,
    Feedback,
    FeedbackRequest,
    Praise,
    PraiseComment,
)
from .schemas import (
    CompanyValueOut,
    FeedbackCoachIn,
    FeedbackCoachOut,
    FeedbackIn,
    FeedbackOut,
    FeedbackRequestAnswerIn,
    FeedbackRequestDeclineIn,
    FeedbackRequestIn,
    FeedbackRequestOut,
    PraiseCommentIn,
    PraiseCommentOut,
    PraiseIn,
    PraiseOut,
    ReactionIn,
    ReactionOut,
)

router = Router(tags=["feedback"])


def _people(actor: User, ids: list[int], field: str) -> list[Employee]:
    return resolve_many(people_visible_to(actor), ids, field=field, message=_("No person with id %(id)s."))


# Praise ---------------------------------------------------------------------------------------


@router.get("/praise/values", response={200: list[CompanyValueOut], **errors()})
def praise_values(request: ApiRequest) -> QuerySet[CompanyValue]:
    return selectors.company_value_list()


@router.get("/praise", response={200: list[PraiseOut], **errors(422)})
@paginate(LimitOffsetPagination)
def praise_list(request: ApiRequest, filters: Query[PraiseFilters]) -> MarkedPages[Praise]:
    return selectors.praise_pages(actor=request.auth, **filters.dict())


@router.get("/praise/{praise_id}", response={200: PraiseOut, **errors(404, 422)})
def praise_get(request: ApiRequest, praise_id: int) -> Praise:
    return selectors.praise_get(actor=request.auth, praise_id=praise_id)


@router.post("/praise", response={201: PraiseOut, **errors(403, 422)})
def praise_create(request: ApiRequest, payload: PraiseIn) -> Status[Praise]:
    require_employee(request.auth)
    recipients = _people(request.auth, payload.recipient_ids, "recipient_ids")
    values = resolve_many(
        selectors.company_value_list(active_only=False),
        payload.value_ids,
        field="value_ids",
        message=_("No company value with id %(id)s."),
    )
    praise = services.praise_create(
        actor=request.auth,
        recipients=recipients,
        values=values,
        message=payload.message,
        visibility=payload.visibility,
    )
    return Status(201, selectors.praise_get(actor=request.auth, praise_id=praise.pk))


@router.post("/praise/{praise_id}/reactions", response={200: ReactionOut, **errors(403, 404, 422)})
def praise_react(request: ApiRequest, praise_id: int, payload: ReactionIn) -> dict[str, Any]:
    praise = selectors.praise_get(actor=request.auth, praise_id=praise_id)
    require_employee(request.auth)
    added = services.praise_react(actor=request.auth, praise=praise, kind=payload.kind)
    return {"kind": payload.kind, "added": added}


@router.post("/praise/{praise_id}/comments", response={201: PraiseCommentOut, **errors(403, 404, 422)})
def praise_comment(request: ApiRequest, praise_id: int, payload: PraiseCommentIn) -> Status[PraiseComment]:
    praise = selectors.praise_get(actor=request.auth, praise_id=praise_id)
    require_employee(request.auth)
    return Status(201, services.praise_comment(actor=request.auth, praise=praise, body=payload.body))


# Feedback -------------------------------------------------------------------------------------


@router.get("/feedback", response={200: list[FeedbackOut], **errors(422)})
@paginate(LimitOffsetPagination)
def feedback_list(request: ApiRequest, box: str = "") -> MarkedPages[Feedback]:
    """`box`: received, given, team (about people you manage) or empty for everything you may see.
    `body` is null where you may know that feedback exists but not read it."""
    return selectors.feedback_list_readable(actor=request.auth, box=box)


@router.post("/feedback/coach", response={200: FeedbackCoachOut, **errors(403, 422)})
def feedback_coach(request: ApiRequest, payload: FeedbackCoachIn) -> dict[str, Any]:
    """Advice on a draft: vague, personal or very negative wording. Nothing is stored."""
    result = coach_draft(payload.body)
    return {"hints": result.hints, "sentiment": result.sentiment, "suggest_sbi": result.suggest_sbi}


@router.get("/feedback/{feedback_id}", response={200: FeedbackOut, **errors(404, 422)})
def feedback_get(request: ApiRequest, feedback_id: int) -> Feedback:
    return selectors.feedback_get(actor=request.auth, feedback_id=feedback_id)


@router.post("/feedback", response={201: FeedbackOut, **errors(403, 422)})
def feedback_create(request: ApiRequest, payload: FeedbackIn) -> Status[Feedback]:
    require_employee(request.auth)
    (recipient,) = _people(request.auth, [payload.recipient_id], "recipient_id")
    goal = None
    if payload.goal_id is not None:
        message = _("No goal with id %(id)s.")
        goal = resolve_one(goals_visible_to(request.auth), payload.goal_id, field="goal_id", message=message)
    feedback = services.feedback_give(
        actor=request.auth,
        recipient=recipient,
        body=payload.body,
        visibility=payload.visibility,
        **_competency_picked(recipient, payload.competency_id, payload.level_id),
        goal=goal,
    )
    return Status(201, selectors.feedback_get(actor=request.auth, feedback_id=feedback.pk))


def _competency_picked(
    recipient: Employee, competency_id: int | None, level_id: int | None
) -> dict[str, Any]:
    """The competency and level the ids name, from what the recipient's framework offers; 422 on the
    field otherwise."""
    if competency_id is None and level_id is None:
        return {}
    scope = selectors.competency_scope(recipient)
    competency = scope.competency(competency_id)
    level = scope.level(level_id)
    if competency is None:
        message = _("Choose a competency of %(name)s's framework.") % {"name": recipient.full_name}
        raise ValidationError({"competency_id": [message]})
    if level_id is not None and level is None:
        message = _("Choose a level of %(name)s's track.") % {"name": recipient.full_name}
        raise ValidationError({"level_id": [message]})
    return {"framework_competency": competency, "shown_level": level}


# Feedback requests ----------------------------------------------------------------------------


@router.get("/feedback-requests", response={200: list[FeedbackRequestOut], **errors(422)})
@paginate(LimitOffsetPagination)
def feedback_request_list(request: ApiRequest, box: str = "") -> QuerySet[FeedbackRequest]:
    """`box`: to_answer (open requests for you), sent, or empty for both."""
    return selectors.feedback_request_list(actor=request.auth, box=box)


@router.get("/feedback-requests/{request_id}", response={200: FeedbackRequestOut, **errors(404, 422)})
def feedback_request_get(request: ApiRequest, request_id: int) -> FeedbackRequest:
    return selectors.feedback_request_get(actor=request.auth, request_id=request_id)


@router.post("/feedback-requests", response={201: list[FeedbackRequestOut], **errors(403, 422)})
def feedback_request_create(request: ApiRequest, payload: FeedbackRequestIn) -> Status[list[FeedbackRequest]]:
    me = require_employee(request.auth)
    subject = me
    if payload.subject_id is not None and payload.subject_id != me.pk:
        (subject,) = _people(request.auth, [payload.subject_id], "subject_id")
    respondents = _people(request.auth, payload.respondent_ids, "respondent_ids")
    created = services.feedback_request_create(
        actor=request.auth, subject=subject, respondents=respondents, questions=payload.questions
    )
    return Status(201, created)


@router.post(
    "/feedback-requests/{request_id}/answer", response={201: FeedbackOut, **errors(403, 404, 409, 422)}
)
def feedback_request_answer(
    request: ApiRequest, request_id: int, payload: FeedbackRequestAnswerIn
) -> Status[Feedback]:
    fb_request = selectors.feedback_request_get(actor=request.auth, request_id=request_id)
    feedback = services.feedback_request_answer(
        actor=request.auth,
        request=fb_request,
        body=payload.body,
        visibility=payload.visibility,
        **_competency_picked(fb_request.subject, payload.competency_id, payload.level_id),
    )
    return Status(201, selectors.feedback_get(actor=request.auth, feedback_id=feedback.pk))


@router.post(
    "/feedback-requests/{request_id}/decline",
    response={200: FeedbackRequestOut, **errors(403, 404, 409, 422)},
)
def feedback_request_decline(
    request: ApiRequest, request_id: int, payload: FeedbackRequestDeclineIn
) -> FeedbackRequest:
    fb_request = selectors.feedback_request_get(actor=request.auth, request_id=request_id)
    return services.feedback_request_decline(actor=request.auth, request=fb_request, reason=payload.reason)
