"""A goal that develops a competency: chosen from the owner's framework (the general one for goals
without an owner), in the form, the API and on the goal page; the career page lists the person's
current goals per competency, as the viewer may see them."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cadence.competencies.tests import career_factories as c
from cadence.competencies.tests.factories import make_framework
from cadence.core.testing import assert_flat_queries, budget, client_for, count_queries
from cadence.goals import selectors, services
from cadence.goals.forms import GoalForm
from cadence.goals.models import Goal

from .factories import make_cycle, make_goal

pytestmark = pytest.mark.django_db


@pytest.fixture
def fw(db):
    return make_framework(competencies=3)


@pytest.fixture
def sales(db, org):
    framework = make_framework(name="Sales", tracks=("sales",), general=False, competencies=2)
    framework.departments.add(org.people_dept)
    return framework


@pytest.fixture
def cycle(db):
    return make_cycle()


def test_an_individual_goal_develops_a_competency_of_its_owners_framework(org, fw, sales, cycle):
    goal = make_goal(org.report.user, cycle, owner=org.report, develops=c.competency(fw, "comp-2"))
    assert goal.develops.key == "comp-2"
    with pytest.raises(ValidationError) as other:
        make_goal(org.report.user, cycle, owner=org.report, develops=c.competency(sales, "comp-1"))
    assert "develops" in other.value.message_dict
    # Someone in People (Sales framework) is offered Sales' competencies, not the general ones.
    assert {x.framework_version_id for x in selectors.develops_choices(org.hr)} == {sales.version.pk}


def test_goals_without_an_owner_use_the_general_framework(org, fw, sales, cycle):
    company = make_goal(org.hr.user, cycle, develops=c.competency(fw, "comp-1"))
    assert company.level == Goal.Level.COMPANY and company.develops_id
    with pytest.raises(ValidationError):
        make_goal(org.hr.user, cycle, title="Another", develops=c.competency(sales, "comp-1"))


def test_moving_a_goal_to_an_owner_of_another_framework_checks_it_again(org, fw, sales, cycle):
    goal = make_goal(org.hr.user, cycle, owner=org.report, develops=c.competency(fw, "comp-1"))
    with pytest.raises(ValidationError) as moved:
        services.goal_update(actor=org.hr.user, goal=goal, version=goal.version, owner_employee=org.hr)
    assert "develops" in moved.value.message_dict


def test_the_form_offers_the_owners_competencies_and_the_page_shows_it(org, fw, cycle):
    form = GoalForm(actor=org.report.user)
    offered = sorted(v for _theme, group in form.fields["develops"].choices[1:] for v, _ in group)
    assert offered == sorted(str(x.pk) for x in selectors.develops_choices(org.report))
    goal = make_goal(org.report.user, cycle, owner=org.report, develops=c.competency(fw, "comp-3"))
    page = client_for(org.report.user).get(reverse("goals:detail", args=[goal.pk]))
    assert "Develops competency:" in page.content.decode() and "Competency 3" in page.content.decode()
    edit = client_for(org.report.user).get(reverse("goals:edit", args=[goal.pk]))
    assert f'value="{goal.develops_id}" selected' in edit.content.decode()


def test_the_api_takes_develops_id_of_the_owners_framework(org, fw, sales, cycle):
    client = client_for(org.report.user)
    payload = {"cycle_id": cycle.pk, "title": "Lead the storage migration"}
    wrong = client.post(
        "/api/v1/goals",
        {**payload, "develops_id": c.competency(sales, "comp-1").pk},
        content_type="application/json",
    )
    assert wrong.status_code == 422 and "develops_id" in wrong.json()["errors"]
    good = client.post(
        "/api/v1/goals",
        {**payload, "develops_id": c.competency(fw, "comp-1").pk},
        content_type="application/json",
    )
    assert good.status_code == 201, good.content
    assert (good.json()["develops_id"], good.json()["develops_name"]) == (
        c.competency(fw, "comp-1").pk,
        "Competency 1",
    )
    goal = good.json()
    cleared = client.patch(
        f"/api/v1/goals/{goal['id']}",
        {"version": goal["version"], "develops_id": None},
        content_type="application/json",
    )
    assert cleared.status_code == 200 and cleared.json()["develops_id"] is None


def test_the_career_page_lists_current_goals_by_competency_as_the_viewer_sees_them(org, fw, cycle):
    c.place(org.report, c.level(fw, "IC2"))
    make_goal(
        org.report.user, cycle, owner=org.report, title="Public growth", develops=c.competency(fw, "comp-1")
    )
    make_goal(
        org.report.user, cycle, owner=org.report, title="Private growth", visibility="private",
        develops=c.competency(fw, "comp-1"),
    )  # fmt: skip
    make_goal(org.report.user, cycle, owner=org.report, title="No competency")
    closed = make_cycle(name="2025", status="closed")
    Goal.objects.create(
        cycle=closed, title="Last year's", level="individual", owner_employee=org.report,
        develops=c.competency(fw, "comp-1"), path="/",
    )  # fmt: skip
    groups = selectors.goals_developing(actor=org.manager.user, person=org.report)
    assert [(g.competency.key, [x.title for x in g.goals]) for g in groups] == [
        ("comp-1", ["Private growth", "Public growth"])
    ]
    mine = selectors.goals_developing(actor=org.report2.user, person=org.report)
    assert [x.title for g in mine for x in g.goals] == ["Public growth"]  # a colleague: public ones only
    page = client_for(org.manager.user).get(reverse("competencies:career_person", args=[org.report.pk]))
    html = page.content.decode()
    assert (
        "Goals that develop competencies" in html and "Private growth" in html and "No competency" not in html
    )


@budget("competencies:career_person")
def test_the_career_goals_section_reads_in_one_query(org, fw, cycle):
    c.place(org.report, c.level(fw, "IC2"))
    client = client_for(org.manager.user)
    url = reverse("competencies:career_person", args=[org.report.pk])
    competencies = [c.competency(fw, f"comp-{n}") for n in range(1, 4)]

    def grow(n):
        start = Goal.objects.count()
        for i in range(start, start + n):
            make_goal(
                org.report.user,
                cycle,
                owner=org.report,
                title=f"Growth objective {i}",
                develops=competencies[i % 3],
            )

    before = count_queries(lambda: client.get(url))
    make_goal(org.report.user, cycle, owner=org.report, title="First", develops=competencies[0])
    # As many as with no such goal (the career page's own are pinned in competencies' budgets): the
    # section's one query, the person's visible goals with their competency and cycle, runs either way.
    assert_flat_queries(lambda: client.get(url), grow, queries=before)
