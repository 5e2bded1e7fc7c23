"""Query counts that must not depend on the depth of the alignment tree, and the pages and routes
whose breadth the other test files do not cover: my team's goals, the tree's team filter, the
check-in history, and HR's cycle and template pages."""

import datetime

import pytest
from django.urls import reverse

from cadence.core.testing import assert_flat_queries, budget, client_for, count_queries
from cadence.goals import selectors, services
from cadence.goals.models import Goal, GoalTemplate, KeyResultUpdate
from cadence.people.models import Team

from .factories import kr, make_cycle, make_goal

pytestmark = pytest.mark.django_db


def _chain(actor, cycle, depth, owner):
    """A company objective with `depth - 1` levels aligned below it, one key result each."""
    goals = [make_goal(actor, cycle, title=f"Level 0 of {depth}", key_results=[kr(0, 10)])]
    for level in range(1, depth):
        goals.append(
            make_goal(
                actor,
                cycle,
                owner=owner,
                parent=goals[-1],
                title=f"Level {level} of {depth}",
                key_results=[kr(0, 10)],
            )
        )
    return goals


def test_reads_cost_the_same_at_depth_two_and_six(org):
    cycle = make_cycle()
    shallow = _chain(org.hr.user, cycle, 2, org.report)
    deep = _chain(org.hr.user, cycle, 6, org.report)
    client = client_for(org.manager.user)

    def costs(chain):
        root, leaf = chain[0], chain[-1]
        return {
            "detail of the leaf": count_queries(lambda: client.get(reverse("goals:detail", args=[leaf.pk]))),
            "tree focused on the leaf": count_queries(
                lambda: client.get(reverse("goals:tree") + f"?focus={leaf.pk}")
            ),
            "tree focused on the root": count_queries(
                lambda: client.get(reverse("goals:tree") + f"?focus={root.pk}")
            ),
            "API tree": count_queries(lambda: client.get(f"/api/v1/goals/{root.pk}/tree")),
            "API detail": count_queries(lambda: client.get(f"/api/v1/goals/{leaf.pk}")),
        }

    assert costs(shallow) == costs(deep)
    tree = client.get(f"/api/v1/goals/{deep[0].pk}/tree?depth=8").json()
    depth = 0
    while tree["children"]:
        tree, depth = tree["children"][0], depth + 1
    assert depth == 5 and not tree["has_more"]


def test_the_api_tree_stops_at_the_depth_asked_and_says_so(org):
    chain = _chain(org.hr.user, make_cycle(), 6, org.report)
    client = client_for(org.manager.user)
    tree = client.get(f"/api/v1/goals/{chain[0].pk}/tree").json()  # three levels by default
    for below in chain[1:4]:
        assert tree["has_more"] is False
        tree = tree["children"][0]
        assert tree["id"] == below.pk
    assert tree["children"] == []
    assert tree["children_count"] == 1 and tree["has_more"] is True
    assert client.get(f"/api/v1/goals/{chain[0].pk}/tree?depth=9").status_code == 422


def test_the_api_tree_stops_at_its_size_limit_and_says_where(org, monkeypatch):
    """Breadth first: the first levels are whole; where the node limit cuts, the parent says so."""
    monkeypatch.setattr(selectors, "TREE_NODES", 4)
    cycle = make_cycle()
    top = make_goal(org.hr.user, cycle, title="Top")
    children = [make_goal(org.hr.user, cycle, parent=top, title=f"C{i}") for i in range(3)]
    make_goal(org.hr.user, cycle, parent=children[0], title="G0")
    make_goal(org.hr.user, cycle, parent=children[1], title="G1")
    tree = client_for(org.hr.user).get(f"/api/v1/goals/{top.pk}/tree").json()
    assert [c["title"] for c in tree["children"]] == ["C0", "C1", "C2"] and not tree["has_more"]
    first, second = tree["children"][:2]
    assert [g["title"] for g in first["children"]] == ["G0"] and not first["has_more"]
    assert second["children"] == [] and second["children_count"] == 1 and second["has_more"]


def test_the_api_tree_counts_only_children_the_reader_may_see(org):
    cycle = make_cycle()
    top = make_goal(org.hr.user, cycle, title="Top")
    make_goal(org.hr.user, cycle, parent=top, title="Open")
    make_goal(org.report.user, cycle, parent=top, owner=org.report, title="Mine", visibility="private")
    tree = client_for(org.report2.user).get(f"/api/v1/goals/{top.pk}/tree").json()
    assert [c["title"] for c in tree["children"]] == ["Open"] and tree["children_count"] == 1


