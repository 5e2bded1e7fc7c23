"""Notifying people. Call `notify` inside your service's transaction: the in-app notification is
written with it and the email is sent by a task after commit, at most once. Both are in the
recipient's language: pass `gettext_deferred(...)` messages (cadence.core.i18n), not `gettext`.
Jobs that notify many people at once (tick reminders) build `Notice`s and call `notify_many`."""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import CharField, DateTimeField, F, Q, QuerySet, Value
from django.db.models.functions import Cast, Coalesce, Concat, Left, StrIndex, Substr
from django.template.loader import render_to_string
from django.utils import timezone

from cadence.core.i18n import DeferredMessage, language_of
from cadence.core.models import User

from .models import Notification

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Notice:
    """One notification to write: the arguments of `notify`, for `notify_many`."""

    recipient: User
    kind: str
    event_key: str
    title: str | DeferredMessage
    body: str | DeferredMessage = ""
    url: str = ""
    requires_action: bool = False
    due_at: datetime | None = None
    email: bool = True

    def fields(self) -> dict[str, Any]:
        """The row's columns apart from recipient and event key, in the recipient's language."""
        with language_of(self.recipient):
            title, body = str(self.title), str(self.body)
        return {
            "kind": self.kind,
            "title": title[:255],
            "body": body,
            "url": self.url,
            "requires_action": self.requires_action,
            "due_at": self.due_at,
            "send_email": self.email and self.recipient.is_active,
        }


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
    notice = Notice(recipient, kind, event_key, title, body, url, requires_action, due_at, email)
    notification, created = Notification.objects.get_or_create(
        recipient=recipient, event_key=event_key, defaults=notice.fields()
    )
    if created and notification.send_email:
        from .tasks import send_notification_email

        transaction.on_commit(lambda: send_notification_email.enqueue(notification.pk))
    return notification


def notify_many(notices: Iterable[Notice]) -> int:
    """`notify` for many people in a fixed number of queries: one read of the pairs that exist, one
    bulk insert, one read of the new ids and one email task for all of them. Returns how many
    notifications are new. Callers bound the batch (a reminder job takes a few thousand at a time)."""
    pending = {(notice.recipient.pk, notice.event_key): notice for notice in notices}
    if not pending:
        return 0
    recipient_ids = {pk for pk, _key in pending}
    event_keys = {key for _pk, key in pending}
    for pair in _existing_pairs(recipient_ids, event_keys):
        pending.pop(pair, None)
    if not pending:
        return 0
    # ignore_conflicts: another worker running the same job may have written some of them meanwhile.
    Notification.objects.bulk_create(
        [
            Notification(recipient=notice.recipient, event_key=notice.event_key, **notice.fields())
            for notice in pending.values()
        ],
        ignore_conflicts=True,
    )
    to_email = [
        pk
        for pk, *pair in Notification.objects.filter(
            recipient_id__in=recipient_ids, event_key__in=event_keys, send_email=True, emailed_at__isnull=True
        ).values_list("pk", "recipient_id", "event_key")
        if tuple(pair) in pending
    ]
    if to_email:
        from .tasks import send_notification_emails

        transaction.on_commit(lambda: send_notification_emails.enqueue(to_email))
    return len(pending)


def _existing_pairs(recipient_ids: set[int], event_keys: set[str]) -> set[tuple[int, str]]:
    return set(
        Notification.objects.filter(recipient_id__in=recipient_ids, event_key__in=event_keys).values_list(
            "recipient_id", "event_key"
        )
    )


def todo_resolve(*, recipient: User, event_key: str) -> int:
    """Take a to-do off the person's list once they have acted on it."""
    return Notification.objects.filter(
        recipient=recipient, event_key=event_key, resolved_at__isnull=True
    ).update(resolved_at=timezone.now(), read_at=timezone.now())


def todos_resolve_about(*, prefix: str, object_ids: Iterable[int] | QuerySet[Any, Any]) -> int:
    """Take every open to-do about these objects off everyone's list, in one UPDATE: the to-dos whose
    event key is `prefix` followed by one of the ids (and, optionally, ":" and more), such as
    "goals:approve:12" or "goals:key_result_update:12:3" for prefix "goals:approve:" or
    "goals:key_result_update:" and object 12. `object_ids` may be a queryset of ids (one subquery)."""
    refs: Iterable[str] | QuerySet[Any, Any]
    if isinstance(object_ids, QuerySet):
        refs = object_ids.annotate(ref=Cast(F("pk"), output_field=CharField())).values("ref")
    else:
        refs = [str(pk) for pk in object_ids]
    rest = Concat(Substr("event_key", len(prefix) + 1), Value(":"), output_field=CharField())
    now = timezone.now()
    return (
        Notification.objects.filter(
            event_key__startswith=prefix, requires_action=True, resolved_at__isnull=True
        )
        .annotate(rest=rest)
        .annotate(ref=Left("rest", StrIndex("rest", Value(":")) - 1))
        .filter(ref__in=refs)
        .update(resolved_at=now, read_at=Coalesce(F("read_at"), Value(now, output_field=DateTimeField())))
    )


