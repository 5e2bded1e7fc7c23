"""Notifying people. Call `notify` inside your service's transaction: the in-app notification is
written with it and the email is sent by a task after commit, at most once. Both are in the
recipient's language: pass `gettext_deferred(...)` messages (cadence.core.i18n), not `gettext`."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from cadence.core.i18n import DeferredMessage, language_of
from cadence.core.models import User

from .models import Notification

log = logging.getLogger(__name__)


def notify(
    *,
    recipient: User,
    kind: str,
    event_key: str,
    title: str | DeferredMessage,
    body: str | DeferredMessage = "",
    url: str = "",
    requires_action: bool = False,
    due_at: datetime | None = None,
    email: bool = True,
) -> Notification:
    """Create the notification for this event unless it exists already; returns it either way."""
    with language_of(recipient):
        title, body = str(title), str(body)
    notification, created = Notification.objects.get_or_create(
        recipient=recipient,
        event_key=event_key,
        defaults={
            "kind": kind,
            "title": title[:255],
            "body": body,
            "url": url,
            "requires_action": requires_action,
            "due_at": due_at,
            "send_email": email and recipient.is_active,
        },
    )
    if created and notification.send_email:
        from .tasks import send_notification_email

        transaction.on_commit(lambda: send_notification_email.enqueue(notification.pk))
    return notification


def todo_resolve(*, recipient: User, event_key: str) -> int:
    """Take a to-do off the person's list once they have acted on it."""
    return Notification.objects.filter(
        recipient=recipient, event_key=event_key, resolved_at__isnull=True
    ).update(resolved_at=timezone.now(), read_at=timezone.now())


def notification_mark_read(*, actor: User, notification_id: int | None = None) -> int:
    qs = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=timezone.now())


def notification_email_send(*, notification_id: int) -> bool:
    """Send the email for one notification, once: the row is claimed before sending."""
    claimed = Notification.objects.filter(
        pk=notification_id, send_email=True, emailed_at__isnull=True
    ).update(emailed_at=timezone.now())
    if not claimed:
        return False
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    context = {
        "notification": notification,
        "link": f"{settings.BASE_URL}{notification.url}" if notification.url else "",
    }
    with language_of(notification.recipient):
        message = render_to_string("notifications/email.txt", context)
    try:
        send_mail(
            subject=f"[Cadence] {notification.title}",
            message=message,
            from_email=None,
            recipient_list=[notification.recipient.email],
        )
    except Exception:
        # Release the claim so the next tick retries; the error goes to the log.
        Notification.objects.filter(pk=notification_id).update(emailed_at=None)
        log.exception("Sending notification %s failed", notification_id)
        raise
    return True


def notification_email_backlog(*, limit: int = 500) -> list[int]:
    """Notifications whose email was not sent (a worker was down): the tick re-enqueues them."""
    cutoff = timezone.now() - timedelta(minutes=5)
    return list(
        Notification.objects.filter(
            send_email=True, emailed_at__isnull=True, created_at__lt=cutoff
        ).values_list("pk", flat=True)[:limit]
    )
