"""Writes on accounts: API tokens, roles and the language a person reads Cadence in."""

import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .audit import audit_record
from .models import ApiToken, User, hash_token

TOKEN_PREFIX = "cad_"


@transaction.atomic
def api_token_create(*, actor: User, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token for `user`; returns it and the raw token, which is never retrievable again."""
    if actor.pk != user.pk:
        raise PermissionDenied(_("People create their own tokens."))
    name = name.strip()
    if not name:
        raise ValidationError({"name": [_("Give the token a name so you can recognise it later.")]})
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name[:100], prefix=raw[:10], token_hash=hash_token(raw))
    audit_record(actor=actor, action="api_token.create", target=token, after={"name": token.name})
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    if token.user_id != actor.pk:
        raise PermissionDenied(_("People revoke their own tokens."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action="api_token.revoke", target=token, after={"name": token.name})
    return token


@transaction.atomic
def user_set_role(*, actor: User, user: User, role: str) -> User:
    """HR admins grant and remove HR rights; only system admins touch system-admin rights."""
    if role not in User.Role.values:
        raise ValidationError({"role": [_("Unknown role.")]})
    if not actor.is_hr:
        raise PermissionDenied(_("Only HR admins change roles."))
    if user.role == role:
        return user
    touches_system = User.Role.SYSTEM_ADMIN in {role, user.role}
    if touches_system and not actor.is_system_admin:
        raise ValidationError({"role": [_("Only a system admin can grant or remove system-admin rights.")]})
    before = {"role": user.role}
    user.role = role
    user.is_staff = user.is_superuser = role == User.Role.SYSTEM_ADMIN
    user.save(update_fields=["role", "is_staff", "is_superuser"])
    audit_record(actor=actor, action="user.role_change", target=user, before=before, after={"role": role})
    return user


@transaction.atomic
def user_language_set(*, actor: User, user: User, language: str) -> User:
    """People choose their own language; empty means "as my browser says"."""
    if actor.pk != user.pk:
        raise PermissionDenied(_("People choose their own language."))
    if language and language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": [_("Choose one of the languages offered.")]})
    if user.language != language:
        before = {"language": user.language}
        user.language = language
        user.save(update_fields=["language"])
        audit_record(
            actor=actor, action="user.language", target=user, before=before, after={"language": language}
        )
    return user
