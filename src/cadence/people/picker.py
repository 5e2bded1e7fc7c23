"""The people picker's sources and fields (core.picker has the widget and its rules).

A form chooses colleagues with `PersonPicker(scope=...)` (one) or `PersonPicker(scope=...,
multiple=True)`, a team with `TeamPicker()`, and binds them to the actor in its __init__ with
`bind_people_pickers(self, actor)`. The scopes are in `people.selectors.picker_people`; the search
page (`people:pick`) answers the matches of a scope as a listbox for htmx."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cadence.core.http import id_param
from cadence.core.picker import PickerField, PickerOption, PickerSource, bind_pickers
from cadence.core.text import fold

from . import selectors
from .models import Employee, Team
from .permissions import Actor


@dataclass(frozen=True)
class PeopleSource:
    scope: str

    @property
    def search_url(self) -> str:
        return reverse("people:pick", args=[self.scope])

    def find(self, actor: Actor, text: str, limit: int) -> list[Employee]:
        return selectors.people_matching(actor=actor, scope=self.scope, text=text, limit=limit)

    def is_exact(self, obj: Any, text: str) -> bool:
        ref = text.strip().lower()
        return fold(obj.full_name) == fold(ref) or obj.email.lower() == ref or obj.employee_id.lower() == ref

    def by_ids(self, actor: Actor, ids: Sequence[int]) -> list[Employee]:
        people = selectors.picker_people(actor=actor, scope=self.scope)
        return list(people.filter(pk__in=list(ids)).select_related("department"))

    def option(self, obj: Any) -> PickerOption:
        return PickerOption(obj.pk, obj.full_name, person_detail(obj))


def person_detail(person: Employee) -> str:
    """What tells two people of the same name apart: email, title, department."""
    department = person.department.name if person.department_id and person.department else ""
    return " · ".join(part for part in (person.email, person.job_title, department) if part)


class TeamSource:
    scope = "teams"

    @property
    def search_url(self) -> str:
        return reverse("people:pick", args=[self.scope])

    def find(self, actor: Actor, text: str, limit: int) -> list[Team]:
        return selectors.team_matching(actor=actor, text=text, limit=limit)

    def is_exact(self, obj: Any, text: str) -> bool:
        return fold(obj.name) == fold(text.strip())

    def by_ids(self, actor: Actor, ids: Sequence[int]) -> list[Team]:
        return list(selectors.team_list(actor=actor).filter(pk__in=list(ids)))

    def option(self, obj: Any) -> PickerOption:
        return PickerOption(obj.pk, obj.name, obj.department.name if obj.department else "")


SOURCES: dict[str, PickerSource] = {
    **{scope: PeopleSource(scope) for scope in selectors.PICKER_SCOPES},
    "teams": TeamSource(),
}


class PersonPicker(PickerField):
    def __init__(self, *, scope: str = "colleagues", **kwargs: Any) -> None:
        assert scope in selectors.PICKER_SCOPES, scope
        self.scope = scope
        super().__init__(**kwargs)


class TeamPicker(PickerField):
    scope = "teams"
    placeholder = _("Team name")
    default_error_messages = {
        "required": _("Choose a team."),
        "gone": _("A team you chose no longer exists."),
        "missing": _("No team matches %(terms)s."),
    }


class TeamFilterForm(forms.Form):
    """The team filter of a list page (the directory, the goal tree): a picker, not a <select> of
    every team (1,378 of them at 10,000 people)."""

    team = TeamPicker(label=_("Team"), required=False)

    def __init__(self, data: Any, *, actor: Actor) -> None:
        super().__init__(data, auto_id="f-%s", label_suffix="")  # as the other filters' labels
        bind_people_pickers(self, actor)


def team_filter(data: Any, *, actor: Actor) -> tuple[TeamFilterForm, int | None]:
    """The team filter's form and the team it names (an id, or a name typed without JavaScript
    that matches one team), or None. An id no team has still filters (to nothing), as in the API."""
    form = TeamFilterForm(data, actor=actor)
    if form.is_valid():
        team = form.cleaned_data["team"]
        return form, team.pk if team else None
    return form, id_param(data.get("team"))


def bind_people_pickers(form: forms.BaseForm, actor: Actor) -> None:
    bind_pickers(form, lambda field: SOURCES[getattr(field, "scope", "colleagues")], actor)
