"""Who may set, edit and check in on team, department and company goals, checked on the rules
themselves and on the services that enforce them (over HTTP, visibility hides some of these holes)."""

import pytest
from django.core.exceptions import PermissionDenied

from cadence.goals import permissions, services
from cadence.goals.models import Goal
from cadence.people.testing import TeamFactory

from .factories import make_cycle, make_goal

pytestmark = pytest.mark.django_db


@pytest.fixture
def teams(org):
    """Mona (a manager) leads team A with Ravi (no reports) in it; Otto (a manager) is in team B."""
    a, b = TeamFactory(name="A", department=org.engineering), TeamFactory(name="B")
    for person, team in ((org.manager, a), (org.report2, a), (org.other, b)):
        person.team = team
        person.save(update_fields=["team"])
    return a, b


def _team_goal(org, team):
    return make_goal(org.hr.user, make_cycle(), level=Goal.Level.TEAM, owner_team=team, title="Ship it")


def test_a_team_member_sets_goals_for_their_own_team_only(org, teams):
    a, b = teams
    member = org.report2.user
    assert permissions.can_own(member, Goal.Level.TEAM, team=a)
    assert not permissions.can_own(member, Goal.Level.TEAM, team=b)


def test_team_goals_are_edited_by_managers_in_the_team(org, teams):
    a, _b = teams
    goal = _team_goal(org, a)
    assert permissions.can_edit(org.manager.user, goal)
    assert not permissions.can_edit(org.report2.user, goal)  # in the team, but manages nobody
    assert not permissions.can_edit(org.other.user, goal)  # a manager, of another team


def test_department_goals_are_edited_by_managers_in_the_department(org):
    goal = make_goal(org.hr.user, make_cycle(), level=Goal.Level.DEPARTMENT, owner_department=org.engineering)
    assert permissions.can_edit(org.manager.user, goal)
    assert not permissions.can_edit(org.report2.user, goal)  # in the department, manages nobody
    assert not permissions.can_edit(org.other.user, goal)  # a manager in another department
    services.goal_update(
        actor=org.manager.user, goal=goal, version=goal.version, title="Halve the build time"
    )
    with pytest.raises(PermissionDenied):
        services.goal_update(actor=org.report2.user, goal=goal, version=goal.version, title="Mine now")


def test_a_login_without_a_profile_edits_no_goal(org, teams):
    a, _b = teams
    for goal in (_team_goal(org, a), make_goal(org.hr.user, make_cycle(name="Company"))):
        assert not permissions.can_edit(org.loner, goal)
        with pytest.raises(PermissionDenied):
            services.goal_update(actor=org.loner, goal=goal, version=goal.version, title="Taken over")
        with pytest.raises(PermissionDenied):
            services.goal_set_state(actor=org.loner, goal=goal, state=Goal.State.ARCHIVED)


def test_contributors_and_team_members_check_in_without_edit_rights(org, teams):
    a, _b = teams
    individual = make_goal(org.report.user, make_cycle(), owner=org.report, contributors=[org.other])
    assert not permissions.can_edit(org.other.user, individual)
    assert permissions.can_record_update(org.other.user, individual)
    assert not permissions.can_record_update(org.report2.user, individual)
    team_goal = _team_goal(org, a)
    assert not permissions.can_edit(org.report2.user, team_goal)
    assert permissions.can_record_update(org.report2.user, team_goal)
    services.key_result_update_create(actor=org.report2.user, goal=team_goal, progress=40)
    assert not permissions.can_record_update(org.subreport.user, team_goal)  # not in the team


def test_whoever_writes_a_team_goal_keeps_editing_it(org, teams):
    a, _b = teams
    goal = make_goal(org.report2.user, make_cycle(), level=Goal.Level.TEAM, owner_team=a)
    assert goal.created_by == org.report2.user
    assert permissions.can_edit(org.report2.user, goal)  # in the team, manages nobody: only as its writer
