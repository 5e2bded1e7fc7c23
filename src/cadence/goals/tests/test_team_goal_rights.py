"""Team goals are set and edited by the team's members, their managers and HR; a manager outside
the team could create (private) goals for it and edit them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cadence.goals import services
from cadence.goals.models import Goal
from cadence.goals.tests.factories import make_cycle
from cadence.people.models import Team
from cadence.people.testing import EmployeeFactory


@pytest.fixture
def team(org):
    team = Team.objects.create(name="Billing", department=org.engineering)
    for member in (org.report, org.report2):
        member.team = team
        member.save(update_fields=["team"])
    return team


def _team_goal(actor, team, **fields):
    fields = {"level": Goal.Level.TEAM, "owner_team": team, "title": "Faster invoices", **fields}
    return services.goal_create(actor=actor, cycle=make_cycle(), **fields)


@pytest.mark.parametrize("who", ["report", "manager", "ceo", "hr"])
def test_members_their_managers_and_hr_set_team_goals(org, team, who):
    assert _team_goal(getattr(org, who).user, team).owner_team == team


def test_a_manager_outside_the_team_can_neither_set_nor_edit_its_goals(org, team):
    outsider = org.other  # manages HR, not anyone in Billing
    assert outsider.reports.exists()
    with pytest.raises((PermissionDenied, ValidationError)):
        _team_goal(outsider.user, team, visibility=Goal.Visibility.PRIVATE)
    goal = _team_goal(org.report.user, team)
    with pytest.raises(PermissionDenied):
        services.goal_update(actor=outsider.user, goal=goal, version=goal.version, title="Taken over")
    assert Goal.objects.get(pk=goal.pk).title == "Faster invoices"


def test_a_manager_inside_the_team_edits_its_goals_and_a_plain_member_does_not(org, team):
    lead = EmployeeFactory(manager=org.manager, team=team)
    EmployeeFactory(manager=lead)
    goal = _team_goal(org.hr.user, team)
    services.goal_update(actor=lead.user, goal=goal, version=goal.version, title="Lead's edit")
    services.goal_update(
        actor=org.manager.user,
        goal=Goal.objects.get(pk=goal.pk),
        version=Goal.objects.get(pk=goal.pk).version,
        title="Manager's edit",
    )
    with pytest.raises(PermissionDenied):
        services.goal_update(
            actor=org.report2.user,
            goal=Goal.objects.get(pk=goal.pk),
            version=Goal.objects.get(pk=goal.pk).version,
            title="Member's edit",
        )
