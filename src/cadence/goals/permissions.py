"""Who may see and do what with goals. Every read of goals starts from `goals_visible_to`.

- Public goals are visible to everyone with a profile; private goals only to their owner, the
  owner's manager chain, and HR (for team and department goals: the team's or department's members).
- Individual goals are edited by their owner and anyone above them in the reporting line (goals are
  co-created); team goals by their creator, the team's managers and the managers of its members,
  department goals by their creator, the department's managers and HR; company
  goals by HR and the top of the organisation.
- HR runs cycles and edits the template library."""

from django.db.models import Q, QuerySet

from cadence.core.permissions import is_hr
from cadence.people.models import Department, Employee, Team
from cadence.people.permissions import Actor, can_manage, employee_of, is_manager, reporting_chain_of

from .models import Goal, GoalCycle


def visibility_q(actor: Actor, prefix: str = "") -> Q:
    """The goals the actor may see, as a Q usable on related lookups (prefix "children__")."""
    if not getattr(actor, "is_active", False):
        return Q(pk__in=[])
    if is_hr(actor):
        return Q()
    me = employee_of(actor)
    if me is None:
        return Q(pk__in=[])

    def q(**kwargs: object) -> Q:
        return Q(**{f"{prefix}{key}": value for key, value in kwargs.items()})

    private_mine = q(owner_employee__path__startswith=me.path)  # me and everyone below me
    if me.team_id:
        private_mine |= q(owner_team_id=me.team_id)
    if me.department_id:
        private_mine |= q(owner_department_id=me.department_id)
    return q(visibility=Goal.Visibility.PUBLIC) | private_mine | q(created_by_id=actor.pk)


def goals_visible_to(actor: Actor) -> QuerySet[Goal]:
    return Goal.objects.filter(visibility_q(actor))


def cycles_visible_to(actor: Actor) -> QuerySet[GoalCycle]:
    if not getattr(actor, "is_active", False) or (employee_of(actor) is None and not is_hr(actor)):
        return GoalCycle.objects.none()
    return GoalCycle.objects.all()


def can_manage_cycles(actor: Actor) -> bool:
    return is_hr(actor)


def can_edit_templates(actor: Actor) -> bool:
    return is_hr(actor)


def can_own(
    actor: Actor,
    level: str,
    *,
    employee: Employee | None = None,
    team: Team | None = None,
    department: Department | None = None,
) -> bool:
    """May the actor set an objective for this owner?"""
    if is_hr(actor):
        return True
    me = employee_of(actor)
    if me is None:
        return False
    if level == Goal.Level.INDIVIDUAL:
        return employee is not None and (employee.pk == me.pk or can_manage(actor, employee))
    if level == Goal.Level.TEAM:
        return team is not None and (me.team_id == team.pk or _manages_a_member(me, team.pk))
    if level == Goal.Level.DEPARTMENT:
        return department is not None and me.department_id == department.pk and is_manager(actor)
    return me.manager_id is None  # company objectives: the top of the organisation


def _manages_a_member(me: Employee, team_id: int) -> bool:
    """Someone above a member of the team in the reporting line (a manager outside it is not)."""
    return reporting_chain_of(me).filter(team_id=team_id).exists()


def can_edit(actor: Actor, goal: Goal) -> bool:
    if not getattr(actor, "is_active", False):
        return False
    if is_hr(actor) or (goal.created_by_id and goal.created_by_id == actor.pk):
        return True
    if goal.level == Goal.Level.INDIVIDUAL and goal.owner_employee is not None:
        return can_own(actor, goal.level, employee=goal.owner_employee)
    me = employee_of(actor)
    if me is None:
        return False
    if goal.level == Goal.Level.TEAM and goal.owner_team_id is not None:
        in_team = me.team_id == goal.owner_team_id and is_manager(actor)
        return in_team or _manages_a_member(me, goal.owner_team_id)
    if goal.level == Goal.Level.DEPARTMENT:
        return me.department_id == goal.owner_department_id and is_manager(actor)
    return me.manager_id is None


def can_record_update(actor: Actor, goal: Goal, contributor_ids: set[int] | None = None) -> bool:
    """Editors check in; so do contributors and, for a team goal, its members."""
    if goal.final_score is not None or goal.state != Goal.State.ACTIVE:
        return False
    if can_edit(actor, goal):
        return True
    me = employee_of(actor)
    if me is None:
        return False
    if goal.level == Goal.Level.TEAM and me.team_id == goal.owner_team_id:
        return True
    if contributor_ids is None:
        contributor_ids = set(goal.contributors.values_list("pk", flat=True))
    return me.pk in contributor_ids


def can_approve(actor: Actor, goal: Goal) -> bool:
    """A manager above the owner, or HR; never the owner themselves."""
    if goal.owner_employee is None:
        return is_hr(actor)
    return can_manage(actor, goal.owner_employee)


def can_see(actor: Actor, goal: Goal) -> bool:
    return goals_visible_to(actor).filter(pk=goal.pk).exists()


def can_comment(actor: Actor, goal: Goal) -> bool:
    """Anyone who can see an objective may comment on it."""
    return getattr(actor, "is_active", False) and can_see(actor, goal)