def notification_mark_read(*, actor: User, notification_id: int | None = None) -> int:
    qs = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=timezone.now())


# A run that claimed an email and has not finished within the lease is taken for dead: another run may
# send it (a duplicate in that window is acceptable, a lost email is not). Longer than an SMTP send.
EMAIL_LEASE = timedelta(minutes=5)
# A failing email is tried this many times, waiting RETRY_DELAY, then twice as long each time, then
# marked failed for good (logged), so one poison email does not fail every tick forever.
EMAIL_MAX_ATTEMPTS = 5
EMAIL_RETRY_DELAY = timedelta(minutes=1)


def _sendable(now: datetime) -> Q:
    """Emails to send now: wanted, not sent nor given up, not leased by a live run, not waiting to retry."""
    return (
        Q(send_email=True, emailed_at__isnull=True, email_failed_at__isnull=True)
        & (Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lt=now - EMAIL_LEASE))
        & (Q(email_next_try_at__isnull=True) | Q(email_next_try_at__lte=now))
    )


def notification_email_send(*, notification_id: int) -> bool:
    """Send the email for one notification: lease the row, send, then mark it emailed. A worker
    killed in between leaves a lease that expires, so a later run sends it. Returns whether it sent."""
    now = timezone.now()
    sendable = Notification.objects.filter(_sendable(now), pk=notification_id)
    if _give_up_crash_looping(sendable):
        return False
    claimed = sendable.update(email_claimed_at=now, email_attempts=F("email_attempts") + 1)
    if not claimed:
        return False
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    try:
        _send(notification)
    except Exception:
        _record_failure(notification)
        raise
    Notification.objects.filter(pk=notification_id).update(emailed_at=timezone.now(), email_claimed_at=None)
    return True


def _send(notification: Notification) -> None:
    context = {
        "notification": notification,
        "link": f"{settings.BASE_URL}{notification.url}" if notification.url else "",
    }
    with language_of(notification.recipient):
        message = render_to_string("notifications/email.txt", context)
    send_mail(
        subject=email_subject(notification.title),
        message=message,
        from_email=None,
        recipient_list=[notification.recipient.email],
    )


def email_subject(title: str) -> str:
    """One line whatever the title holds: CR, LF and other whitespace runs become one space."""
    return " ".join(f"[Cadence] {title}".split())


def _give_up_crash_looping(sendable: QuerySet[Notification]) -> int:
    """Emails whose every attempt was claimed by a run that died before it could record the failure
    (a worker killed or crashing on this very email) are given up, so they cannot crash-loop forever."""
    spent = list(sendable.filter(email_attempts__gte=EMAIL_MAX_ATTEMPTS).values_list("pk", flat=True))
    if spent:
        log.error("Notifications %s: every email attempt died mid-send; giving up", spent)
        Notification.objects.filter(pk__in=spent).update(
            email_failed_at=timezone.now(), email_claimed_at=None
        )
    return len(spent)


def _record_failure(notification: Notification) -> None:
    """Release the lease with the next try pushed back, or give up after the last attempt."""
    attempts = notification.email_attempts
    if attempts >= EMAIL_MAX_ATTEMPTS:
        changes = {"email_failed_at": timezone.now()}
        log.exception("Sending notification %s failed %s times; giving up", notification.pk, attempts)
    else:
        changes = {"email_next_try_at": timezone.now() + EMAIL_RETRY_DELAY * 2 ** (attempts - 1)}
        log.exception("Sending notification %s failed (attempt %s); will retry", notification.pk, attempts)
    Notification.objects.filter(pk=notification.pk).update(email_claimed_at=None, **changes)


def notification_emails_send(*, notification_ids: list[int]) -> int:
    """Send a batch of emails; one that fails (logged, retried later by the backlog) does not stop
    the others. Returns how many were sent."""
    sent = 0
    for pk in notification_ids:
        try:
            sent += notification_email_send(notification_id=pk)
        except Exception:
            continue  # logged and rescheduled by notification_email_send; the backlog job retries it
    return sent


def notification_email_backlog(*, limit: int = 500) -> list[int]:
    """Emails not sent yet that are due (a worker was down or died, or a retry is due): the tick
    re-enqueues them, after giving up those that crash-looped. Recent ones are left to the task
    enqueued with them."""
    now = timezone.now()
    due = Notification.objects.filter(_sendable(now), created_at__lt=now - timedelta(minutes=5))
    _give_up_crash_looping(due)
    return list(due.order_by("pk").values_list("pk", flat=True)[:limit])
