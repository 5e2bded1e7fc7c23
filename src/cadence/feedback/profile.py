"""Feedback on a person's profile: the praise they received, as the viewer may see it, and the
actions "Give feedback" and "Request feedback" where the viewer may."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cadence.people.models import Employee
from cadence.people.permissions import Actor, employee_of
from cadence.people.profile import ProfileAction, ProfileSection

from .permissions import can_request_feedback_about
from .selectors import praise_received_for


def _praise_context(actor: Actor, person: Employee) -> dict[str, Any]:
    return {"praise_items": praise_received_for(actor, person, limit=5), "person": person}


PRAISE_RECEIVED = ProfileSection("feedback/partials/praise_received.html", _praise_context)


def _colleague(actor: Actor, person: Employee) -> Employee | None:
    """The viewer's own record when the person is someone else who is still here."""
    me = employee_of(actor)
    return me if me is not None and me.pk != person.pk and person.is_active else None


def _give_feedback_url(actor: Actor, person: Employee) -> str | None:
    return f"{reverse('feedback:give')}?to={person.pk}" if _colleague(actor, person) else None


def _request_feedback_url(actor: Actor, person: Employee) -> str | None:
    if not (person.is_active and can_request_feedback_about(actor, person)):
        return None
    return f"{reverse('feedback:request_new')}?about={person.pk}"


GIVE_FEEDBACK = ProfileAction(_("Give feedback"), _give_feedback_url)
REQUEST_FEEDBACK = ProfileAction(_("Request feedback"), _request_feedback_url)
