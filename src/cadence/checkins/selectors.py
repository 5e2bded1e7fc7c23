"""Reads for check-ins. Each starts from the permissions' visible_to(actor) and loads what its page
needs in a fixed number of queries."""

import datetime
from dataclasses import dataclass

from django.db.models import Avg, Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from cadence.feedback.selectors import reaction_summary
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


def previous_open_priorities(check_in: CheckIn) -> list[CheckInPriority]:
    """Open priorities from the author's last submitted check-in before this one."""
    previous = (
        CheckIn.objects.filter(
            author_id=check_in.author_id,
            period_start__lt=check_in.period_start,
            status=CheckIn.Status.SUBMITTED,
        )
        .order_by("-period_start")
        .first()
    )
    if previous is None:
        return []
    return list(previous.priorities.filter(status=CheckInPriority.Status.OPEN))


def check_in_list(*, actor: Actor, person: int | None = None, mine: bool = False) -> QuerySet[CheckIn]:
    qs = permissions.check_ins_visible_to(actor)
    me = employee_of(actor)
    if mine:
        qs = qs.filter(author=me)
    elif person:
        qs = qs.filter(author_id=person)
    return (
        qs.select_related("author__department", "reviewed_by")
        .prefetch_related("priorities")
        .annotate(comment_count=Count("comments", distinct=True))
        .order_by("-period_start", "author__last_name", "id")
    )


def check_in_get(*, actor: Actor, check_in_id: int) -> CheckIn:
    check_in = (
        permissions.check_ins_visible_to(actor)
        .select_related("author__department", "author__manager", "reviewed_by")
        .prefetch_related(
            Prefetch("priorities", queryset=CheckInPriority.objects.order_by("order", "id")),
            Prefetch("comments", queryset=CheckInComment.objects.select_related("author")),
            "reactions",
        )
        .filter(pk=check_in_id)
        .first()
    )
    if check_in is None:
        raise Http404("No such check-in.")
    check_in.reaction_counts = reaction_summary(check_in.reactions.all(), employee_of(actor))  # type: ignore[attr-defined]
    return check_in


@dataclass
class PeriodStat:
    period_start: datetime.date
    submitted: int
    skipped: int
    team_size: int
    mood: float | None

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
    """Submission rate and average mood per period for the actor's reporting chain (5 queries)."""
    me = employee_of(actor)
    if me is None:
        return TeamSummary(0, [], [])
    size = reporting_chain_of(me).filter(status=Employee.Status.ACTIVE).count()
    today = today or timezone.localdate()
    since = period_start_for(today, 1) - datetime.timedelta(weeks=periods - 1)
    rows = (
        permissions.check_ins_visible_to(actor)
        .exclude(author=me)
        .filter(period_start__gte=since)
        .values("period_start")
        .annotate(
            submitted=Count("id", filter=Q(status=CheckIn.Status.SUBMITTED)),
            skipped=Count("id", filter=Q(status=CheckIn.Status.SKIPPED)),
            mood=Avg("mood", filter=Q(status=CheckIn.Status.SUBMITTED)),
        )
        .order_by("period_start")
    )
    stats = [PeriodStat(r["period_start"], r["submitted"], r["skipped"], size, r["mood"]) for r in rows]
    waiting = list(
        check_in_list(actor=actor)
        .exclude(author=me)
        .filter(status=CheckIn.Status.SUBMITTED, reviewed_at__isnull=True)[:50]
    )
    return TeamSummary(size, stats, waiting)


def team_check_ins(*, actor: Actor) -> QuerySet[CheckIn]:
    """The submitted and skipped check-ins of the actor's reporting chain, newest first."""
    return check_in_list(actor=actor).exclude(author=employee_of(actor)).exclude(status=CheckIn.Status.DUE)


def checkin_talking_points(*, actor: Actor, person: Employee) -> list[str]:
    """For the 1:1 (meetings app): the person's open priorities and what they said they need, from
    their latest submitted check-in, if the actor may see it."""
    latest = (
        permissions.check_ins_visible_to(actor)
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
