"""Goals on a person's career page (competencies.career registry): their current objectives that
develop each competency, as the viewer may see them; no section when there are none."""

from collections.abc import Mapping
from typing import Any

from cadence.competencies.career import CareerSection
from cadence.people.models import Employee
from cadence.people.permissions import Actor

from .selectors import goals_developing


def _developing_context(actor: Actor, person: Employee) -> Mapping[str, Any] | None:
    developing = goals_developing(actor=actor, person=person)
    return {"developing": developing, "person": person} if developing else None


DEVELOPING_GOALS = CareerSection("goals/partials/career_goals.html", _developing_context)
