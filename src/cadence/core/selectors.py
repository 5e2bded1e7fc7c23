"""Reads shared across modules: API tokens and the audit trail."""

from django.db.models import QuerySet

from .models import ApiToken, AuditEvent, User
from .permissions import audit_visible_to


def api_token_list(*, actor: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=actor)


def audit_event_list(
    *, actor: User, action: str = "", target_type: str = "", search: str = ""
) -> QuerySet[AuditEvent]:
    qs = audit_visible_to(actor)
    if action:
        qs = qs.filter(action=action)
    if target_type:
        qs = qs.filter(target_type=target_type)
    if search:
        qs = qs.filter(target_label__icontains=search) | qs.filter(actor_label__icontains=search)
    return qs
