"""What one module's object may point at in another's: a 1:1 talking point links a goal or a
feedback item. Modules that own such things register a `LinkSource` in their AppConfig.ready(), so
the module that links (meetings) needs to know none of them, and each source answers by its own
permissions: what a viewer may see, and what a group of people may all see.

A link is derived data (DESIGN, "Derived data follows its source"): its title and address are
shown only to a viewer the source lets see the target; anyone else gets the source's
`hidden_label`."""

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any

from django_stubs_ext import StrOrPromise

from .models import User


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True)
class LinkSource:
    kind: str  # stored next to the id: "goal", "feedback"
    group: StrOrPromise  # heading of its choices in a picker: "Goals"
    hidden_label: StrOrPromise  # shown instead of the title to a viewer who may not see the target
    # (users, people ids, only) -> [(id, title)]: the targets about those people that every one of
    # the users may see, newest first, at most 50; `only` narrows to one id (to check a choice).
    shared: Callable[[Sequence[User], Sequence[int], int | None], list[tuple[int, str]]]
    # (viewer, ids) -> {id: Link} for the ids the viewer may see.
    links: Callable[[Any, Collection[int]], dict[int, Link]]


_SOURCES: dict[str, LinkSource] = {}


def link_source_register(source: LinkSource) -> None:
    _SOURCES[source.kind] = source


def link_sources() -> list[LinkSource]:
    return list(_SOURCES.values())


def link_source(kind: str) -> LinkSource | None:
    return _SOURCES.get(kind)


def resolve_links(viewer: Any, refs: Collection[tuple[str, int]]) -> dict[tuple[str, int], Link]:
    """The links among `refs` ((kind, id) pairs) the viewer may follow: one query per kind named."""
    by_kind: dict[str, set[int]] = {}
    for kind, pk in refs:
        by_kind.setdefault(kind, set()).add(pk)
    found: dict[tuple[str, int], Link] = {}
    for kind, ids in by_kind.items():
        source = _SOURCES.get(kind)
        if source is not None:
            found.update({(kind, pk): link for pk, link in source.links(viewer, ids).items()})
    return found
