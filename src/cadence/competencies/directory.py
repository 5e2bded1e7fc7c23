"""HR's "Place these people on a level" for the selection of the people directory: the bulk
placement page takes the directory's filters as they are."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cadence.people.directory_actions import DirectoryAction
from cadence.people.permissions import Actor

from .permissions import can_place


def _place_selection_url(actor: Actor, query: str) -> str | None:
    if not can_place(actor):
        return None
    address = reverse("competencies:placement_bulk")
    return f"{address}?{query}" if query else address


PLACE_SELECTION = DirectoryAction(_("Place these people on a level"), _place_selection_url)
