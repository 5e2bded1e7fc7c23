"""Goals as link targets (core.links): a 1:1 talking point may link an active goal of either
participant that both of them may see; the link shows only to a viewer who may see the goal."""

from collections.abc import Collection, Sequence
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cadence.core.links import Link, LinkSource
from cadence.core.models import User

from .models import Goal
from .permissions import goals_visible_to

SHARED_LIMIT = 50


def _shared(users: Sequence[User], people: Sequence[int], only: int | None) -> list[tuple[int, str]]:
    qs = Goal.objects.filter(owner_employee_id__in=people, state=Goal.State.ACTIVE)
    for user in users:
        qs = qs.filter(pk__in=goals_visible_to(user).values("pk"))
    if only is not None:
        qs = qs.filter(pk=only)
    qs = qs.order_by("-cycle__start_date", "title", "id")
    return [(pk, title) for pk, title in qs.values_list("pk", "title")[:SHARED_LIMIT]]


def _links(viewer: Any, ids: Collection[int]) -> dict[int, Link]:
    rows = goals_visible_to(viewer).filter(pk__in=list(ids)).values_list("pk", "title")
    return {pk: Link(title, reverse("goals:detail", args=[pk])) for pk, title in rows}


GOAL_LINKS = LinkSource("goal", _("Goals"), _("A goal you cannot see"), _shared, _links)