def test_a_checkin_costs_a_few_queries_per_level_above_it(org):
    """The write side is linear in depth (the roll-up walks up the chain): pinned, and in the docs."""
    cycle = make_cycle()
    costs = {}
    for depth in (2, 6):
        leaf = _chain(org.hr.user, cycle, depth, org.report)[-1]
        key_result = leaf.key_results.get()
        costs[depth] = count_queries(
            lambda leaf=leaf, key_result=key_result: services.key_result_update_create(
                actor=org.report.user, goal=leaf, key_result=key_result, value=5
            )
        )
    per_level = (costs[6] - costs[2]) / 4
    assert per_level <= 4, costs
    assert costs[6] <= 40, costs


def test_my_team_goals_for_a_manager_and_for_a_report(org):
    cycle = make_cycle()
    team = Team.objects.create(name="Platform", department=org.engineering)
    for person in (org.report, org.report2):
        person.team = team
        person.save(update_fields=["team"])
    report_goal = make_goal(org.report.user, cycle, owner=org.report, title="Report goal")
    sub_goal = make_goal(org.report.user, cycle, owner=org.subreport, title="Subreport goal")
    peer_goal = make_goal(org.report2.user, cycle, owner=org.report2, title="Peer goal")
    own_goal = make_goal(org.manager.user, cycle, owner=org.manager, title="Manager own goal")
    team_goal = make_goal(org.manager.user, cycle, level="team", owner_team=team, title="Team goal")
    elsewhere = make_goal(org.hr.user, cycle, owner=org.other, title="Elsewhere goal")

    def shown(user):
        page = client_for(user).get(reverse("goals:team")).content.decode()
        return {
            g.title
            for g in (report_goal, sub_goal, peer_goal, own_goal, team_goal, elsewhere)
            if g.title in page
        }

    # A manager: their whole reporting chain and their reports' team, not their own goals.
    assert shown(org.manager.user) == {"Report goal", "Subreport goal", "Peer goal", "Team goal"}
    listed = client_for(org.manager.user).get(reverse("goals:team")).context["page"].object_list
    assert [g.pk for g in listed].count(team_goal.pk) == 1  # once, though two of the team report to them
    # Report2 manages nobody: peers under the same manager and their own team's objectives.
    assert shown(org.report2.user) == {"Report goal", "Team goal"}
    assert shown(org.loner) == set()


@budget("goals:tree")
def test_tree_team_filter_shows_only_that_team(org):
    cycle = make_cycle()
    platform = Team.objects.create(name="Platform", department=org.engineering)
    other_team = Team.objects.create(name="Billing", department=org.engineering)
    org.report.team = platform
    org.report.save(update_fields=["team"])
    company = make_goal(org.hr.user, cycle, title="Company goal")
    platform_goal = make_goal(
        org.manager.user, cycle, level="team", owner_team=platform, parent=company, title="Platform goal"
    )
    member_goal = make_goal(
        org.report.user, cycle, owner=org.report, parent=platform_goal, title="Member goal"
    )
    billing_goal = make_goal(org.hr.user, cycle, level="team", owner_team=other_team, title="Billing goal")
    client = client_for(org.report2.user)
    page = client.get(reverse("goals:tree"), {"cycle": cycle.pk, "team": platform.pk}).content.decode()
    assert f"goal-node-{platform_goal.pk}" in page and f"goal-node-{member_goal.pk}" in page
    assert f"goal-node-{billing_goal.pk}" not in page and f"goal-node-{company.pk}" not in page
    unfiltered = client.get(reverse("goals:tree"), {"cycle": cycle.pk}).content.decode()
    assert f"goal-node-{company.pk}" in unfiltered and f"goal-node-{member_goal.pk}" not in unfiltered
    assert "No objectives here" in client.get(reverse("goals:tree"), {"team": 999999}).content.decode()

    def grow(n):
        for i in range(n):
            make_goal(
                org.manager.user, cycle, level="team", owner_team=platform, title=f"T{i}", key_results=[kr()]
            )

    # session, user, the chosen team (its chip), employee, the chosen cycle, the team's roots' count
    # and page with their child counts, their key results and milestones, the unread badge, the cycle
    # list, the departments
    assert_flat_queries(
        lambda: client.get(reverse("goals:tree"), {"cycle": cycle.pk, "team": platform.pk}), grow, queries=12
    )


