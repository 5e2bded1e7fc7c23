import datetime
from decimal import Decimal

from ninja import Field, Schema
from pydantic import StrictBool, StrictInt

from cadence.core.schemas import InputSchema, IsoDate, VersionedInput
from cadence.people.models import Employee

from .models import Goal, GoalComment, GoalCycle, KeyResultUpdate


class GoalCycleOut(Schema):
    id: int
    version: int
    name: str
    kind: str
    start_date: datetime.date
    end_date: datetime.date
    status: str
    checkin_cadence: str


class GoalCycleIn(InputSchema):
    name: str = Field(..., min_length=1, max_length=120)
    kind: GoalCycle.Kind = GoalCycle.Kind.QUARTERLY
    start_date: IsoDate
    end_date: IsoDate
    status: GoalCycle.Status = Field(
        GoalCycle.Status.PLANNED,
        description="planned (nobody is asked yet) or active; open it for drafting with /open",
    )
    checkin_cadence: GoalCycle.Cadence = GoalCycle.Cadence.WEEKLY
    confirm_dates: StrictBool = Field(
        False, description="Dates in the past or more than a year from today answer 422 without it"
    )


class GoalCycleOpenIn(InputSchema):
    confirm: StrictBool = Field(
        False, description="Without it, 422 says how many people opening the cycle would ask"
    )


class MilestoneOut(Schema):
    id: int
    title: str
    done: bool


class KeyResultOut(Schema):
    id: int
    title: str
    kind: str
    direction: str
    baseline: Decimal | None
    target: Decimal | None
    current: Decimal | None
    currency: str
    done: bool
    weight: Decimal
    progress: float = Field(..., description="0.0–1.0")
    milestones: list[MilestoneOut]


class KeyResultIn(InputSchema):
    id: StrictInt | None = None
    title: str = Field(..., min_length=1, max_length=200)
    kind: str = "number"
    direction: str = "increase"
    baseline: Decimal | None = Field(None, max_digits=16, decimal_places=2)
    target: Decimal | None = Field(None, max_digits=16, decimal_places=2)
    current: Decimal | None = Field(
        None,
        max_digits=16,
        decimal_places=2,
        description="The starting value of a new key result; ignored for an existing one, whose value "
        "changes by a key-result update (POST /api/v1/key-results/{id}/check-ins).",
    )
    currency: str = Field("", max_length=3)
    weight: Decimal = Field(Decimal("1"), gt=0, max_digits=6, decimal_places=2)
    milestones: list[str] = []


class ContributorOut(Schema):
    id: int
    full_name: str


class GoalOut(Schema):
    id: int
    version: int = Field(..., description="Send it back with an edit (PATCH); see docs/api.md")
    title: str
    description: str
    cycle_id: int
    level: str
    owner_label: str
    owner_employee_id: int | None
    owner_team_id: int | None
    owner_department_id: int | None
    parent_id: int | None
    develops_id: int | None = Field(None, description="The competency (of a framework version) it develops")
    goal_type: str
    visibility: str
    status: str
    state: str
    approval: str
    needs_update: bool
    due_date: datetime.date | None
    weight: Decimal
    progress: float = Field(..., description="0.0–1.0, rolled up as `rollup` says")
    rollup: str = Field(
        ..., description="key_results, with_children (key results and counted aligned goals) or manual"
    )
    rollup_excluded: bool = Field(..., description="Left out of its parent's progress by the parent's owner")
    final_score: float | None
    last_checkin_at: datetime.datetime | None
    contributors: list[ContributorOut] = Field(..., description="People who work on it and may check in")

    @staticmethod
    def resolve_contributors(obj: Goal) -> list[Employee]:
        return list(obj.contributors.all())  # prefetched by the selectors

    @staticmethod
    def resolve_parent_id(obj: Goal) -> int | None:
        # Selectors mark whether the actor may see the parent; a goal a service just wrote has its parent
        # chosen or kept by the actor.
        return obj.parent_id if getattr(obj, "parent_visible", True) else None


class GoalDetailOut(GoalOut):
    key_results: list[KeyResultOut]
    develops_name: str | None = None

    @staticmethod
    def resolve_develops_name(obj: Goal) -> str | None:
        return obj.develops.name if obj.develops_id else None  # type: ignore[union-attr]


