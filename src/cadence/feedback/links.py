"""Feedback as a link target (core.links): a 1:1 talking point may link feedback either participant
received that both of them may read; the link shows only to a viewer who may see the feedback."""

from collections.abc import Collection, Sequence
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cadence.core.links import Link, LinkSource
from cadence.core.models import User

from .models import Feedback
from .permissions import can_read_feedback_body, feedback_visible_to
from .selectors import protection_on

SHARED_LIMIT = 50


def _title(feedback: Feedback) -> str:
    return _("Feedback from %(name)s, %(date)s") % {
        "name": feedback.author.full_name,
        "date": date_format(timezone.localdate(feedback.created_at), "DATE_FORMAT"),
    }


def _shared(users: Sequence[User], people: Sequence[int], only: int | None) -> list[tuple[int, str]]:
    qs = Feedback.objects.filter(recipient_id__in=people)
    for user in users:
        qs = qs.filter(pk__in=feedback_visible_to(user).values("pk"))
    if only is not None:
        qs = qs.filter(pk=only)
    candidates = list(qs.select_related("author", "recipient").order_by("-created_at", "-id")[:SHARED_LIMIT])
    on = protection_on()
    return [
        (item.pk, _title(item))
        for item in candidates
        if all(can_read_feedback_body(user, item, protection_on=on) for user in users)
    ]


def _links(viewer: Any, ids: Collection[int]) -> dict[int, Link]:
    rows = feedback_visible_to(viewer).filter(pk__in=list(ids)).select_related("author")
    return {item.pk: Link(_title(item), reverse("feedback:feedback_detail", args=[item.pk])) for item in rows}


FEEDBACK_LINKS = LinkSource(
    "feedback", gettext_lazy("Feedback"), gettext_lazy("Feedback you cannot see"), _shared, _links
)
