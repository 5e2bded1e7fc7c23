"""Who may see and do what with competency frameworks and where people stand in them.

- Frameworks: everyone with a profile reads the published version of every framework (what "good"
  and "next level" mean is no secret); HR edits drafts, publishes, imports and exports, and alone
  sees drafts and retired versions.
- A person's career data (placement history, assessed levels, gaps): the person, their reporting
  chain above them, and HR.
- Manager assessments: recorded by someone above the person in the reporting line (not HR from
  outside the chain, not the person about themselves).
- Placement (track and level): HR only.
- Promotion readiness: marked by the person's managers; read by them and by HR, never by the person
  (it is a talent-review signal, like the private manager assessment of reviews)."""

from django.db.models import QuerySet

from cadence.core.permissions import is_hr
from cadence.people.models import Employee
from cadence.people.permissions import (
    Actor,
    employee_of,
    is_above,
    managed_by,
    people_visible_to,
    self_and_reporting_chain,
)

from .models import Assessment, FrameworkVersion, Placement, PromotionReadiness


def can_edit_frameworks(actor: Actor) -> bool:
    return is_hr(actor)


def framework_versions_visible_to(actor: Actor) -> QuerySet[FrameworkVersion]:
    if is_hr(actor):
        return FrameworkVersion.objects.all()
    if employee_of(actor) is None:
        return FrameworkVersion.objects.none()
    return FrameworkVersion.objects.filter(status=FrameworkVersion.Status.PUBLISHED)


def can_read_frameworks(actor: Actor) -> bool:
    """HR, and everyone with a profile (there is something published to read or not)."""
    return is_hr(actor) or employee_of(actor) is not None


def career_people_visible_to(actor: Actor) -> QuerySet[Employee]:
    """Whose placement, assessed levels and gaps the actor may read: HR everyone, a manager their
    chain, everyone themselves."""
    if is_hr(actor):
        return people_visible_to(actor)
    me = employee_of(actor)
    return self_and_reporting_chain(me) if me else managed_by(actor)


def can_see_career(actor: Actor, person: Employee) -> bool:
    if is_hr(actor):
        return True
    me = employee_of(actor)
    return me is not None and (me.pk == person.pk or is_above(me, person))


def placements_visible_to(actor: Actor) -> QuerySet[Placement]:
    return Placement.objects.filter(employee__in=career_people_visible_to(actor))


def assessments_visible_to(actor: Actor) -> QuerySet[Assessment]:
    return Assessment.objects.filter(employee__in=career_people_visible_to(actor))


def can_place(actor: Actor) -> bool:
    return is_hr(actor)


def can_assess(actor: Actor, person: Employee) -> bool:
    me = employee_of(actor)
    return me is not None and person.is_active and is_above(me, person)


def readiness_people_visible_to(actor: Actor) -> QuerySet[Employee]:
    """Whose promotion readiness the actor may read: HR everyone, a manager their chain (not
    themselves)."""
    return managed_by(actor)


def readiness_visible_to(actor: Actor) -> QuerySet[PromotionReadiness]:
    return PromotionReadiness.objects.filter(employee__in=readiness_people_visible_to(actor))


def can_see_readiness(actor: Actor, person: Employee) -> bool:
    if is_hr(actor):
        return True
    me = employee_of(actor)
    return me is not None and is_above(me, person)


def can_mark_readiness(actor: Actor, person: Employee) -> bool:
    return can_assess(actor, person)


def can_see_gap_heatmap(actor: Actor) -> bool:
    """HR for any group; a manager for the groups of their own chain (the selector bounds it)."""
    if is_hr(actor):
        return True
    me = employee_of(actor)
    return me is not None and me.reports.exists()
