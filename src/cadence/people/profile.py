"""Sections that modules add to a person's profile page, below the people data. Each section is a
template and a function (actor, person) -> context; the function reads through the module's selectors,
so what a viewer sees there follows that module's permissions. Modules register their section in their
AppConfig.ready(), so people needs to know no module above it."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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
