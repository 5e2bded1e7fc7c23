"""Feedback's section on a person's profile: the praise they received, as the viewer may see it."""

from typing import Any

from cadence.people.models import Employee
from cadence.people.permissions import Actor
from cadence.people.profile import ProfileSection

from .selectors import praise_received_for


def _praise_context(actor: Actor, person: Employee) -> dict[str, Any]:
    return {"praise_items": praise_received_for(actor, person, limit=5), "person": person}


PRAISE_RECEIVED = ProfileSection("feedback/partials/praise_received.html", _praise_context)
