import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cadence.competencies.tests.factories import make_framework
from cadence.core.testing import assert_flat_queries, budget, client_for
from cadence.goals.dashboard import dashboard
from cadence.goals.demo import seed_demo_goals
from cadence.goals.forms import GoalForm
from cadence.goals.models import Goal, KeyResultUpdate
from cadence.goals.permissions import goals_visible_to
from cadence.people.testing import TeamFactory, make_reports

from .factories import kr, make_cycle, make_goal, make_template

pytestmark = pytest.mark.django_db


@pytest.fixture
def goals(org):
    cycle = make_cycle()
    top = make_goal(org.hr.user, cycle, title="Company goal", key_results=[kr(0, 10)])
    mine = make_goal(org.report2.user, cycle, owner=org.report2, parent=top, key_results=[kr(0, 4)])
    private = make_goal(org.report.user, cycle, owner=org.report, visibility=Goal.Visibility.PRIVATE)
    return cycle, top, mine, private


PAGES = [
    "goals:mine",
    "goals:team",
    "goals:company",
    "goals:tree",
    "goals:dashboard",
    "goals:templates",
    "goals:create",
]


def test_pages_for_each_role(org, goals):
    _cycle, _top, _mine, private = goals
    for role, user in org.role_users().items():
        client = client_for(user)
        for name in PAGES:
            response = client.get(reverse(name))
            if role == "anonymous":
                assert response.status_code == 302
            elif role == "outsider" and name == "goals:create":
                assert response.status_code == 404
            else:
                assert response.status_code == 200, (role, name)
        if role == "anonymous":
            continue
        assert client.get(reverse("goals:detail", args=[private.pk])).status_code == (
            200 if role in ("hr", "manager") else 404
        )
        assert client.get(reverse("goals:cycles")).status_code == (200 if role == "hr" else 403)


def test_detail_page_shows_key_results_smart_check_and_timeline(org, goals):
    _cycle, _top, mine, _private = goals
    client = client_for(org.report2.user)
    kr_id = mine.key_results.get().pk
    for value in ("1", "3"):
        response = client.post(
            reverse("goals:key_result_update", args=[mine.pk]),
            {"key_result": kr_id, f"kr{kr_id}-value": value, f"kr{kr_id}-confidence": "on_track"},
        )
        assert response.status_code == 302
    page = client.get(reverse("goals:detail", args=[mine.pk])).content.decode()
    assert "75%" in page and "<svg" in page and "SMART check" in page
    bad = client.post(
        reverse("goals:key_result_update", args=[mine.pk]),
        {"key_result": kr_id, f"kr{kr_id}-value": "x", f"kr{kr_id}-confidence": "on_track"},
    )
    assert bad.status_code == 422 and "Enter a number" in bad.content.decode()
    assert KeyResultUpdate.objects.count() == 2


def test_goal_form_creates_with_key_results_and_runs_the_smart_check(org, goals):
    cycle, top, _mine, _private = goals
    client = client_for(org.report.user)
    template = make_template()
    assert template.title in client.get(reverse("goals:create") + f"?template={template.pk}").content.decode()
    data = {
        "cycle": cycle.pk,
        "title": "Improve docs",
        "level": "individual",
        "goal_type": "performance",
        "visibility": "public",
        "weight": "1",
        "parent": top.pk,
        "kr-TOTAL_FORMS": "2",
        "kr-INITIAL_FORMS": "0",
        "kr-0-title": "Pages written",
        "kr-0-kind": "number",
        "kr-0-direction": "increase",
        "kr-0-baseline": "0",
        "kr-0-target": "10",
        "kr-1-title": "",
        "kr-1-kind": "number",
        "kr-1-direction": "increase",
    }
    checked = client.post(reverse("goals:create"), {**data, "action": "check"})
    assert checked.status_code == 200 and "Set a due date" in checked.content.decode()
    assert not Goal.objects.filter(title="Improve docs").exists()
    saved = client.post(reverse("goals:create"), {**data, "action": "save"})
    assert saved.status_code == 302
    goal = Goal.objects.get(title="Improve docs")
    assert goal.parent == top and goal.key_results.count() == 1
    wrong = client.post(reverse("goals:create"), {**data, "kr-0-target": "0", "action": "save"})
    assert wrong.status_code == 200 and "must differ" in wrong.content.decode()


