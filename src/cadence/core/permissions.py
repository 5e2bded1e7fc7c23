"""Permission primitives every module uses. Module rules live in each app's permissions.py."""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from .models import AuditEvent, User


class RoleRequired(PermissionDenied):
    """A page for a role the person does not hold (HR, a manager). Pages answer it with 403 and its
    reason, unlike a refused object (404, core.middleware): that such a page exists is no secret."""


def require_role(allowed: bool, reason: str) -> None:
    if not allowed:
        raise RoleRequired(reason)


def require_hr_page(allowed: bool) -> None:
    """For a page only HR opens; `allowed` is the module's own rule (can_configure, ...)."""
    require_role(allowed, gettext("This page is for HR admins."))


def is_hr(actor: User | AnonymousUser) -> bool:
    return bool(getattr(actor, "is_hr", False))


def is_system_admin(actor: User | AnonymousUser) -> bool:
    return bool(getattr(actor, "is_system_admin", False))


# Logins that open the Django admin: system admins, and superusers made on the command line.
ADMIN_RIGHTS = Q(role=User.Role.SYSTEM_ADMIN) | Q(is_staff=True) | Q(is_superuser=True)


def holds_admin_rights(user: User) -> bool:
    return user.role == User.Role.SYSTEM_ADMIN or user.is_staff or user.is_superuser


def can_change_sign_in(actor: User | AnonymousUser, user: User) -> bool:
    """Who may change a login's email or switch it off. Only a system admin may do so for another
    admin: otherwise HR could point an admin's email at their own mailbox, reset the password and
    take over the Django admin."""
    return is_system_admin(actor) or not holds_admin_rights(user)


def audit_visible_to(actor: User) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.all() if is_hr(actor) else AuditEvent.objects.none()
