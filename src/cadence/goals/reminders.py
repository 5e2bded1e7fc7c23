"""Goal reminders, run by the tick: drafting a cycle's objectives, checking in each cadence period, and
goals coming due. Each run is a bounded number of queries (notify_many), whatever the number of people."""

import datetime

from django.urls import reverse
from django.utils import timezone

from cadence.core.i18n import date_deferred, gettext_deferred
from cadence.core.models import User
from cadence.notifications.selectors import recipients_of
from cadence.notifications.services import Notice, notify_many
from cadence.people.selectors import people_to_notify

from .models import (
    Goal,
    GoalCycle,
)
from .services import checkin_reminder_key, goal_recipients


def reminders_send(*, today: datetime.date | None = None, batch: int = 5000) -> int:
    """Check-in reminders on each cycle's cadence, due-date reminders a week ahead, and drafting-phase
    reminders, in a fixed number of queries per open cycle. Idempotent: each reminder has an event key
    that is notified only once. Returns how many reminders were new."""
    today = today or timezone.localdate()
    sent = 0
    for cycle in GoalCycle.objects.exclude(status=GoalCycle.Status.CLOSED):
        if cycle.status == GoalCycle.Status.DRAFTING:
            sent += _drafting_reminders(cycle, today, batch=batch)
            continue
        stale_before = timezone.now() - datetime.timedelta(days=cycle.cadence_days)
        goals = (
            cycle.goals.filter(state=Goal.State.ACTIVE)
            .exclude(status=Goal.Status.DONE)
            .select_related("cycle", "owner_employee__user", "created_by")
        )
        stale = goals.filter(created_at__lt=stale_before).exclude(last_checkin_at__gte=stale_before)
        sent += notify_many(
            _checkin_reminder(goal, user, today) for goal in stale[:batch] for user in goal_recipients(goal)
        )
        due_soon = goals.filter(due_date__gte=today, due_date__lte=today + datetime.timedelta(days=7))
        sent += notify_many(
            _due_reminder(goal, user) for goal in due_soon[:batch] for user in goal_recipients(goal)
        )
    return sent


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


def _drafting_reminders(cycle: GoalCycle, today: datetime.date, *, batch: int = 5000) -> int:
    """While a cycle is drafting, people without an objective in it are reminded once: `batch` people
    a run, those already reminded left out, so the next tick takes the next ones."""
    if (cycle.start_date - today).days > 14:
        return 0
    event_key = f"goals:draft:{cycle.pk}"
    with_goals = Goal.objects.filter(cycle=cycle, owner_employee__isnull=False).values("owner_employee_id")
    people = (
        people_to_notify()
        .exclude(pk__in=with_goals)
        .exclude(user_id__in=recipients_of(event_key=event_key))
        .order_by("pk")
    )
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
