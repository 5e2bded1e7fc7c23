"""Permission primitives every module uses. Module rules live in each app's permissions.py."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from .models import AuditEvent, User


def is_hr(actor: User | AnonymousUser) -> bool:
    return bool(getattr(actor, "is_hr", False))


def is_system_admin(actor: User | AnonymousUser) -> bool:
    return bool(getattr(actor, "is_system_admin", False))


def audit_visible_to(actor: User) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.all() if is_hr(actor) else AuditEvent.objects.none()
