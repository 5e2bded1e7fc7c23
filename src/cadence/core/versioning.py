"""Optimistic locking: one edit never silently overwrites another (DESIGN, "No lost work").

Every object two people can edit derives from `VersionedModel`. Whoever edits it sends back the
version they started from: a hidden field in the form (`core.forms.VersionedForm`), `version` in
the body or `If-Match: "<version>"` in the API (`sent_version`). The service, after its permission
checks, calls `check_version` and writes with `save_versioned`: one compare-and-swap

    UPDATE … SET <the changed fields>, version = version + 1 WHERE id = %s AND version = %s

inside the caller's transaction. Of two edits made from the same version exactly one matches;
the other raises `core.errors.Conflict` carrying what is saved now and its version (409 in the API,
a notice on the form, which keeps what the person typed), and its transaction writes nothing.

Only the changed fields are written, so an edit never puts back a stale copy of a column that other
writers keep (a goal's progress, a key result's current value, a series' end). The version counts
edits of `edit_fields`, what the edit form and PATCH change. Lifecycle actions with a button of
their own (complete, close, end) are guarded by their own state check and pass `version=None`:
they are written whatever the version, and still bump it, so open edit forms hear of them."""

from collections.abc import Callable, Iterable, Mapping
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .errors import Conflict

# Say what is saved now, by the API's field names. Modules pass their own where some of it must not
# be shown to every editor (a goal's parent they may not see) or lives in other rows (key results).
Describe = Callable[[Any], dict[str, Any]]


class VersionedModel(models.Model):
    version = models.PositiveIntegerField(
        gettext_lazy("version"), default=1, editable=False, help_text=gettext_lazy("Counts the edits.")
    )

    # The fields its edit form and PATCH change: what a stale editor is told the current values are.
    edit_fields: ClassVar[tuple[str, ...]] = ()

    class Meta:
        abstract = True


def edit_values(obj: VersionedModel) -> dict[str, Any]:
    """The object's `edit_fields` as the API names them: a foreign key as `<name>_id`."""
    fields = (obj._meta.get_field(name) for name in obj.edit_fields)
    return {field.attname: getattr(obj, field.attname) for field in fields}  # type: ignore[union-attr]


def stale(obj: VersionedModel | None, describe: Describe | None = None) -> Conflict:
    """The Conflict for an edit that started from an older version of `obj` (None: deleted since)."""
    if obj is None:
        return Conflict(_("Someone else deleted this while you were editing it. Nothing was saved."))
    return Conflict(
        _("Someone else changed this while you were editing it. Nothing was saved; here is what is saved."),
        current=(describe or edit_values)(obj),
        version=obj.version,
    )


def check_version(obj: VersionedModel, version: int | None, describe: Describe | None = None) -> None:
    """Refuse an edit without a version (422) or made from another one than `obj` has (Conflict).
    Call it after the permission checks, so that a refused actor learns nothing from the answer."""
    if version is None:
        raise ValidationError(
            {"version": [_("Send the version you started editing from (the “version” you got with it).")]}
        )
    if obj.version != version:
        raise stale(obj, describe)


def changed_fields(obj: models.Model, values: Mapping[str, Any]) -> dict[str, Any]:
    """The entries of `values` that differ from what `obj` holds (a foreign key compared by its id)."""
    changed = {}
    for name, value in values.items():
        field: Any = obj._meta.get_field(name)
        if field.is_relation and field.many_to_one:
            same = getattr(obj, field.attname) == (value.pk if isinstance(value, models.Model) else value)
        else:
            same = getattr(obj, name) == value
        if not same:
            changed[name] = value
    return changed


def save_versioned(
    obj: VersionedModel, *, version: int | None, fields: Iterable[str], describe: Describe | None = None
) -> None:
    """Write `fields` (their values on `obj`) and bump the version, if the row is still at `version`;
    else raise the Conflict, leaving the caller's transaction to roll back whatever it wrote.
    `version=None`: a lifecycle action (see above), written whatever the version; its caller
    locks the row first."""
    model = type(obj)
    columns = (obj._meta.get_field(name).attname for name in fields)  # type: ignore[union-attr]
    values = {column: getattr(obj, column) for column in columns}
    if any(field.name == "updated_at" for field in model._meta.concrete_fields):
        values["updated_at"] = obj.updated_at = timezone.now()  # type: ignore[attr-defined]
    rows = model._default_manager.filter(pk=obj.pk)
    if version is not None:
        rows = rows.filter(version=version)
    if not rows.update(version=F("version") + 1, **values):
        raise stale(model._default_manager.filter(pk=obj.pk).first(), describe)
    # Without a version the caller holds the row (select_for_update), so its copy was the saved one.
    obj.version = (obj.version if version is None else version) + 1


# --- the API's side ---------------------------------------------------------------------------------


def sent_version(request: HttpRequest, version: int | None) -> int | None:
    """The version an API client edited: `version` in the body, or `If-Match: "<version>"` (the
    ETag it got with the object). Both may be sent if they agree."""
    header = request.headers.get("If-Match")
    if header is None:
        return version
    text = header.strip()
    if len(text) > 2 and text[0] == text[-1] == '"':
        text = text[1:-1]
    if not text.isdigit() or len(text) > 10:
        raise ValidationError({"version": [_('Send If-Match as the ETag you got, for example "3".')]})
    if version is not None and int(text) != version:
        raise ValidationError({"version": [_("The version in the body and If-Match differ.")]})
    return int(text)


def with_etag[V: VersionedModel](response: HttpResponse, obj: V) -> V:
    """Set the ETag of an API answer that carries one versioned object, for a later If-Match."""
    response["ETag"] = f'"{obj.version}"'
    return obj