@budget("GET /api/v1/key-results/{key_result_id}/check-ins")
def test_checkin_history_route(org):
    cycle = make_cycle()
    goal = make_goal(org.report.user, cycle, owner=org.report, key_results=[kr(0, 100)])
    private = make_goal(
        org.report.user, cycle, owner=org.report, visibility=Goal.Visibility.PRIVATE, key_results=[kr(0, 100)]
    )
    key_result = goal.key_results.get()
    for value in (10, 30):
        services.key_result_update_create(
            actor=org.report.user, goal=goal, key_result=key_result, value=value
        )
    url = f"/api/v1/key-results/{key_result.pk}/check-ins"
    body = client_for(org.report2.user).get(url).json()
    assert body["count"] == 2 and [c["value"] for c in body["items"]] == ["30.00", "10.00"]
    assert body["items"][0]["previous_value"] == "10.00" and body["items"][0]["author"]
    hidden = f"/api/v1/key-results/{private.key_results.get().pk}/check-ins"
    assert client_for(org.report2.user).get(hidden).status_code == 404
    assert client_for(org.manager.user).get(hidden).status_code == 200
    assert client_for(org.loner).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 401
    assert client_for(org.report2.user).get("/api/v1/key-results/999999/check-ins").status_code == 404

    def grow(n):
        KeyResultUpdate.objects.bulk_create(
            KeyResultUpdate(
                goal=goal, key_result=key_result, author=org.report.user, value=i, goal_progress=0
            )
            for i in range(n)
        )

    client = client_for(org.report2.user)
    # session, user, employee, the key result (its goal visible), the check-ins' count and page
    assert_flat_queries(lambda: client.get(url, {"limit": 100}), grow, queries=6)


@budget("goals:cycles", "goals:cycle_edit", "goals:templates", "goals:template_edit", "goals:template_create")
def test_hr_cycle_and_template_pages_stay_flat(org):
    client = client_for(org.hr.user)
    cycle = make_cycle()

    def grow_cycles(n):
        start = datetime.date(2020, 1, 1)
        for i in range(n):
            make_cycle(name=f"C{i}", start_date=start, end_date=start + datetime.timedelta(days=90))
            make_goal(org.hr.user, cycle, title=f"G{i}")

    def grow_templates(n):
        GoalTemplate.objects.bulk_create(
            GoalTemplate(function="general", title=f"Template {i}", key_results=[{"title": "k"}])
            for i in range(n)
        )

    # session, user, employee, the unread badge, the cycles
    assert_flat_queries(lambda: client.get(reverse("goals:cycles")), grow_cycles, queries=5)
    # session, user, employee, the cycle, the count of its goals (an empty cycle can be deleted), the
    # unread badge, the other open cycles (to carry goals into)
    assert_flat_queries(
        lambda: client.get(reverse("goals:cycle_edit", args=[cycle.pk])), grow_cycles, queries=7
    )
    # session, user, the unread badge, the templates
    assert_flat_queries(lambda: client.get(reverse("goals:templates")), grow_templates, queries=4)
    template = GoalTemplate.objects.first()
    # session, user, the template, the unread badge: one template, whatever the others
    assert_flat_queries(
        lambda: client.get(reverse("goals:template_edit", args=[template.pk])),
        grow_templates,
        queries=4,
        shows_rows=False,
    )
    # session, user, the unread badge: an empty form, whatever the templates
    assert_flat_queries(
        lambda: client.get(reverse("goals:template_create")), grow_templates, queries=3, shows_rows=False
    )
    for name, args in (("goals:cycles", []), ("goals:cycle_edit", [cycle.pk]), ("goals:template_create", [])):
        assert client_for(org.manager.user).get(reverse(name, args=args)).status_code == 403  # a role gate
    bad = client.post(
        reverse("goals:cycles"), {"name": "", "start_date": "2026-02-01", "end_date": "2026-01-01"}
    )
    assert bad.status_code == 200 and "errorlist" in bad.content.decode()


def test_the_tree_pages_its_top_level(org):
    """Goals aligned to nothing are roots too: hundreds in a large organisation, so the top level is
    paged rather than sent whole."""
    cycle = make_cycle()
    for i in range(55):
        make_goal(org.hr.user, cycle, title=f"Root {i:02}")
    client = client_for(org.hr.user)
    first = client.get(reverse("goals:tree"), {"cycle": cycle.pk})
    assert len(first.context["nodes"]) == 50 and "Page 1 of 2" in first.content.decode()
    second = client.get(reverse("goals:tree"), {"cycle": cycle.pk, "page": 2})
    assert [g.title for g in second.context["nodes"]] == [f"Root {i}" for i in range(50, 55)]
