from django.db.models import QuerySet

from cadence.core.models import User

from .models import Notification


def todo_list(*, actor: User) -> QuerySet[Notification]:
    """What needs the person now: open to-dos, soonest due first."""
    return Notification.objects.filter(
        recipient=actor, requires_action=True, resolved_at__isnull=True
    ).order_by("due_at", "-created_at")


def notification_list(*, actor: User, unread_only: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.filter(recipient=actor)
    return qs.filter(read_at__isnull=True) if unread_only else qs


def unread_count(*, actor: User) -> int:
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).count()
