"""Reads shared across modules: API tokens, the audit trail, and ids named in a request body."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from .models import ApiToken, AuditEvent, User
from .permissions import audit_visible_to


def api_token_list(*, actor: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=actor)


def api_token_get(*, actor: User, token_id: int) -> ApiToken:
    """One of the actor's own tokens; anyone else's does not exist."""
    token = api_token_list(actor=actor).filter(pk=token_id).first()
    if token is None:
        raise Http404("No such token.")
    return token


def audit_event_list(
    *, actor: User, action: str = "", target_type: str = "", search: str = ""
) -> QuerySet[AuditEvent]:
    qs = audit_visible_to(actor).select_related("actor")
    if action:
        qs = qs.filter(action=action)
    if target_type:
        qs = qs.filter(target_type=target_type)
    if search:
        qs = qs.filter(target_label__icontains=search) | qs.filter(actor_label__icontains=search)
    return qs


# Ids in a request body are looked up in what the actor may see (a queryset from the owning module's
# selectors or permissions), so an id naming something invisible answers 422 like a missing one: a 403
# would tell the caller that it exists.


def resolve_refs(data: dict[str, Any], sources: dict[str, QuerySet[Any]]) -> dict[str, Any]:
    """Replace each `<name>_id` of `data` by the object of that id in `sources[name]` (null stays None),
    or answer 422 naming every id that is not there."""
    errors: dict[str, list[str]] = {}
    for name, qs in sources.items():
        if f"{name}_id" not in data:
            continue
        pk = data.pop(f"{name}_id")
        data[name] = qs.filter(pk=pk).first() if pk is not None else None
        if pk is not None and data[name] is None:
            thing = name.replace("_", " ")
            errors[f"{name}_id"] = [_("No %(thing)s with id %(id)s.") % {"thing": thing, "id": pk}]
    if errors:
        raise ValidationError(errors)
    return data


def resolve_many[M: Model](qs: QuerySet[M], ids: Iterable[int], *, field: str, message: str) -> list[M]:
    """The objects of `qs` with these ids, in the order given (repeats dropped), or 422 under `field`
    with `message` (holding `%(id)s`) for each id that is not there."""
    wanted = list(dict.fromkeys(ids))
    found = {obj.pk: obj for obj in qs.filter(pk__in=wanted)}
    missing = [pk for pk in wanted if pk not in found]
    if missing:
        raise ValidationError({field: [message % {"id": pk} for pk in missing]})
    return [found[pk] for pk in wanted]


def resolve_one[M: Model](qs: QuerySet[M], pk: int | None, *, field: str, message: str) -> M | None:
    """The object `pk` of `qs`, None for no id, or 422 as resolve_many."""
    return None if pk is None else resolve_many(qs, [pk], field=field, message=message)[0]