def test_tree_expands_on_demand(org, goals):
    _cycle, top, mine, _private = goals
    client = client_for(org.report2.user)
    page = client.get(reverse("goals:tree")).content.decode()
    assert "Company goal" in page and f"goal-children-{top.pk}" in page
    part = client.get(reverse("goals:tree_children", args=[top.pk]), headers={"HX-Request": "true"})
    assert mine.title in part.content.decode() and "<html" not in part.content.decode()
    assert client.get(reverse("goals:tree_children", args=[top.pk])).status_code == 302


def test_demo_seed_is_idempotent(org):
    assert seed_demo_goals() == 0  # no demo logins in this organisation


def _form_data(cycle, **extra):
    return {
        "cycle": cycle.pk,
        "title": "Improve docs to 10 pages",
        "level": "individual",
        "goal_type": "performance",
        "visibility": "public",
        "weight": "1",
        "due_date": "2026-06-30",
        "kr-TOTAL_FORMS": "0",
        "kr-INITIAL_FORMS": "0",
        "action": "save",
        **extra,
    }


def test_goal_form_takes_contributors_by_work_email(org, goals):
    cycle, _top, _mine, _private = goals
    client = client_for(org.report.user)
    emails = f"{org.report2.email.upper()}, nobody@example.com; {org.gone.email}"
    bad = client.post(reverse("goals:create"), _form_data(cycle, contributors_search=emails))
    page = bad.content.decode()
    assert bad.status_code == 200 and not Goal.objects.filter(title__startswith="Improve docs").exists()
    # Unknown and invisible (inactive) people are named, next to the field.
    field_group = page[page.index('id="id_contributors_error"') :][:400]
    assert "nobody@example.com" in field_group and org.gone.email in field_group
    good = client.post(
        reverse("goals:create"),
        _form_data(cycle, contributors_search=f"{org.report2.email}, {org.subreport.email},"),
    )
    assert good.status_code == 302
    goal = Goal.objects.get(title__startswith="Improve docs")
    assert set(goal.contributors.all()) == {org.report2, org.subreport}
    edit = client.get(reverse("goals:edit", args=[goal.pk])).content.decode()
    assert org.report2.email in edit and "<select" in edit and org.ceo.email not in edit
    cleared = client.post(
        reverse("goals:edit", args=[goal.pk]), _form_data(cycle, contributors_search="", version=goal.version)
    )
    assert cleared.status_code == 302 and goal.contributors.count() == 0


def test_parent_choices_stay_near_the_actor_and_any_goal_goes_by_number(org, goals):
    cycle, top, mine, private = goals
    boss_goal = make_goal(org.manager.user, cycle, owner=org.manager, title="Manager goal")
    peer_goal = make_goal(org.report2.user, cycle, owner=org.report2, title="Peer goal")
    dept_goal = make_goal(
        org.hr.user, cycle, level="department", owner_department=org.people_dept, title="People dept"
    )
    form = GoalForm(actor=org.report.user)
    offered = set(form.fields["parent"].queryset)
    assert {top, boss_goal, private} <= offered  # company, my manager's, my own
    assert peer_goal not in offered and mine not in offered and dept_goal not in offered
    client = client_for(org.report.user)
    by_number = client.post(
        reverse("goals:create"), _form_data(cycle, title="Help Ravi", parent_ref=f"/goals/{peer_goal.pk}/")
    )
    assert by_number.status_code == 302 and Goal.objects.get(title="Help Ravi").parent == peer_goal
    hidden = client_for(org.report2.user).post(
        reverse("goals:create"), _form_data(cycle, title="Sneaky", parent_ref=str(private.pk))
    )
    assert hidden.status_code == 200 and "No objective you can align to" in hidden.content.decode()
    assert not Goal.objects.filter(title="Sneaky").exists()
    # Editing: the objective's own subtree is not a valid parent, by list or by number.
    child = Goal.objects.get(title="Help Ravi")
    loop = client_for(org.report2.user).post(
        reverse("goals:edit", args=[peer_goal.pk]), _form_data(cycle, title="Peer goal", parent_ref=child.pk)
    )
    assert loop.status_code == 200 and Goal.objects.get(pk=peer_goal.pk).parent_id is None


