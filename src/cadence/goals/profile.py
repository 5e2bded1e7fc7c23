"""Goals on a person's profile: their objectives of the latest cycles, as the viewer may see them."""

from typing import Any

from cadence.people.models import Employee
from cadence.people.permissions import Actor
from cadence.people.profile import ProfileSection

from .selectors import goal_list

SHOWN = 5


def _goals_context(actor: Actor, person: Employee) -> dict[str, Any]:
    goals = goal_list(actor=actor, owner=person.pk).order_by("-cycle__start_date", "title", "id")
    return {"profile_goals": list(goals[:SHOWN]), "person": person}


GOALS = ProfileSection("goals/partials/profile_goals.html", _goals_context)
