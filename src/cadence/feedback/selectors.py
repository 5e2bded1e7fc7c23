"""Reads. Each starts from the permissions' visible_to(actor) and loads what its page needs in a
fixed number of queries."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from cadence.competencies import selectors as competency_selectors
from cadence.competencies.models import Competency, FrameworkVersion, Level, Track
from cadence.core.pagination import IdsFirst, MarkedPages
from cadence.core.subqueries import count_per_row
from cadence.people.models import Employee
from cadence.people.permissions import Actor, employee_of
from cadence.people.selectors import department_node, prefetch_people

from . import permissions
from .models import (
    CompanyValue,
    Feedback,
    FeedbackRequest,
    FeedbackSettings,
    Praise,
    PraiseComment,
    Reaction,
)

PERSON_RELATIONS = ("department", "user")
# What a feedback row and page show of the competency it is about (the version it was written against).
COMPETENCY_RELATIONS = ("framework_competency", "shown_level")


def feedback_settings_get() -> FeedbackSettings:
    """The organisation's feedback settings: the defaults (an unsaved row) until HR first saves them."""
    return FeedbackSettings.objects.filter(pk=1).first() or FeedbackSettings(pk=1)


def protection_on() -> bool:
    return feedback_settings_get().protected_peer_feedback


def company_value_list(*, active_only: bool = True) -> QuerySet[CompanyValue]:
    qs = CompanyValue.objects.all()
    return qs.filter(is_active=True) if active_only else qs


def company_values_exist() -> bool:
    """Whether HR defined any active value (praise can name them)."""
    return company_value_list().exists()


def company_value_find(*, value_id: int | None) -> CompanyValue | None:
    """A value, active or not (HR's settings page turns them on and off), or None."""
    return company_value_list(active_only=False).filter(pk=value_id).first() if value_id else None


# Praise ---------------------------------------------------------------------------------------


def _praise_relations(qs: QuerySet[Praise]) -> QuerySet[Praise]:
    return qs.select_related("author__department").prefetch_related(
        Prefetch("recipients", queryset=prefetch_people()),
        "values",
        "reactions",
    )


def praise_pages(
    *, actor: Actor, value: int | None = None, department: int | None = None, person: int | None = None
) -> MarkedPages[Praise]:
    """praise_list as a paginator takes it: each page gets its comment counts in one query for its
    own rows. Annotated on the list instead, SQLite counted the comments of every visible praise
    before sorting them (most of the wall's time at 10,000 people)."""
    return IdsFirst(
        praise_list(actor=actor, value=value, department=department, person=person), with_comment_counts
    )


def with_comment_counts(items: list[Praise]) -> list[Praise]:
    counts = dict(
        PraiseComment.objects.filter(praise__in=items)
        .order_by()
        .values("praise")
        .annotate(n=Count("pk"))
        .values_list("praise", "n")
    )
    for item in items:
        item.comment_count = counts.get(item.pk, 0)  # type: ignore[attr-defined]
    return items


def praise_list(
    *,
    actor: Actor,
    value: int | None = None,
    department: int | None = None,
    person: int | None = None,
) -> QuerySet[Praise]:
    """The praise wall: praise the actor may see, newest first. `department` includes its
    sub-departments and matches praise received by someone in it."""
    qs = permissions.praise_visible_to(actor)
    if value:
        qs = qs.filter(pk__in=Praise.values.through.objects.filter(companyvalue_id=value).values("praise_id"))
    if department:
        dept = department_node(actor=actor, department_id=department)
        if dept is None:
            return Praise.objects.none()
        received = Praise.recipients.through.objects.filter(employee__department__path__startswith=dept.path)
        qs = qs.filter(pk__in=received.values("praise_id"))
    if person:
        qs = qs.filter(
            pk__in=Praise.recipients.through.objects.filter(employee_id=person).values("praise_id")
        )
    return _praise_relations(qs).order_by("-created_at", "-id")


@dataclass(frozen=True)
class ReactionCount:
    kind: str
    emoji: str
    count: int
    mine: bool


def reaction_summary(reactions: Iterable[object], me: Employee | None) -> list[ReactionCount]:
    """Counts per reaction kind (from prefetched rows) and whether the viewer reacted so."""
    rows = list(reactions)
    counts = Counter(r.kind for r in rows)  # type: ignore[attr-defined]
    mine = {r.kind for r in rows if me and r.person_id == me.pk}  # type: ignore[attr-defined]
    return [ReactionCount(k, str(label), counts[k], k in mine) for k, label in Reaction.choices]


def with_reactions[T: Iterable[Praise]](items: T, actor: Actor) -> T:
    me = employee_of(actor)
    for item in items:
        item.reaction_counts = reaction_summary(item.reactions.all(), me)  # type: ignore[attr-defined]
    return items


def praise_get(*, actor: Actor, praise_id: int) -> Praise:
    qs = (
        _praise_relations(permissions.praise_visible_to(actor))
        .annotate(comment_count=count_per_row(PraiseComment, "praise"))
        .prefetch_related(Prefetch("comments", queryset=PraiseComment.objects.select_related("author")))
    )
    praise = qs.filter(pk=praise_id).first()
    if praise is None:
        raise Http404("No such praise.")
    with_reactions([praise], actor)
    return praise


