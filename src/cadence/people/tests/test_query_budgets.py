"""Query budgets of the people pages and API reads that had none: an exact count that does not grow
from 5 rows to 50, with the rows shown (see core.testing.assert_flat_queries)."""

from django.urls import reverse

from cadence.core.testing import assert_flat_queries, budget, client_for
from cadence.people import importing
from cadence.people.testing import DepartmentFactory, TeamFactory, make_reports


def _grow_departments(org):
    def grow(n):
        for _ in range(n):
            DepartmentFactory(parent=org.engineering)

    return grow


def _grow_teams(org):
    def grow(n):
        for _ in range(n):
            TeamFactory(department=org.engineering)

    return grow


@budget("people:departments", "GET /api/v1/departments")
def test_departments_page_and_api(org):
    client = client_for(org.hr.user)
    # session, user, the unread badge, the departments, the teams counted (none yet: no page to
    # read), the departments again for the two forms' choices (a new department's parent, a new
    # team's department)
    assert_flat_queries(lambda: client.get(reverse("people:departments")), _grow_departments(org), queries=7)
    # the same and the page of teams (50 at most)
    assert_flat_queries(lambda: client.get(reverse("people:departments")), _grow_teams(org), queries=8)
    # session, user, the departments (one list, no count)
    assert_flat_queries(
        lambda: client.get("/api/v1/departments?limit=200"), _grow_departments(org), queries=3
    )


@budget("people:org_chart")
def test_org_chart_page(org):
    client = client_for(org.report.user)
    # session, user, employee, the top of the chart with its report counts, the unread badge: the
    # reports themselves load when a node opens (org_chart_children, budgeted in test_views)
    assert_flat_queries(
        lambda: client.get(reverse("people:org_chart")),
        lambda n: make_reports(org.ceo, n),
        queries=5,
        shows_rows=False,
    )


@budget("people:edit")
def test_person_edit_page(org):
    client = client_for(org.hr.user)
    org.report.team = TeamFactory(name="Platform", department=org.engineering)
    org.report.save()
    # session, user, the person (with their team, the picker's chip), the unread badge, the departments
    # to choose from
    assert_flat_queries(
        lambda: client.get(reverse("people:edit", args=[org.report.pk])), _grow_departments(org), queries=5
    )
    page = client.get(reverse("people:edit", args=[org.report.pk])).content.decode()
    assert f'name="team" value="{org.report.team.pk}" checked' in page and "Platform" in page


@budget("GET /api/v1/me")
def test_me_api(org):
    client = client_for(org.report.user)
    # session, user, employee, whether they manage anyone, their manager: one person, whatever the
    # number of reports
    assert_flat_queries(
        lambda: client.get("/api/v1/me"), lambda n: make_reports(org.report, n), queries=5, shows_rows=False
    )


@budget("people:create")
def test_new_person_page(org):
    client = client_for(org.hr.user)
    # session, user, the unread badge, the departments to choose from (the team is a picker)
    assert_flat_queries(lambda: client.get(reverse("people:create")), _grow_departments(org), queries=4)


@budget("people:deactivate")
def test_deactivate_page_counts_the_reports_who_move(org):
    client = client_for(org.hr.user)
    url = reverse("people:deactivate", args=[org.manager.pk])
    # session, user, the person with their login, manager, department and team, how many report to
    # them (they move to the person's manager), the unread badge
    assert_flat_queries(
        lambda: client.get(url), lambda n: make_reports(org.manager, n), queries=5, shows_rows=False
    )
    assert "Their 52 direct reports will then report to Cleo Chief." in client.get(url).content.decode()


@budget("people:import")
def test_import_page_lists_the_last_ten_uploads(org):
    client = client_for(org.hr.user)

    def grow(n):
        for i in range(n):
            importing.import_store(
                actor=org.hr.user, content=b"employee_id,first_name,last_name,email\n", filename=f"f{i}.csv"
            )

    # session, user, the unread badge, the last ten uploads with who uploaded them
    assert_flat_queries(lambda: client.get(reverse("people:import")), grow, queries=4, shows_rows=False)
    page = client.get(reverse("people:import")).content.decode()
    assert page.count(".csv") == 10  # the last ten of 50: the page shows a fixed number
