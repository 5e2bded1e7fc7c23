"""1:1s on a person's profile: "Start a 1:1" for a colleague the viewer has no running 1:1 with."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cadence.people.models import Employee
from cadence.people.permissions import Actor, employee_of
from cadence.people.profile import ProfileAction

from .selectors import running_series_between


def _start_url(actor: Actor, person: Employee) -> str | None:
    me = employee_of(actor)
    if me is None or me.pk == person.pk or not person.is_active or running_series_between(me, person):
        return None
    return f"{reverse('meetings:series_new')}?person={person.pk}"


START_ONE_ON_ONE = ProfileAction(_("Start a 1:1"), _start_url)
