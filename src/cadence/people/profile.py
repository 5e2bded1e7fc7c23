"""What modules add to a person's profile page: sections below the people data, and actions at the
top ("Give feedback", "Start a 1:1"). A section is a template and a function (actor, person) ->
context that reads through the module's selectors, so what a viewer sees there follows that module's
permissions; an action is a label and a function (actor, person) -> the address to go to, or None
where the viewer may not. Modules register both in their AppConfig.ready(), so people needs to know
no module above it."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django_stubs_ext import StrOrPromise

from .models import Employee
from .permissions import Actor


@dataclass(frozen=True)
class ProfileSection:
    template: str
    context: Callable[[Actor, Employee], dict[str, Any]]


_SECTIONS: list[ProfileSection] = []


def profile_section_register(section: ProfileSection) -> None:
    if section not in _SECTIONS:
        _SECTIONS.append(section)


def profile_sections(actor: Actor, person: Employee) -> list[tuple[str, dict[str, Any]]]:
    return [(section.template, section.context(actor, person)) for section in _SECTIONS]


@dataclass(frozen=True)
class ProfileAction:
    label: StrOrPromise
    url: Callable[[Actor, Employee], str | None]  # None: this viewer may not do it for this person


_ACTIONS: list[ProfileAction] = []


def profile_action_register(action: ProfileAction) -> None:
    if action not in _ACTIONS:
        _ACTIONS.append(action)


def profile_actions(actor: Actor, person: Employee) -> list[tuple[StrOrPromise, str]]:
    """(label, address) of what this viewer may do for this person, in registration order."""
    offered = ((action.label, action.url(actor, person)) for action in _ACTIONS)
    return [(label, url) for label, url in offered if url]