@budget("goals:create")
def test_goal_form_stays_light_as_goals_and_people_grow(org, goals):
    make_framework(competencies=3)  # its own: a browser test before it may have flushed the starting one
    cycle, top, _mine, _private = goals
    client = client_for(org.report.user)

    def grow(n):
        for person in make_reports(org.other, n):
            make_goal(org.hr.user, cycle, owner=person, parent=top)

    url = reverse("goals:create")
    # session, user, employee, the current cycle (the default), their department's place in the tree
    # (for the parent choices), the unread badge, the templates, the open cycles, the departments
    # (the team is a picker), the objectives near them it may align to: none of the 50 others; their
    # framework's competencies for "develops competency" (7, as on the edit page)
    assert_flat_queries(lambda: client.get(url), grow, queries=17, shows_rows=False)
    page = client.get(url).content.decode()
    parent_select = page[page.index('name="parent"') :].split("</select>")[0]
    assert parent_select.count("<option") == 3  # empty, the company goal, her own: none of the 50 others


def _expected_dashboard(actor, cycle):
    """The dashboard's figures worked out in Python from each goal, as an oracle for the grouped query."""
    rows: dict[str, dict] = {}
    goals = [g for g in goals_visible_to(actor).filter(cycle=cycle, state=Goal.State.ACTIVE)]
    for g in goals:
        owner_dept = g.owner_department or (g.owner_team.department if g.owner_team else None)
        owner_dept = owner_dept or (g.owner_employee.department if g.owner_employee else None)
        row = rows.setdefault(
            owner_dept.name if owner_dept else "—", {"progress": [], "statuses": {}, "stale": 0}
        )
        row["progress"].append(g.progress)
        row["statuses"][g.status] = row["statuses"].get(g.status, 0) + 1
        row["stale"] += g.needs_update
    individual = [g for g in goals if g.level == Goal.Level.INDIVIDUAL]
    return {
        "rows": [
            (
                name,
                len(r["progress"]),
                round(sum(r["progress"]) / len(r["progress"]), 9),
                r["statuses"],
                r["stale"],
            )
            for name, r in sorted(rows.items())
        ],
        "stale": {g.pk for g in goals if g.needs_update},
        "individual": (len(individual), sum(1 for g in individual if g.parent_id)),
    }


def test_dashboard_figures_match_the_goals(org, goals):
    cycle, top, mine, _private = goals
    team = TeamFactory(department=org.engineering)
    team_goal = make_goal(org.hr.user, cycle, level=Goal.Level.TEAM, owner_team=team, parent=top)
    make_goal(org.hr.user, cycle, level=Goal.Level.DEPARTMENT, owner_department=org.people_dept)
    make_goal(org.manager.user, cycle, owner=org.report, parent=team_goal, key_results=[kr(0, 4, current=3)])
    Goal.objects.exclude(pk=mine.pk).update(created_at=timezone.now() - datetime.timedelta(days=60))
    Goal.objects.filter(pk=top.pk).update(status=Goal.Status.AT_RISK)
    for user in (org.manager.user, org.report.user, org.hr.user):
        dash = dashboard(actor=user, cycle=cycle)
        expected = _expected_dashboard(user, cycle)
        got = [(r.department, r.goals, round(r.average, 9), r.statuses, r.needs_update) for r in dash.rows]
        assert got == expected["rows"]
        assert {g.pk for g in dash.needing_update} == expected["stale"]
        assert dash.needing_update_count == len(expected["stale"]) > 0
        assert (dash.individual_goals, dash.aligned_individual_goals) == expected["individual"]


@budget("goals:dashboard")
def test_dashboard_query_count_is_pinned(org, goals):
    cycle, top, _mine, _private = goals
    client = client_for(org.manager.user)

    def grow(n):
        for _ in range(n):
            make_goal(org.manager.user, cycle, owner=org.report, parent=top)
        Goal.objects.update(created_at=timezone.now() - datetime.timedelta(days=60))  # all need an update

    # Session, user, employee, current cycle, the grouped figures, the 20 stalest goals (with their
    # parents), the cycle list and the unread-notification badge: 8, was 31 (one query per stale
    # goal's parent, and separate averages, counts and coverage queries).
    assert_flat_queries(lambda: client.get(reverse("goals:dashboard")), grow, queries=8)
