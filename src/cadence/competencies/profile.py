"""Competencies on a person's profile: their track and level with the promotions and moves as dated
events (for those who may see their career: themselves, their chain, HR), promotion readiness
history (their managers and HR, never the person), and a "Career" action to their career page."""

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cadence.people.models import Employee
from cadence.people.permissions import Actor
from cadence.people.profile import ProfileAction, ProfileSection

from . import permissions, selectors
from .career import readiness_history

READINESS_SHOWN = 5


def _career_context(actor: Actor, person: Employee) -> dict[str, Any]:
    """Nothing for a viewer outside the person's chain: the template then shows no section."""
    context: dict[str, Any] = {"person": person}
    if permissions.can_see_career(actor, person):
        history = selectors.placement_history(person)
        today = timezone.localdate()
        today_placed = [p for p in history if p.effective_from <= today]
        context["placement_history"] = history
        context["placement_now"] = today_placed[0] if today_placed else None
    if permissions.can_see_readiness(actor, person):
        context["readiness_marks"] = readiness_history(actor=actor, person=person, limit=READINESS_SHOWN)
        context["show_readiness"] = True
    return context


CAREER_SECTION = ProfileSection("competencies/partials/profile_career.html", _career_context)


def _career_url(actor: Actor, person: Employee) -> str | None:
    if not permissions.can_see_career(actor, person):
        return None
    return reverse("competencies:career_person", args=[person.pk])


CAREER_ACTION = ProfileAction(_("Career"), _career_url)
