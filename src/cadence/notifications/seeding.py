"""The notifications of `cadence seed`: every module's seeder adds the notifications its events
would have sent (with `notice`), and `seed_notifications`, last in the registry, writes them.

Set-up data, written set-based past the services on purpose (see core.seeding): no emails go out
(`send_email` is off), older notifications are read, and to-dos are resolved where the seeded
history shows that the person acted."""

import datetime
import random

from django.urls import reverse

from cadence.core.seeding import SeedContext, SeedPerson, Table

from .models import Notification

FIELDS = (
    "recipient",
    "kind",
    "event_key",
    "title",
    "body",
    "url",
    "requires_action",
    "due_at",
    "created_at",
    "read_at",
    "resolved_at",
    "send_email",
    "emailed_at",
    "email_claimed_at",
    "email_attempts",
    "email_next_try_at",
    "email_failed_at",
)
READ_AFTER = datetime.timedelta(days=3)  # most notifications older than this have been read


def url_pattern(name: str) -> str:
    """The URL of route `name` for any object id: `url_pattern("feedback:praise_detail").format(pk)`."""
    return reverse(name, args=[987654321]).replace("987654321", "{}")


def _table(ctx: SeedContext) -> Table:
    if "notifications" not in ctx.shared:
        ctx.shared["notifications"] = Table(Notification, FIELDS)
        ctx.shared["notifications_rng"] = ctx.rng("notifications")
    table: Table = ctx.shared["notifications"]
    return table


def notice(
    ctx: SeedContext,
    recipient: SeedPerson,
    *,
    kind: str,
    event_key: str,
    title: str,
    url: str,
    at: datetime.datetime,
    body: str = "",
    todo: bool = False,
    done_at: datetime.datetime | None = None,
) -> None:
    """One notification to `recipient` at `at`. A to-do (`todo`) stays open unless `done_at` says
    when the person acted; anything else older than a few days is most likely read."""
    if recipient.user_id is None:
        return
    table = _table(ctx)
    rng: random.Random = ctx.shared["notifications_rng"]
    read_at = None
    if done_at is not None:
        read_at = done_at
    elif not todo and at < ctx.now - READ_AFTER and rng.random() < 0.85:
        read_at = min(ctx.now, at + datetime.timedelta(hours=rng.randint(1, 60)))
    table.add(
        recipient.user_id,
        kind,
        event_key,
        title[:255],
        body,
        url,
        todo,
        None,
        at,
        read_at,
        done_at if todo else None,
        False,
        None,
        None,
        0,
        None,
        None,
    )


def seed_notifications(ctx: SeedContext) -> None:
    ctx.write("notifications", {"notifications": _table(ctx)})
