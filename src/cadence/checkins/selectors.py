"""Reads for check-ins. Each starts from the permissions' visible_to(actor) and loads what its page
needs in a fixed number of queries."""

import datetime
from dataclasses import dataclass

from django.db.models import Avg, Count, Max, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from cadence.core.subqueries import count_per_row
from cadence.feedback.selectors import reaction_summary
from cadence.goals.selectors import key_result_updates_visible
from cadence.people.models import Employee
from cadence.people.permissions import Actor, employee_of, reporting_chain_of

from . import permissions
from .models import CheckIn, CheckInCadence, CheckInComment, CheckInPriority, CheckInQuestion
from .periods import period_start_for


def checkin_questions_for(person: Employee) -> list[CheckInQuestion]:
    """The active questions for everyone and for the person's department. The defaults come with the
    database (migration 0003), so a read never has to create them."""
    return list(
        CheckInQuestion.objects.filter(is_active=True)
        .filter(Q(department=None) | Q(department_id=person.department_id))
        .order_by("order", "id")
    )


def checkin_question_list() -> QuerySet[CheckInQuestion]:
    """Every question, active or not, for HR's settings page."""
    return CheckInQuestion.objects.select_related("department").order_by("department__name", "order", "id")


def checkin_question_find(*, question_id: int | None) -> CheckInQuestion | None:
    return CheckInQuestion.objects.filter(pk=question_id).first() if question_id else None


def checkin_cadence_list() -> QuerySet[CheckInCadence]:
    return CheckInCadence.objects.select_related("department").order_by("department__name")


def cadence_weeks_for(person: Employee) -> int:
    """How many weeks a check-in period lasts for the person: their department's cadence, else the
    organisation's, else one."""
    rows = {
        c.department_id: c.every_weeks
        for c in CheckInCadence.objects.filter(Q(department=None) | Q(department_id=person.department_id))
    }
    return rows.get(person.department_id) or rows.get(None) or CheckInCadence.Every.WEEK


def previous_open_priorities(checkin: CheckIn) -> list[CheckInPriority]:
    """What the check-in decides on: while it is due, the open priorities from the author's last
    submitted check-in before this one; once submitted (an edit), that check-in's priorities as this
    one decided them."""
    previous = (
        CheckIn.objects.filter(
            author_id=checkin.author_id,
            period_start__lt=checkin.period_start,
            status=CheckIn.Status.SUBMITTED,
        )
        .order_by("-period_start")
        .first()
    )
    if previous is None:
        return []
    if checkin.status == CheckIn.Status.SUBMITTED:
        return list(previous.priorities.all())
    return list(previous.priorities.filter(status=CheckInPriority.Status.OPEN))


def checkin_list(*, actor: Actor, person: int | None = None, mine: bool = False) -> QuerySet[CheckIn]:
    qs = permissions.checkins_visible_to(actor)
    me = employee_of(actor)
    if mine:
        qs = qs.filter(author=me)
    elif person:
        qs = qs.filter(author_id=person)
    return (
        qs.select_related("author__department", "reviewed_by")
        .prefetch_related("priorities")
        # A subquery, worked out only for the rows a page shows (a Count over the join would group
        # every check-in of the chain before the page is cut).
        .annotate(comment_count=count_per_row(CheckInComment, "checkin"))
        .order_by("-period_start", "author__last_name", "id")
    )


def checkin_get(*, actor: Actor, checkin_id: int) -> CheckIn:
    checkin = (
        permissions.checkins_visible_to(actor)
        .select_related("author__department", "author__manager", "reviewed_by")
        .prefetch_related(
            Prefetch("priorities", queryset=CheckInPriority.objects.order_by("order", "id")),
            Prefetch("comments", queryset=CheckInComment.objects.select_related("author")),
            "reactions",
        )
        .filter(pk=checkin_id)
        .first()
    )
    if checkin is None:
        raise Http404("No such check-in.")
    checkin.reaction_counts = reaction_summary(checkin.reactions.all(), employee_of(actor))  # type: ignore[attr-defined]
    return checkin


