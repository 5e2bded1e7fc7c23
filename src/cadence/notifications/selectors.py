from typing import Any

from django.db.models import F, QuerySet

from cadence.core.models import User

from .models import Notification


def todo_list(*, actor: User) -> QuerySet[Notification]:
    """What needs the person now: open to-dos, soonest due (so overdue) first, undated last."""
    return Notification.objects.filter(
        recipient=actor, requires_action=True, resolved_at__isnull=True
    ).order_by(F("due_at").asc(nulls_last=True), "-created_at")


def notification_list(
    *, actor: User, unread_only: bool = False, notices_only: bool = False
) -> QuerySet[Notification]:
    """The person's notifications; `notices_only` leaves out the to-dos (the home page lists those
    apart)."""
    qs = Notification.objects.filter(recipient=actor)
    if notices_only:
        qs = qs.filter(requires_action=False)
    return qs.filter(read_at__isnull=True) if unread_only else qs


def unread_count(*, actor: User) -> int:
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).count()


def recipients_of(*, event_key: str) -> QuerySet[Notification, Any]:
    """The user ids already notified of an event, as a subquery: a reminder job leaves them out, so
    each run takes the next batch of people instead of the same first one again."""
    return Notification.objects.filter(event_key=event_key).values("recipient_id")