def praise_received_for(actor: Actor, person: Employee, *, limit: int = 20) -> list[Praise]:
    """Praise `person` received that the actor may see: for the people profile page."""
    qs = praise_list(actor=actor, person=person.pk)[:limit]  # no comment counts: the profile shows none
    return list(with_reactions(list(qs), actor))


# Feedback -------------------------------------------------------------------------------------


def with_body_access[T: Iterable[Feedback]](items: T, actor: Actor) -> T:
    """Mark each item readable or not; templates and schemas show the body only when readable."""
    on = protection_on()
    for item in items:
        item.readable = permissions.can_read_feedback_body(actor, item, protection_on=on)  # type: ignore[attr-defined]
        item.is_protected = permissions.feedback_is_protected(item, protection_on=on)  # type: ignore[attr-defined]
    return items


def feedback_list_readable(*, actor: Actor, box: str = "") -> MarkedPages[Feedback]:
    """feedback_list, with each item marked readable or not as a page of it is taken."""
    return MarkedPages(feedback_list(actor=actor, box=box), lambda items: with_body_access(items, actor))


def feedback_list(*, actor: Actor, box: str = "") -> QuerySet[Feedback]:
    """`received`: about me; `given`: by me; `team`: about people I manage; otherwise all I may see."""
    qs = permissions.feedback_visible_to(actor)
    me = employee_of(actor)
    if box == "received":
        qs = qs.filter(recipient=me) if me else qs.none()
    elif box == "given":
        qs = qs.filter(author=me) if me else qs.none()
    elif box == "team":
        qs = qs.filter(recipient__path__startswith=me.path).exclude(recipient=me) if me else qs.none()
    return qs.select_related("author__department", "recipient__department", *COMPETENCY_RELATIONS).order_by(
        "-created_at", "-id"
    )


def feedback_get(*, actor: Actor, feedback_id: int) -> Feedback:
    feedback = (
        permissions.feedback_visible_to(actor)
        .select_related(
            "author__department",
            "recipient__department",
            "request",
            "framework_competency__framework_version__framework",
            "shown_level__track",
        )
        .filter(pk=feedback_id)
        .first()
    )
    if feedback is None:
        raise Http404("No such feedback.")
    with_body_access([feedback], actor)
    return feedback


def shown_expectation(feedback: Feedback) -> str:
    """What the feedback's competency expected at the level it showed, in the version it was written
    against (a later version's text does not replace it)."""
    if feedback.framework_competency_id is None or feedback.shown_level is None:
        return ""
    rows = competency_selectors.competencies_for_level(feedback.shown_level)
    row = next((c for c in rows if c.pk == feedback.framework_competency_id), None)
    expectation = getattr(row, "expectation", None)
    return expectation.text if expectation is not None else ""


@dataclass
class CompetencyScope:
    """What feedback to a person can be about: the competencies of their framework's published
    version that apply to their track, and the levels of that track (none when not placed)."""

    version: FrameworkVersion | None
    track: Track | None
    competencies: list[Competency]
    levels: list[Level]
    placed: Level | None = None  # their placement's level, read in that version

    def competency(self, competency_id: int | None) -> Competency | None:
        return next((c for c in self.competencies if c.pk == competency_id), None)

    def level(self, level_id: int | None) -> Level | None:
        return next((lv for lv in self.levels if lv.pk == level_id), None)


def competency_scope(person: Employee) -> CompetencyScope:
    """The person's placement's framework, else the one that applies to them (department, general),
    read in its published version; their track there is the one with their placement's track key."""
    placement = competency_selectors.placement_current(person)
    framework = competency_selectors.framework_for(person, placement)
    version = competency_selectors.published_version_of(framework.pk) if framework else None
    if version is None:
        return CompetencyScope(None, None, [], [])
    track_key = placement.level.track.key if placement else None
    track = next((t for t in competency_selectors.tracks_of(version) if t.key == track_key), None)
    competencies = [
        c
        for c in competency_selectors.competencies_of(version)
        if track is None or competency_selectors.applies_to(c, track)
    ]
    levels: list[Level] = track.level_list if track else []  # type: ignore[attr-defined]
    level_key = placement.level.key if placement else None
    placed = next((lv for lv in levels if lv.key == level_key), None)
    return CompetencyScope(version, track, competencies, levels, placed)


def feedback_request_list(*, actor: Actor, box: str = "") -> QuerySet[FeedbackRequest]:
    """`to_answer`: open requests for me; `sent`: those I made; otherwise both."""
    qs = permissions.feedback_requests_visible_to(actor)
    me = employee_of(actor)
    if box == "to_answer":
        qs = qs.filter(respondent=me, status=FeedbackRequest.Status.OPEN)
    elif box == "sent":
        qs = qs.filter(requester=me)
    return qs.select_related("requester", "subject", "respondent").order_by("-created_at", "-id")


def feedback_request_get(*, actor: Actor, request_id: int) -> FeedbackRequest:
    request = feedback_request_list(actor=actor).select_related("answer").filter(pk=request_id).first()
    if request is None:
        raise Http404("No such request.")
    return request