def checkin_goal_updates(*, actor: Actor, checkin: CheckIn) -> list:
    """The goal check-ins recorded from this check-in, of goals the actor may see (one query)."""
    ids = CheckIn.goal_updates.through.objects.filter(checkin_id=checkin.pk).values("keyresultupdate_id")
    return key_result_updates_visible(actor=actor, ids=ids)


@dataclass
class PeriodStat:
    period_start: datetime.date
    submitted: int
    skipped: int
    team_size: int
    mood: float | None
    is_open: bool = False  # the period has not ended yet: its figures are partial

    @property
    def rate(self) -> int:
        expected = self.team_size - self.skipped
        return round(100 * self.submitted / expected) if expected > 0 else 0


@dataclass
class TeamSummary:
    team_size: int
    periods: list[PeriodStat]
    waiting_review: list[CheckIn]


def team_summary(*, actor: Actor, periods: int = 8, today: datetime.date | None = None) -> TeamSummary:
    """Submission rate and average mood per period for the actor's reporting chain (6 queries). A
    period that has not ended yet (with the longest cadence in use) is marked open."""
    me = employee_of(actor)
    if me is None:
        return TeamSummary(0, [], [])
    size = reporting_chain_of(me).filter(status=Employee.Status.ACTIVE).count()
    today = today or timezone.localdate()
    since = period_start_for(today, 1) - datetime.timedelta(weeks=periods - 1)
    # checkins_visible_to(actor) without the actor's own, written as a list of authors rather than a
    # join on their paths: SQLite then reads the check-ins by (author, period) and groups 8 weeks of
    # a 3,000-person chain in 6 ms instead of 22.
    rows = (
        CheckIn.objects.filter(author_id__in=reporting_chain_of(me).values("pk"))
        .filter(period_start__gte=since)
        .values("period_start")
        .annotate(
            submitted=Count("id", filter=Q(status=CheckIn.Status.SUBMITTED)),
            skipped=Count("id", filter=Q(status=CheckIn.Status.SKIPPED)),
            mood=Avg("mood", filter=Q(status=CheckIn.Status.SUBMITTED)),
        )
        .order_by("period_start")
    )
    longest = CheckInCadence.objects.aggregate(weeks=Max("every_weeks"))["weeks"] or 1
    open_from = today - datetime.timedelta(weeks=longest) + datetime.timedelta(days=1)
    stats = [
        PeriodStat(
            r["period_start"], r["submitted"], r["skipped"], size, r["mood"], r["period_start"] >= open_from
        )
        for r in rows
    ]
    # The list shows each one's author, period and mood: no priorities, comment counts or answers.
    waiting = list(
        permissions.checkins_visible_to(actor)
        .exclude(author=me)
        .filter(status=CheckIn.Status.SUBMITTED, reviewed_at__isnull=True)
        .select_related("author")
        .only("period_start", "mood", "author__first_name", "author__last_name")
        .order_by("-period_start", "author__last_name", "id")[:50]
    )
    return TeamSummary(size, stats, waiting)


def team_checkins(*, actor: Actor) -> QuerySet[CheckIn]:
    """The submitted and skipped check-ins of the actor's reporting chain, newest first (their rows
    show no priorities, so none are fetched)."""
    return (
        checkin_list(actor=actor)
        .exclude(author=employee_of(actor))
        .exclude(status=CheckIn.Status.DUE)
        .prefetch_related(None)
    )


def checkin_talking_points(*, actor: Actor, person: Employee) -> list[str]:
    """For the 1:1 (meetings app): the person's open priorities and what they said they need, from
    their latest submitted check-in, if the actor may see it."""
    latest = (
        permissions.checkins_visible_to(actor)
        .filter(author=person, status=CheckIn.Status.SUBMITTED)
        .prefetch_related("priorities")
        .order_by("-period_start")
        .first()
    )
    if latest is None:
        return []
    needs = [
        a["answer"] for a in latest.answers if "need" in a.get("question", "").lower() and a.get("answer")
    ]
    open_items = [p.text for p in latest.priorities.all() if p.status == CheckInPriority.Status.OPEN]
    return needs + open_items
