"""Goals API: cycles, goals with key results and progress, check-ins, the alignment tree.
Same permissions as the pages: goals the caller may not see answer 404."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from cadence.core.errors import errors
from cadence.core.http import ApiRequest
from cadence.core.models import User
from cadence.core.pagination import LimitOffsetPagination, MarkedPages
from cadence.core.schemas import published_as
from cadence.core.selectors import resolve_many, resolve_refs
from cadence.core.versioning import sent_version, with_etag
from cadence.people.models import Employee
from cadence.people.permissions import employee_of, people_visible_to
from cadence.people.selectors import department_choices, team_list

from . import cycles, selectors, services
from .filters import GoalFilters
from .forms import MAX_CONTRIBUTORS
from .models import Goal, GoalComment, GoalCycle, KeyResultUpdate
from .schemas import (
    GoalCommentIn,
    GoalCommentOut,
    GoalCycleIn,
    GoalCycleOpenIn,
    GoalCycleOut,
    GoalDetailOut,
    GoalIn,
    GoalOut,
    GoalPatchIn,
    KeyResultCheckInIn,
    KeyResultCheckInOut,
    KeyResultOut,
    TreeNodeOut,
)

router = Router(tags=["goals"])


@router.get("/goal-cycles", response={200: list[GoalCycleOut], **errors(422)})
@paginate(LimitOffsetPagination)
def goal_cycles_list(request: ApiRequest) -> QuerySet[GoalCycle]:
    return selectors.cycle_list(actor=request.auth)


@router.post("/goal-cycles", response={201: GoalCycleOut, **errors(403, 422)})
def goal_cycles_create(request: ApiRequest, payload: GoalCycleIn) -> Status[GoalCycle]:
    return Status(201, cycles.cycle_create(actor=request.auth, **payload.dict()))


@router.post("/goal-cycles/{cycle_id}/open", response={200: GoalCycleOut, **errors(403, 404, 422)})
def goal_cycles_open(request: ApiRequest, cycle_id: int, payload: GoalCycleOpenIn) -> GoalCycle:
    """Open a planned cycle for drafting: everyone with no objective in it is asked to write goals.
    Without `confirm: true`, 422 says how many people that is."""
    cycle = selectors.cycle_get(actor=request.auth, cycle_id=cycle_id)
    people = selectors.cycle_drafting_reach(actor=request.auth, cycle=cycle)
    if not payload.confirm:
        message = _("Opening this cycle asks %(n)s people to write goals; send confirm: true.")
        raise ValidationError({"confirm": [message % {"n": people}]})
    return cycles.cycle_open_drafting(actor=request.auth, cycle=cycle, people=people)


@router.delete("/goal-cycles/{cycle_id}", response={204: None, **errors(403, 404, 422)})
def goal_cycles_delete(request: ApiRequest, cycle_id: int) -> Status[None]:
    """Delete a cycle that has no objectives (422 otherwise: close it instead)."""
    cycles.cycle_delete(actor=request.auth, cycle=selectors.cycle_get(actor=request.auth, cycle_id=cycle_id))
    return Status(204, None)


@router.get("/goals", response={200: list[GoalOut], **errors(422)})
@paginate(LimitOffsetPagination)
def goals_list(request: ApiRequest, filters: Query[GoalFilters]) -> MarkedPages[Goal]:
    return selectors.goal_pages(actor=request.auth, with_contributors=True, **filters.selection())


def _resolve(data: dict[str, Any], actor: User) -> dict[str, Any]:
    """Turn *_id fields into objects, answering 422 for ids that do not exist or cannot be seen."""
    sources = {
        "cycle": selectors.cycle_list(actor=actor),
        # A person the actor may not see answers like a missing one (no 403 that says who exists).
        "owner_employee": people_visible_to(actor),
        "owner_team": team_list(actor=actor),
        "owner_department": department_choices(actor=actor),
        "parent": selectors.goals_visible_to(actor),
    }
    contributor_ids = data.pop("contributor_ids", None)
    errors: dict[str, list[str]] = {}
    try:
        resolve_refs(data, sources)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if contributor_ids is not None:
        try:
            data["contributors"] = _contributors(contributor_ids, actor)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return data


def _resolve_develops(data: dict[str, Any], *, level: str, owner: Employee | None) -> None:
    """`develops_id`, when sent, as a competency of the owner's framework (the general one for goals
    without an owner); 422 otherwise."""
    if "develops_id" not in data:
        return
    pk = data.pop("develops_id")
    choices = {c.pk: c for c in selectors.develops_choices(owner if level == Goal.Level.INDIVIDUAL else None)}
    if pk is not None and pk not in choices:
        message = _("No competency with id %(id)s in the owner's framework.") % {"id": pk}
        raise ValidationError({"develops_id": [message]})
    data["develops"] = choices.get(pk) if pk is not None else None


def _contributors(ids: list[int], actor: User) -> list[Employee]:
    """The people named by id, each one someone the actor can see (as on the goal form)."""
    if len(set(ids)) > MAX_CONTRIBUTORS:
        raise ValidationError(
            {"contributor_ids": [_("At most %(n)s contributors.") % {"n": MAX_CONTRIBUTORS}]}
        )
    message = _("No person with id %(id)s.")
    return resolve_many(people_visible_to(actor), ids, field="contributor_ids", message=message)


@router.post("/goals", response={201: GoalDetailOut, **errors(403, 422)})
def goals_create(request: ApiRequest, payload: GoalIn) -> Status[Goal]:
    data = _resolve(payload.dict(), request.auth)
    key_results = data.pop("key_results")
    if data["level"] == Goal.Level.INDIVIDUAL and data.get("owner_employee") is None:
        data["owner_employee"] = employee_of(request.auth)  # mine unless I say whose
    _resolve_develops(data, level=data["level"], owner=data.get("owner_employee"))
    goal = services.goal_create(actor=request.auth, key_results=key_results, **data)
    return Status(201, selectors.goal_get(actor=request.auth, goal_id=goal.pk))


# Fields a PATCH may leave out but not set to null (the others: null clears them).
NOT_NULL = ("cycle_id", "title", "description", "level", "goal_type", "visibility", "weight", "rollup")


@router.patch("/goals/{goal_id}", response={200: GoalDetailOut, **errors(403, 404, 409, 422)})
def goals_update(request: ApiRequest, goal_id: int, payload: GoalPatchIn, response: HttpResponse) -> Goal:
    """Change the fields sent; the others stay. Same rules as the edit page (owner, manager
    chain, creator or HR); goals you may not see answer 404, goals you may not edit 403. Send the
    `version` you edited (or If-Match); if someone saved the goal since, 409 with what is saved."""
    goal = selectors.goal_get(actor=request.auth, goal_id=goal_id)
    sent = payload.dict(exclude_unset=True)
    version = sent_version(request, sent.pop("version", None))
    nulls = {name: [_("This field may not be null.")] for name in NOT_NULL if sent.get(name, "") is None}
    if nulls:
        raise ValidationError(nulls)
    data = _resolve(sent, request.auth)
    level, owner = data.get("level", goal.level), data.get("owner_employee", goal.owner_employee)
    _resolve_develops(data, level=level, owner=owner)
    services.goal_update(actor=request.auth, goal=goal, version=version, **data)
    return with_etag(response, selectors.goal_get(actor=request.auth, goal_id=goal_id))


@router.get("/goals/{goal_id}", response={200: GoalDetailOut, **errors(404, 422)})
def goals_get(request: ApiRequest, goal_id: int, response: HttpResponse) -> Goal:
    return with_etag(response, selectors.goal_get(actor=request.auth, goal_id=goal_id))


@router.get("/goals/{goal_id}/key-results", response={200: list[KeyResultOut], **errors(404, 422)})
def goals_key_results(request: ApiRequest, goal_id: int) -> list:
    return list(selectors.goal_get(actor=request.auth, goal_id=goal_id).key_results.all())


@router.get("/goals/{goal_id}/tree", response={200: TreeNodeOut, **errors(404, 422)})
def goals_tree(
    request: ApiRequest,
    goal_id: int,
    depth: int = Query(selectors.TREE_DEPTH, ge=1, le=selectors.TREE_MAX_DEPTH),  # type: ignore[type-arg]
) -> Goal:
    """The goal and the visible objectives aligned below it: `depth` levels, breadth first, at most
    200 nodes. A node with `has_more` has children beyond the answer: open its own tree, or page
    them with GET /api/v1/goals?parent={id}."""
    return selectors.tree(actor=request.auth, goal_id=goal_id, depth=depth)


@router.get(
    "/key-results/{key_result_id}/check-ins",
    response={200: list[KeyResultCheckInOut], **errors(404, 422)},
    **published_as("key_result_check_ins_list"),
)
@paginate(LimitOffsetPagination)
def key_result_update_list(request: ApiRequest, key_result_id: int) -> QuerySet[KeyResultUpdate]:
    _kr, updates = selectors.key_result_update_list(actor=request.auth, key_result_id=key_result_id)
    return updates


@router.post(
    "/key-results/{key_result_id}/check-ins",
    response={201: KeyResultCheckInOut, **errors(403, 404, 422)},
    **published_as("key_result_check_ins_create"),
)
def key_result_update_create(
    request: ApiRequest, key_result_id: int, payload: KeyResultCheckInIn
) -> Status[KeyResultUpdate]:
    kr = selectors.key_result_get(actor=request.auth, key_result_id=key_result_id)
    update = services.key_result_update_create(
        actor=request.auth, goal=kr.goal, key_result=kr, **payload.dict()
    )
    return Status(201, update)


@router.get("/goals/{goal_id}/comments", response={200: list[GoalCommentOut], **errors(404, 422)})
@paginate(LimitOffsetPagination)
def goal_comments_list(request: ApiRequest, goal_id: int) -> QuerySet[GoalComment]:
    """Comments on the objective, oldest first."""
    return selectors.comment_list(actor=request.auth, goal_id=goal_id)


@router.post("/goals/{goal_id}/comments", response={201: GoalCommentOut, **errors(403, 404, 422)})
def goal_comments_create(request: ApiRequest, goal_id: int, payload: GoalCommentIn) -> Status[GoalComment]:
    """Comment on an objective you can see. The people you @mention (@first.last or
    @first.last@example.com) who may see the objective, and its owner, are notified."""
    goal = selectors.goal_get(actor=request.auth, goal_id=goal_id)
    comment = services.goal_comment_add(actor=request.auth, goal=goal, body=payload.body)
    return Status(201, selectors.comment_list(actor=request.auth, goal_id=goal_id).get(pk=comment.pk))
