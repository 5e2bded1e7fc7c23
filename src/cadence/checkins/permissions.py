"""Who may see and do what with check-ins. They are treated like private 1:1 content: visible to the
author and their reporting chain above, not to HR unless HR is in that chain. HR configures the
questions and the cadence."""

from django.db.models import QuerySet

from cadence.core.permissions import is_hr
from cadence.people.permissions import Actor, employee_of, is_above

from .models import CheckIn


def checkins_visible_to(actor: Actor) -> QuerySet[CheckIn]:
    me = employee_of(actor)
    if me is None:
        return CheckIn.objects.none()
    # My own and those of everyone below me: their paths start with mine.
    return CheckIn.objects.filter(author__path__startswith=me.path)


def can_write_checkin(actor: Actor, checkin: CheckIn) -> bool:
    me = employee_of(actor)
    return me is not None and checkin.author_id == me.pk and checkin.status == CheckIn.Status.DUE


def can_edit_checkin(actor: Actor, checkin: CheckIn) -> bool:
    """The author may still change a submitted check-in until a manager has reviewed it."""
    me = employee_of(actor)
    return (
        me is not None
        and checkin.author_id == me.pk
        and checkin.status == CheckIn.Status.SUBMITTED
        and checkin.reviewed_at is None
    )


def can_review_checkin(actor: Actor, checkin: CheckIn) -> bool:
    me = employee_of(actor)
    return me is not None and is_above(me, checkin.author)


def can_discuss_checkin(actor: Actor, checkin: CheckIn) -> bool:
    """The author and their managers may comment and react."""
    me = employee_of(actor)
    return me is not None and (checkin.author_id == me.pk or is_above(me, checkin.author))


def can_configure(actor: Actor) -> bool:
    """HR sets the questions and the cadence."""
    return is_hr(actor)
