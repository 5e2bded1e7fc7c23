"""Reads for check-ins. Each starts from the permissions' visible_to(actor) and loads what its page
needs in a fixed number of queries."""

import datetime
from dataclasses import dataclass

from django.db.models import Avg, Count, Prefetch, Q, QuerySet
from django.http import Http404

from cadence.feedback.selectors import reaction_summary
from cadence.people.models import Employee
from cadence.people.permissions import Actor, employee_of

from . import permissions, services
from .models import CheckIn, CheckInComment, CheckInPriority, CheckInQuestion


def checkin_questions_for(person: Employee) -> list[CheckInQuestion]:
    services.checkin_questions_ensure_defaults()
    return list(
        CheckInQuestion.objects.filter(is_active=True)
        .filter(Q(department=None) | Q(department_id=person.department_id))
        .order_by("order", "id")
    )


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
    team = Employee.objects.filter(path__startswith=me.path, status=Employee.Status.ACTIVE).exclude(pk=me.pk)
    size = team.count()
    today = today or datetime.date.today()
    since = services.period_start_for(today, 1) - datetime.timedelta(weeks=periods - 1)
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
