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
    NavItem(_("People"), "people:directory", "users", "/people"),
    NavItem(_("Admin"), "admin_hub", "cog-6-tooth", "/admin", visible=is_hr),
]


def navigation_for(user: object, path: str) -> list[tuple[NavItem, bool]]:
    """The entries this user may use, each with whether it is the current section."""
    return [(item, path.startswith(item.section)) for item in NAVIGATION if item.visible(user)]