class GoalIn(InputSchema):
    cycle_id: StrictInt
    title: str = Field(..., min_length=1, max_length=200)
    description: str = ""
    level: Goal.Level = Goal.Level.INDIVIDUAL
    owner_employee_id: StrictInt | None = None
    owner_team_id: StrictInt | None = None
    owner_department_id: StrictInt | None = None
    parent_id: StrictInt | None = None
    develops_id: StrictInt | None = Field(
        None, description="A competency of the owner's framework (published)"
    )
    goal_type: Goal.Type = Goal.Type.PERFORMANCE
    visibility: Goal.Visibility = Goal.Visibility.PUBLIC
    due_date: IsoDate | None = None
    weight: Decimal = Field(Decimal("1"), gt=0, max_digits=6, decimal_places=2)
    rollup: Goal.Rollup | None = Field(
        None, description="Default: key_results if it has any, else with_children"
    )
    key_results: list[KeyResultIn] = []
    contributor_ids: list[StrictInt] = Field([], description="People (ids) who work on it; they may check in")


class GoalPatchIn(VersionedInput):
    """Only the fields sent change, and only if `version` (or If-Match) is the goal's: it covers the
    goal, its key results and contributors. `key_results`, when sent, replaces the list (rows with
    an id update, rows without one are created, the others deleted); `contributor_ids` replaces the
    contributors; `excluded_child_ids` replaces which aligned goals (of those you can see) are left
    out of this goal's progress (their owners are told; nothing else of them changes)."""

    cycle_id: StrictInt | None = None
    title: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = None
    level: Goal.Level | None = None
    owner_employee_id: StrictInt | None = None
    owner_team_id: StrictInt | None = None
    owner_department_id: StrictInt | None = None
    parent_id: StrictInt | None = None
    develops_id: StrictInt | None = None
    goal_type: Goal.Type | None = None
    visibility: Goal.Visibility | None = None
    due_date: IsoDate | None = None
    weight: Decimal | None = Field(None, gt=0, max_digits=6, decimal_places=2)
    rollup: Goal.Rollup | None = None
    key_results: list[KeyResultIn] | None = None
    contributor_ids: list[StrictInt] | None = None
    excluded_child_ids: list[StrictInt] | None = Field(None, max_length=1000)


class TreeNodeOut(Schema):
    id: int
    title: str
    level: str
    owner_label: str
    status: str
    needs_update: bool
    progress: float
    key_results: list[KeyResultOut] = []
    children: list["TreeNodeOut"] = []
    children_count: int = Field(description="Its visible aligned objectives, shown here or not.")
    has_more: bool = Field(
        description="Some of its children are not in this answer (the depth or size limit): ask for "
        "this node's own tree, or page them with GET /api/v1/goals?parent={id}."
    )

    @staticmethod
    def resolve_children(obj: Goal) -> list[Goal]:
        return getattr(obj, "tree_children", [])

    @staticmethod
    def resolve_has_more(obj: Goal) -> bool:
        return obj.children_count > len(getattr(obj, "tree_children", []))  # type: ignore[attr-defined]

    @staticmethod
    def resolve_key_results(obj: Goal) -> list:
        return list(obj.key_results.all())


class KeyResultCheckInOut(Schema):
    id: int
    goal_id: int
    key_result_id: int | None
    author: str | None
    value: Decimal | None
    previous_value: Decimal | None
    done: bool | None
    confidence: str
    comment: str
    key_result_progress: float | None
    goal_progress: float
    created_at: datetime.datetime

    @staticmethod
    def resolve_author(obj: KeyResultUpdate) -> str | None:
        return str(obj.author) if obj.author else None


class KeyResultCheckInIn(InputSchema):
    value: Decimal | None = Field(None, max_digits=16, decimal_places=2)
    done: StrictBool | None = None
    milestones_done: list[StrictInt] = []
    confidence: KeyResultUpdate.Confidence = KeyResultUpdate.Confidence.ON_TRACK
    comment: str = Field("", max_length=5000)


class MentionedPersonOut(Schema):
    id: int
    name: str
    email: str

    @staticmethod
    def resolve_name(obj: Employee) -> str:
        return obj.full_name


class GoalCommentOut(Schema):
    id: int
    goal_id: int
    author: str | None
    author_person_id: int | None = Field(None, description="The author's profile, when they have one")
    body: str = Field(..., description="Plain text; @mentions as written")
    mentioned: list[MentionedPersonOut] = Field(..., description="The people the comment's @mentions named")
    created_at: datetime.datetime

    @staticmethod
    def resolve_author(obj: GoalComment) -> str | None:
        return str(obj.author) if obj.author else None

    @staticmethod
    def resolve_author_person_id(obj: GoalComment) -> int | None:
        employee = getattr(obj.author, "employee", None) if obj.author else None
        return employee.pk if employee else None

    @staticmethod
    def resolve_mentioned(obj: GoalComment) -> list[Employee]:
        return list(obj.mentioned.all())


class GoalCommentIn(InputSchema):
    # Length is checked by the service (1–5,000 characters after trimming), so that errors name the
    # field: core's error mapping drops a loc part called "body".
    body: str = Field(
        ...,
        description="Plain text. Mention people with @first.last (their work email's local part) "
        "or @their.email@example.com; they are notified.",
    )
