"""Sections that modules add to a person's profile page, below the people data. Each section is a
template and a function (actor, person) -> context; the function reads through the module's selectors,
so what a viewer sees there follows that module's permissions."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cadence.people.models import Employee
from cadence.people.permissions import Actor


def _praise_context(actor: Actor, person: Employee) -> dict[str, Any]:
    from cadence.feedback.selectors import praise_received_for

    return {"praise_items": praise_received_for(actor, person, limit=5), "person": person}


@dataclass(frozen=True)
class ProfileSection:
    template: str
    context: Callable[[Actor, Employee], dict[str, Any]]


PROFILE_SECTIONS = [
    ProfileSection("feedback/partials/praise_received.html", _praise_context),
]


def profile_sections(actor: Actor, person: Employee) -> list[tuple[str, dict[str, Any]]]:
    return [(section.template, section.context(actor, person)) for section in PROFILE_SECTIONS]
