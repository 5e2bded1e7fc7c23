"""Who may see and do what with people. Every read of employees starts from `people_visible_to`.

- Everyone with a profile sees the directory of active colleagues (names, titles, teams).
- Managers manage their whole reporting chain, not only direct reports.
- HR admins see and manage everyone, inactive people included.
- Fairness data (gender, birth year) is visible only to HR and the person."""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from cadence.core.models import User
from cadence.core.permissions import is_hr

from .models import Employee

Actor = User | AnonymousUser


def employee_of(actor: Actor) -> Employee | None:
    """The actor's own employee record: the one way to ask "who am I here". None for anonymous,
    inactive and profile-less users; cached on the user object for the request."""
    if not getattr(actor, "is_active", False):
        return None
    if not hasattr(actor, "_cadence_employee"):
        actor._cadence_employee = Employee.objects.filter(user_id=actor.pk).first()  # type: ignore[union-attr,misc]
    return actor._cadence_employee  # type: ignore[union-attr]


def as_actor(person: Employee) -> User | None:
    """The person's login, to ask what they may see (another module's permissions, on their
    behalf), with their employee record known so that employee_of asks no query. Load the person
    with select_related("user")."""
    user = person.user
    if user is not None:
        user._cadence_employee = person  # type: ignore[attr-defined]
    return user


def require_employee(actor: Actor, message: str = "") -> Employee:
    """The actor's employee record, or PermissionDenied (403 in the API, 404 on a page)."""
    me = employee_of(actor)
    if me is None:
        raise PermissionDenied(message or _("You need an employee profile to do this."))
    return me


def people_visible_to(actor: Actor) -> QuerySet[Employee]:
    if not getattr(actor, "is_active", False):
        return Employee.objects.none()
    if is_hr(actor):
        return Employee.objects.all()
    me = employee_of(actor)
    if me is None:
        return Employee.objects.none()
    return Employee.objects.filter(status=Employee.Status.ACTIVE) | Employee.objects.filter(pk=me.pk)


def is_above(manager: Employee, person: Employee) -> bool:
    """Whether `manager` is somewhere above `person` in the reporting line."""
    return manager.pk != person.pk and person.path.startswith(manager.path)


def reporting_chain_of(manager: Employee) -> QuerySet[Employee]:
    """Everyone below `manager`, at any depth."""
    return Employee.objects.filter(path__startswith=manager.path).exclude(pk=manager.pk)


def self_and_reporting_chain(person: Employee) -> QuerySet[Employee]:
    """The person and everyone below them."""
    return Employee.objects.filter(path__startswith=person.path)


def managed_by(actor: Actor) -> QuerySet[Employee]:
    """The people whose performance data the actor may see: HR everyone, a manager their chain."""
    if is_hr(actor):
        return Employee.objects.all()
    me = employee_of(actor)
    return reporting_chain_of(me) if me else Employee.objects.none()


def is_manager(actor: Actor) -> bool:
    me = employee_of(actor)
    if me is None:
        return False
    if not hasattr(me, "_cadence_is_manager"):
        me._cadence_is_manager = me.reports.filter(status=Employee.Status.ACTIVE).exists()  # type: ignore[attr-defined]
    return me._cadence_is_manager  # type: ignore[attr-defined]


def can_manage(actor: Actor, person: Employee) -> bool:
    """HR, or someone above the person in the reporting line."""
    if is_hr(actor):
        return True
    me = employee_of(actor)
    return bool(me and me.pk != person.pk and person.path.startswith(me.path))


def can_edit_people(actor: Actor) -> bool:
    return is_hr(actor)


def can_view_fairness_data(actor: Actor, person: Employee) -> bool:
    return is_hr(actor) or (employee_of(actor) is not None and employee_of(actor) == person)
