import datetime

from ninja import Field, Schema
from pydantic import StrictInt

from cadence.core.schemas import InputSchema
from cadence.people.schemas import PersonRef

from .models import Feedback, Praise, Reaction


class CompanyValueOut(Schema):
    id: int
    name: str
    description: str
    is_active: bool


class PraiseOut(Schema):
    id: int
    author: PersonRef
    recipients: list[PersonRef]
    values: list[CompanyValueOut]
    message: str
    visibility: str
    created_at: datetime.datetime
    comment_count: int = 0
    reactions: dict[str, int] = {}

    @staticmethod
    def resolve_recipients(obj: Praise) -> list:
        return list(obj.recipients.all())

    @staticmethod
    def resolve_values(obj: Praise) -> list:
        return list(obj.values.all())

    @staticmethod
    def resolve_reactions(obj: Praise) -> dict[str, int]:
        return {r.kind: r.count for r in getattr(obj, "reaction_counts", []) if r.count}


class PraiseIn(InputSchema):
    recipient_ids: list[StrictInt] = Field(..., min_length=1, max_length=10)
    value_ids: list[StrictInt] = Field(..., min_length=1, max_length=20)
    message: str = Field(..., min_length=1, max_length=2000)
    visibility: Praise.Visibility = Praise.Visibility.PUBLIC


class _CommentIn(InputSchema):
    body: str = Field(..., min_length=1, max_length=2000)


class PraiseCommentIn(_CommentIn):
    """A comment on a praise."""


class _CommentOut(Schema):
    id: int
    author: PersonRef
    body: str
    created_at: datetime.datetime


class PraiseCommentOut(_CommentOut):
    """A comment on a praise."""


class ReactionIn(InputSchema):
    kind: Reaction


class ReactionOut(Schema):
    kind: str
    added: bool


class FeedbackOut(Schema):
    id: int
    author: PersonRef
    recipient: PersonRef
    visibility: str
    competency: str | None = Field(
        None,
        description="The free-text competency of feedback written before frameworks. Null when the caller "
        "may not read the feedback.",
    )
    competency_id: int | None = Field(
        None, description="The competency of the framework version it was written against, if any."
    )
    competency_name: str | None = None
    level_id: int | None = Field(None, description="The level of the recipient's track it showed, if any.")
    level_code: str | None = None
    goal_id: int | None
    request_id: int | None
    protected: bool = Field(..., description="Protected peer feedback: only the recipient reads it.")
    body: str | None = Field(
        None, description="Null when the caller may see that feedback exists but not read it."
    )
    created_at: datetime.datetime

    @staticmethod
    def resolve_protected(obj: Feedback) -> bool:
        return bool(getattr(obj, "is_protected", obj.protected))

    @staticmethod
    def resolve_body(obj: Feedback) -> str | None:
        return obj.body if getattr(obj, "readable", False) else None

    @staticmethod
    def resolve_goal_id(obj: Feedback) -> int | None:
        return obj.goal_id if getattr(obj, "readable", False) else None

    # What the feedback was about says much of what it said: the competency follows the body's visibility.
    @staticmethod
    def resolve_competency(obj: Feedback) -> str | None:
        return obj.competency if getattr(obj, "readable", False) else None

    @staticmethod
    def resolve_competency_id(obj: Feedback) -> int | None:
        return obj.framework_competency_id if getattr(obj, "readable", False) else None

    @staticmethod
    def resolve_competency_name(obj: Feedback) -> str | None:
        readable = getattr(obj, "readable", False) and obj.framework_competency_id
        return obj.framework_competency.name if readable else None  # type: ignore[union-attr]

    @staticmethod
    def resolve_level_id(obj: Feedback) -> int | None:
        return obj.shown_level_id if getattr(obj, "readable", False) else None

    @staticmethod
    def resolve_level_code(obj: Feedback) -> str | None:
        readable = getattr(obj, "readable", False) and obj.shown_level_id
        return obj.shown_level.code if readable else None  # type: ignore[union-attr]


class FeedbackIn(InputSchema):
    recipient_id: StrictInt
    body: str = Field(..., min_length=1, max_length=5000)
    visibility: Feedback.Visibility
    competency_id: StrictInt | None = Field(
        None, description="A competency of the recipient's framework (its published version, their track)."
    )
    level_id: StrictInt | None = Field(
        None, description="The level of the recipient's track it showed; needs competency_id."
    )
    goal_id: StrictInt | None = None


class FeedbackCoachIn(InputSchema):
    body: str = Field("", max_length=5000)


class FeedbackCoachHintOut(Schema):
    code: str
    message: str


class FeedbackCoachOut(Schema):
    hints: list[FeedbackCoachHintOut]
    sentiment: float
    suggest_sbi: bool


class FeedbackRequestOut(Schema):
    id: int
    requester: PersonRef
    subject: PersonRef
    respondent: PersonRef
    questions: list[str]
    status: str
    decline_reason: str
    created_at: datetime.datetime
    closed_at: datetime.datetime | None

    @staticmethod
    def resolve_questions(obj: object) -> list[str]:
        return obj.question_list  # type: ignore[attr-defined]


class FeedbackRequestIn(InputSchema):
    subject_id: StrictInt | None = Field(None, description="Whom the feedback is about; yourself when empty.")
    respondent_ids: list[StrictInt] = Field(..., min_length=1, max_length=20)
    questions: str = Field("", max_length=2000)


class FeedbackRequestAnswerIn(InputSchema):
    body: str = Field(..., min_length=1, max_length=5000)
    visibility: Feedback.Visibility
    competency_id: StrictInt | None = Field(None, description="As for feedback given directly.")
    level_id: StrictInt | None = None


class FeedbackRequestDeclineIn(InputSchema):
    reason: str = Field("", max_length=300)
