"""Action items of 1:1s: added in a meeting, owned by one of the two participants, on their to-do
list until done; edited from the version shown (core.versioning)."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadence.core.i18n import gettext_deferred
from cadence.core.versioning import changed_fields, check_version, save_versioned
from cadence.notifications.services import notify, todo_resolve
from cadence.people.models import Employee
from cadence.people.permissions import Actor, require_employee

from .models import ActionItem, Meeting
from .permissions import can_edit_agenda
from .services import _clean_text, _require, meeting_url


def _due_at(due_date: datetime.date | None) -> datetime.datetime | None:
    if due_date is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(due_date, datetime.time(17, 0)))


def _assign(item: ActionItem, actor_name: str) -> None:
    """Put the item on its owner's to-do list (once per owner and round, see ActionItem.todo_round)."""
    if item.owner.user_id is None:
        return
    notify(
        recipient=item.owner.user,  # type: ignore[arg-type]
        kind="meetings.action_item",
        event_key=item.owner_todo_key,
        title=gettext_deferred("Action item from your 1:1: %(title)s") % {"title": item.title},
        body=gettext_deferred("Assigned by %(name)s.") % {"name": actor_name},
        url=meeting_url(item.meeting),
        requires_action=True,
        due_at=_due_at(item.due_date),
    )


def _unassign(item: ActionItem) -> None:
    if item.owner.user_id is not None:
        todo_resolve(recipient=item.owner.user, event_key=item.owner_todo_key)  # type: ignore[arg-type]


def _check_owner(meeting: Meeting, owner: Employee | None) -> Employee:
    if owner is None or owner.pk not in meeting.series.participant_ids():
        raise ValidationError({"owner": [_("The owner must be one of the two participants.")]})
    return owner


@transaction.atomic
def action_item_add(
    *,
    actor: Actor,
    meeting: Meeting,
    title: str,
    owner: Employee | None,
    due_date: datetime.date | None = None,
) -> ActionItem:
    _require(can_edit_agenda(actor, meeting), _("Only the two participants add action items."))
    me = require_employee(actor)
    item = ActionItem.objects.create(
        series=meeting.series,
        meeting=meeting,
        owner=_check_owner(meeting, owner),
        created_by=me,
        title=_clean_text(title, "title", 300),
        due_date=due_date,
    )
    _assign(item, me.full_name)
    return item


@transaction.atomic
def action_item_update(
    *,
    actor: Actor,
    item: ActionItem,
    version: int | None,
    title: str | None = None,
    owner: Employee | None = None,
    due_date: datetime.date | None = None,
    clear_due_date: bool = False,
    done: bool | None = None,
) -> ActionItem:
    """Change an action item from the `version` shown (core.versioning): only what differs from
    the saved item is written, and the owners' to-do lists follow."""
    _require(can_edit_agenda(actor, item.meeting), _("Only the two participants change action items."))
    me = require_employee(actor)
    item = (
        ActionItem.objects.select_for_update(of=("self",))
        .select_related("meeting__series", "owner")
        .get(pk=item.pk)
    )
    check_version(item, version)
    proposed: dict[str, Any] = {}
    if title is not None:
        proposed["title"] = _clean_text(title, "title", 300)
    if due_date is not None or clear_due_date:
        proposed["due_date"] = due_date
    changed = changed_fields(item, proposed)
    for name, value in changed.items():
        setattr(item, name, value)
    if owner is not None and owner.pk != item.owner_id:
        _check_owner(item.meeting, owner)
        _unassign(item)
        item.owner = owner
        changed["owner"] = owner
        if not item.is_done:
            _reassign(item, me.full_name)
    if done is not None and done != item.is_done:
        item.done_at = timezone.now() if done else None
        changed["done_at"] = item.done_at
        if done:
            _unassign(item)
        else:
            _reassign(item, me.full_name)  # reopened: back on the owner's list
    if changed:
        save_versioned(item, version=version, fields=[*changed, "todo_round"])
    return item


def _reassign(item: ActionItem, actor_name: str) -> None:
    """Put the item back on a to-do list under a new round: the owner may have had (and resolved) a
    to-do for it before, and notify() would otherwise return that old, resolved one."""
    item.todo_round += 1
    _assign(item, actor_name)
