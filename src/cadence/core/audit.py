"""Writing audit events. Services call `audit_record` inside their transaction."""

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import models

from .models import AuditEvent, User


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime.date | Decimal):
        return str(value)
    return value


def audit_snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The audited fields of `obj` as JSON-safe values (related objects by their label)."""
    return {name: _plain(getattr(obj, name)) for name in fields}


def audit_action_labels() -> dict[str, str]:
    """Every audited action with its readable name, as each app declares it in its AppConfig's
    `audit_actions`, so core names the actions of modules it does not know."""
    labels: dict[str, str] = {}
    for config in apps.get_app_configs():
        labels.update({action: str(label) for action, label in getattr(config, "audit_actions", {}).items()})
    return labels


def audit_record(
    *,
    actor: User | None,
    action: str,
    target: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor,
        actor_label=str(actor) if actor else "system",
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_label=str(target)[:255],
        before=before or {},
        after=after or {},
    )


def audit_events_build(
    *, actor: User | None, action: str, items: Iterable[tuple[models.Model, dict, dict]]
) -> list[AuditEvent]:
    """Unsaved events for bulk writes (imports): the caller bulk_creates them."""
    label = str(actor) if actor else "system"
    return [
        AuditEvent(
            actor=actor,
            actor_label=label,
            action=action,
            target_type=target._meta.label_lower,
            target_id=str(target.pk),
            target_label=str(target)[:255],
            before=before,
            after=after,
        )
        for target, before, after in items
    ]
