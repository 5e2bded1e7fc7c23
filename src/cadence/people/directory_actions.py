"""What modules offer for the people a directory filter selects ("Place these people on a level"
from competencies): a label and a function (actor, the directory's query string) -> the address to
go to, or None where the actor may not. Modules register them in their AppConfig.ready(), so people
needs to know no module above it."""

from collections.abc import Callable
from dataclasses import dataclass

from django_stubs_ext import StrOrPromise

from .permissions import Actor


@dataclass(frozen=True)
class DirectoryAction:
    label: StrOrPromise
    url: Callable[[Actor, str], str | None]


_ACTIONS: list[DirectoryAction] = []


def directory_action_register(action: DirectoryAction) -> None:
    if action not in _ACTIONS:
        _ACTIONS.append(action)


def directory_actions(actor: Actor, query: str) -> list[tuple[StrOrPromise, str]]:
    offered = ((action.label, action.url(actor, query)) for action in _ACTIONS)
    return [(label, url) for label, url in offered if url]
