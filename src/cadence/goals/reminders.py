"""Goal reminders, run by the tick: drafting a cycle's objectives, checking in each cadence period, and
goals coming due. Each run is a bounded number of queries (notify_many), whatever the number of people
or of open cycles."""

import datetime
from collections.abc import Iterator

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from cadence.core.i18n import date_deferred, gettext_deferred
from cadence.core.models import User
from cadence.notifications.selectors import recipients_of
from cadence.notifications.services import Notice, notify_many

from .cycles import DRAFTING_KEY
from .models import (
    Goal,
    GoalCycle,
)
from .selectors import drafting_audience
from .services import checkin_reminder_key, goal_recipients


def reminders_send(*, today: datetime.date | None = None, batch: int = 5000) -> int:
    """Check-in reminders on each cycle's cadence, due-date reminders a week ahead, and drafting-phase
    reminders. Idempotent: each reminder has an event key that is notified only once. A fixed number
    of queries per `batch` goals, whatever the number of open cycles, plus four for each cycle HR
    has opened for drafting (a planned cycle asks nobody anything). Returns how many were new."""
    today = today or timezone.localdate()
    cycles = list(GoalCycle.objects.filter(status__in=[GoalCycle.Status.DRAFTING, GoalCycle.Status.ACTIVE]))
    running = [cycle for cycle in cycles if cycle.status == GoalCycle.Status.ACTIVE]
    sent = sum(_drafting_reminders(c, batch=batch) for c in cycles if c not in running)
    if not running:
        return sent
    goals = (
        Goal.objects.filter(cycle__in=running, state=Goal.State.ACTIVE)
        .exclude(status=Goal.Status.DONE)
        .select_related("cycle", "owner_employee__user", "created_by")
    )
    for stale in _batches(goals.filter(_not_checked_in_for_a_period(running)), batch):
        sent += notify_many(
            _checkin_reminder(goal, user, today) for goal in stale for user in goal_recipients(goal)
        )
    due_soon = goals.filter(due_date__gte=today, due_date__lte=today + datetime.timedelta(days=7))
    for due in _batches(due_soon, batch):
        sent += notify_many(_due_reminder(goal, user) for goal in due for user in goal_recipients(goal))
    return sent


def _not_checked_in_for_a_period(cycles: list[GoalCycle]) -> Q:
    """Goals older than their cycle's cadence period with no check-in within it: one condition per
    cadence the cycles use, so one query covers every cycle."""
    now = timezone.now()
    stale = Q(pk__in=[])
    for cadence, days in {(cycle.checkin_cadence, cycle.cadence_days) for cycle in cycles}:
        since = now - datetime.timedelta(days=days)
        stale |= Q(cycle__checkin_cadence=cadence, created_at__lt=since) & ~Q(last_checkin_at__gte=since)
    return stale


def _batches(goals: QuerySet[Goal], size: int) -> Iterator[list[Goal]]:
    """All of them, `size` at a time in the order of their ids: every one is reached in one run
    (the first `size` alone would be the same goals each run)."""
    after = 0
    while True:
        chunk = list(goals.filter(pk__gt=after).order_by("pk")[:size])
        if chunk:
            yield chunk
        if len(chunk) < size:
            return
        after = chunk[-1].pk


def _checkin_reminder(goal: Goal, user: User, today: datetime.date) -> Notice:
    return Notice(
        recipient=user,
        kind="goal_checkin",
        event_key=checkin_reminder_key(goal, today),
        title=gettext_deferred("Check in on “%(title)s”") % {"title": goal.title},
        body=gettext_deferred("Update its key results and say how confident you are."),
        url=reverse("goals:detail", args=[goal.pk]),
        requires_action=True,
    )


def _due_reminder(goal: Goal, user: User) -> Notice:
    assert goal.due_date is not None  # only goals due soon are reminded
    return Notice(
        recipient=user,
        kind="goal_due",
        event_key=f"goals:due:{goal.pk}:{goal.due_date}",
        title=gettext_deferred("“%(title)s” is due on %(due)s")
        % {"title": goal.title, "due": date_deferred(goal.due_date, "DATE_FORMAT")},
        url=reverse("goals:detail", args=[goal.pk]),
        due_at=timezone.make_aware(datetime.datetime.combine(goal.due_date, datetime.time(17))),
    )


def _drafting_reminders(cycle: GoalCycle, *, batch: int = 5000) -> int:
    """Once HR has opened a cycle for drafting, people without an objective in it are reminded once:
    `batch` people a run, those already reminded left out, so the next tick takes the next ones."""
    event_key = f"{DRAFTING_KEY}{cycle.pk}"
    people = drafting_audience(cycle).exclude(user_id__in=recipients_of(event_key=event_key)).order_by("pk")
    title = gettext_deferred("Write your goals for %(cycle)s") % {"cycle": cycle.name}
    url = reverse("goals:create") + f"?cycle={cycle.pk}"
    due_at = timezone.make_aware(datetime.datetime.combine(cycle.start_date, datetime.time(9)))
    return notify_many(
        Notice(
            recipient=person.user,
            kind="goal_drafting",
            event_key=event_key,
            title=title,
            url=url,
            requires_action=True,
            due_at=due_at,
        )
        for person in people[:batch]
        if person.user is not None  # filtered on user__is_active above; for the type checker
    )
