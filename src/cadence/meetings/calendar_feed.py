"""The secret calendar feed URL: made, replaced and revoked by its owner, deleted when they leave."""

import secrets

from django.db import transaction

from cadence.core.models import hash_token
from cadence.people.permissions import Actor, require_employee

from .models import (
    CalendarFeed,
)


@transaction.atomic
def calendar_feed_regenerate(*, actor: Actor) -> str:
    """A new secret feed URL token for the actor; the previous URL stops working."""
    require_employee(actor)
    raw = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(
        user_id=int(actor.pk or 0), defaults={"token_hash": hash_token(raw)}
    )
    return raw


@transaction.atomic
def calendar_feed_revoke(*, actor: Actor) -> int:
    deleted, _rows = CalendarFeed.objects.filter(user_id=int(getattr(actor, "pk", None) or 0)).delete()
    return deleted


def calendar_feeds_delete(user_ids: list[int]) -> None:
    """People who leave lose their feed URL for good (see core.accounts)."""
    CalendarFeed.objects.filter(user_id__in=user_ids).delete()
