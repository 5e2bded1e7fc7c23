"""Who may see and do what with check-ins. They are treated like private 1:1 content: visible to the
author and their reporting chain above, not to HR unless HR is in that chain. HR configures the
questions and the cadence."""

from django.db.models import QuerySet

from cadence.core.permissions import is_hr
from cadence.feedback.permissions import is_above
from cadence.people.permissions import Actor, employee_of

from .models import CheckIn


def check_ins_visible_to(actor: Actor) -> QuerySet[CheckIn]:
    me = employee_of(actor)
    if me is None:
        return CheckIn.objects.none()
    # My own and those of everyone below me: their paths start with mine.
    return CheckIn.objects.filter(author__path__startswith=me.path)


def can_write_check_in(actor: Actor, check_in: CheckIn) -> bool:
    me = employee_of(actor)
    return me is not None and check_in.author_id == me.pk and check_in.status == CheckIn.Status.DUE


def can_review_check_in(actor: Actor, check_in: CheckIn) -> bool:
    me = employee_of(actor)
    return me is not None and is_above(me, check_in.author)


def can_discuss_check_in(actor: Actor, check_in: CheckIn) -> bool:
    """The author and their managers may comment and react."""
    me = employee_of(actor)
    return me is not None and (check_in.author_id == me.pk or is_above(me, check_in.author))


def can_configure(actor: Actor) -> bool:
    """HR sets the questions and the cadence."""
    return is_hr(actor)
