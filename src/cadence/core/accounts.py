"""Ending every way a person signs in when they leave: their sessions, their API tokens, and what
other modules register (the 1:1 calendar feed). Reactivating them later brings none of it back:
they sign in afresh and make new tokens."""

from collections.abc import Callable

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.utils import timezone

from .models import ApiToken

SignInRevoker = Callable[[list[int]], None]
_revokers: list[SignInRevoker] = []


def sign_in_revoker_register(revoke: SignInRevoker) -> None:
    """Called from a module's AppConfig.ready(), so core needs to know no module."""
    if revoke not in _revokers:
        _revokers.append(revoke)


def sign_ins_end(*, user_ids: list[int]) -> None:
    if not user_ids:
        return
    ApiToken.objects.filter(user_id__in=user_ids, revoked_at__isnull=True).update(revoked_at=timezone.now())
    _sessions_end({str(pk) for pk in user_ids})
    for revoke in _revokers:
        revoke(user_ids)


def _sessions_end(user_ids: set[str]) -> None:
    # Database sessions are not indexed by user, so read the live ones; people leave rarely enough.
    live = Session.objects.filter(expire_date__gt=timezone.now()).iterator(chunk_size=2000)
    ended = [session.session_key for session in live if session.get_decoded().get(SESSION_KEY) in user_ids]
    Session.objects.filter(session_key__in=ended).delete()
