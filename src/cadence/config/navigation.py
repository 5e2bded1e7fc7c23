"""The main navigation. Each module adds its entry here; an entry shows only to the roles that can use it."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from cadence.core.permissions import is_hr


@dataclass(frozen=True)
class NavItem:
    label: StrOrPromise
    url_name: str
    icon: str
    section: str  # the URL prefix that marks the entry as current
    visible: Callable[[Any], bool] = lambda user: True


NAVIGATION = [
    NavItem(_("Home"), "home", "home", "/home"),
    NavItem(_("Goals"), "goals:mine", "flag", "/goals"),
    NavItem(_("Feedback"), "feedback:wall", "chat-bubble-left-right", "/feedback/"),
    NavItem(_("Check-ins"), "checkins:checkins", "clipboard-document-check", "/feedback/check-ins"),
    NavItem(_("1:1s"), "meetings:mine", "calendar-days", "/one-on-ones"),
    NavItem(_("Career"), "competencies:career_mine", "academic-cap", "/career"),
    NavItem(_("People"), "people:directory", "users", "/people"),
    NavItem(_("Admin"), "admin_hub", "cog-6-tooth", "/admin", visible=is_hr),
]


def navigation_for(user: object, path: str) -> list[tuple[NavItem, bool]]:
    """The entries this user may use, each with whether it is the current section (the longest
    matching prefix wins, so /feedback/check-ins marks Check-ins, not Feedback)."""
    items = [item for item in NAVIGATION if item.visible(user)]
    matching = [item for item in items if path.startswith(item.section)]
    current = max(matching, key=lambda item: len(item.section)) if matching else None
    return [(item, item is current) for item in items]
