"""Shared notes: one Markdown text per meeting that both participants read and edit, often at the
same time during the meeting, so every save is checked against the version it was made from
(core.versioning). No audit event: like the agenda, the notes are the two participants' business."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cadence.core.versioning import changed_fields, check_version, save_versioned
from cadence.people.permissions import Actor, require_employee

from .models import Meeting, SharedNote
from .permissions import can_edit_agenda

MAX_LENGTH = 20000


@transaction.atomic
def shared_note_save(*, actor: Actor, meeting: Meeting, version: int | None, text: str) -> SharedNote:
    """Write the meeting's shared notes from `version` (1 before the first save)."""
    if not can_edit_agenda(actor, meeting):
        raise PermissionDenied(_("Only the two participants edit the shared notes."))
    text = (text or "").strip()
    if len(text) > MAX_LENGTH:
        raise ValidationError({"text": [_("Keep shared notes under 20,000 characters.")]})
    Meeting.objects.select_for_update().get(pk=meeting.pk)  # serialises the first save
    note, _created = SharedNote.objects.get_or_create(meeting=meeting)
    check_version(note, version)
    if changed_fields(note, {"text": text}):
        note.text, note.edited_by = text, require_employee(actor)
        save_versioned(note, version=version, fields=("text", "edited_by"))
    return note
