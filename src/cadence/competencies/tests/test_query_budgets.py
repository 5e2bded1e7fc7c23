"""Query budgets of the career pages and API reads: an exact count that does not grow from 5 rows
to 50, with the rows shown (core.testing.assert_flat_queries)."""

import pytest
from django.urls import reverse

from cadence.core.testing import assert_flat_queries, budget, client_for
from cadence.people.testing import EmployeeFactory, TeamFactory

from . import career_factories as c
from .factories import make_framework

pytestmark = pytest.mark.django_db


@pytest.fixture
def fw(org):
    framework = make_framework(competencies=6)
    c.place(org.report, c.level(framework, "IC2"))
    return framework


def _grow_assessments(fw, person):
    def grow(n):
        for i in range(n):
            c.assess(person, c.competency(fw, f"comp-{i % 6 + 1}"), c.level(fw, f"IC{i % 5 + 1}"), days_ago=i)

    return grow


def _grow_placed_people(fw, org, mark=False):
    """More people in new teams of the manager's chain, each placed (and marked ready soon)."""

    def grow(n):
        for _ in range(n):
            person = EmployeeFactory(manager=org.manager, department=org.engineering, team=TeamFactory())
            c.place(person, c.level(fw, "IC2"))
            c.assess(person, c.competency(fw, "comp-1"), c.level(fw, "IC3"))
            if mark:
                c.mark(person)

    return grow


@pytest.mark.parametrize(
    ("route", "queries"),
    [
        # session, user, employee, the person, the placement, the framework's published levels, the
        # level's competencies and their track limits, its expectations, the next level's, the
        # assessments, the readiness history, the registered goals section (goals developing a
        # competency), the unread badge
        pytest.param("competencies:career_person", 14, marks=budget("competencies:career_person")),
        # the same for oneself, without the person (one's own employee) and readiness
        pytest.param("competencies:career_mine", 12, marks=budget("competencies:career_mine")),
    ],
)
def test_career_page(org, fw, route, queries):
    me = route == "competencies:career_mine"
    client = client_for(org.report.user if me else org.manager.user)
    url = reverse(route) if me else reverse(route, args=[org.report.pk])
    assert_flat_queries(lambda: client.get(url), _grow_assessments(fw, org.report), queries=queries)


@budget("GET /api/v1/people/{person_id}/competencies")
def test_competencies_api(org, fw):
    client = client_for(org.manager.user)
    url = f"/api/v1/people/{org.report.pk}/competencies"
    # session, user, employee, the person, the placement, levels, competencies, tracks,
    # expectations, the next level's, the assessments
    assert_flat_queries(lambda: client.get(url), _grow_assessments(fw, org.report), queries=11)


@budget("GET /api/v1/people/{person_id}/placement", "competencies:placement")
def test_placement_reads(org, fw):
    def grow(n):
        for i in range(n):
            c.place(org.report, c.level(fw, f"IC{i % 5 + 1}"), days_ago=1000 + i)

    api = client_for(org.report.user)
    # session, user, employee, the person, the placement, its level in the published version (a
    # published one is itself: no query), the history
    assert_flat_queries(lambda: api.get(f"/api/v1/people/{org.report.pk}/placement"), grow, queries=6)
    hr = client_for(org.hr.user)
    # session, user, the person, the levels to choose from, the placement, the history, the badge
    url = reverse("competencies:placement", args=[org.report.pk])
    assert_flat_queries(lambda: hr.get(url), grow, queries=7)


@budget("competencies:gaps", "competencies:gaps_csv", "competencies:gaps_xlsx", "GET /api/v1/competency-gaps")
def test_heatmap_is_flat(org, fw):
    grow = _grow_placed_people(fw, org)
    hr = client_for(org.hr.user)
    # session, user, people, placements, levels, competencies, their track limits, latest
    # assessments, team names; the page adds the departments and tracks to filter by and the badge
    page = reverse("competencies:gaps") + "?group_by=team"
    assert_flat_queries(lambda: hr.get(page), grow, queries=12)
    csv = reverse("competencies:gaps_csv") + "?group_by=team"
    assert_flat_queries(lambda: hr.get(csv), grow, queries=9)
    xlsx = reverse("competencies:gaps_xlsx") + "?group_by=team"  # compressed: its size says little
    assert_flat_queries(lambda: hr.get(xlsx), grow, queries=9, shows_rows=False)
    manager = client_for(org.manager.user)
    # session, user, employee (the chain), whether they manage anyone, then the heatmap's 7
    assert_flat_queries(lambda: manager.get("/api/v1/competency-gaps?group_by=team"), grow, queries=11)


@budget("competencies:readiness_list", "GET /api/v1/promotion-readiness")
def test_readiness_list_is_flat(org, fw):
    grow = _grow_placed_people(fw, org, mark=True)
    hr = client_for(org.hr.user)
    # session, user, the count, the page (latest marks with their people and current track), the
    # departments and tracks to filter by, the badge
    assert_flat_queries(lambda: hr.get(reverse("competencies:readiness_list")), grow, queries=7)
    manager = client_for(org.manager.user)
    # session, user, employee, whether they manage anyone, the count, the page
    assert_flat_queries(lambda: manager.get("/api/v1/promotion-readiness?limit=100"), grow, queries=6)


@budget("competencies:placement_bulk")
def test_bulk_placement_page(org, fw):
    hr = client_for(org.hr.user)

    def grow(n):
        for _ in range(n):
            EmployeeFactory(manager=org.manager, department=org.engineering, job_title="Engineer " + "x" * 20)

    url = reverse("competencies:placement_bulk") + f"?department={org.engineering.pk}"
    # session, user, the department, the levels to choose from, the count, ten of them, the badge
    assert_flat_queries(lambda: hr.get(url), grow, queries=7, shows_rows=False)
