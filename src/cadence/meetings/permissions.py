"""Who may see and do what with 1:1s.

- The two participants see everything of their series: meetings, agenda, action items.
- The manager chain above the employee and HR admins see that a series exists, its cadence and
  its meeting dates (so a manager of managers can tell whether 1:1s happen), but not the agenda or
  the action items, unless they are a participant themselves.
- A private note is readable by its author only. Nobody else, HR included, ever reads it.
- Agenda templates: a personal one is changed by its owner only, a shared one by HR admins."""

from django.db.models import Q, QuerySet

from cadence.core.permissions import is_hr
from cadence.people.permissions import Actor, employee_of

from .models import ActionItem, AgendaTemplate, Meeting, Series


def series_visible_to(actor: Actor) -> QuerySet[Series]:
    """Series the actor may know about: as a participant, above the employee, or as HR."""
    if not getattr(actor, "is_active", False):
        return Series.objects.none()
    if is_hr(actor):
        return Series.objects.all()
    me = employee_of(actor)
    if me is None:
        return Series.objects.none()
    return Series.objects.filter(
        Q(manager=me) | Q(employee=me) | Q(employee__path__startswith=me.path, employee__path__gt=me.path)
    )


def series_participating(actor: Actor) -> QuerySet[Series]:
    """Series whose agenda the actor may read: only those they take part in."""
    me = employee_of(actor)
    if me is None:
        return Series.objects.none()
    return Series.objects.filter(Q(manager=me) | Q(employee=me))


def meetings_with_agenda_for(actor: Actor) -> QuerySet[Meeting]:
    return Meeting.objects.filter(series__in=series_participating(actor))


def action_items_visible_to(actor: Actor) -> QuerySet[ActionItem]:
    return ActionItem.objects.filter(series__in=series_participating(actor))


def is_participant(actor: Actor, series: Series) -> bool:
    me = employee_of(actor)
    return me is not None and me.pk in series.participant_ids()


def can_change_series(actor: Actor, series: Series) -> bool:
    """Cadence, length and ending the series: the participants, while it runs."""
    return series.is_active and is_participant(actor, series)


def can_edit_agenda(actor: Actor, meeting: Meeting) -> bool:
    """Talking points and action items can be added until the series ends, also after the meeting
    (people write down what they agreed)."""
    return meeting.series.is_active and is_participant(actor, meeting.series)


def can_change_template(actor: Actor, template: AgendaTemplate) -> bool:
    """The same rule as creating one: your own personal templates; shared ones if you are in HR."""
    me = employee_of(actor)
    if me is None:
        return False
    if template.owner_id is None:
        return is_hr(actor)
    return template.owner_id == me.pk
