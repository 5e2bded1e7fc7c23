"""People reads: who sees whom, directory filters, profiles, the org chart, and query budgets."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from cadence.core.testing import assert_flat_queries, count_queries
from cadence.people import selectors
from cadence.people.models import Employee
from cadence.people.permissions import (
    can_edit_people,
    can_manage,
    can_view_fairness_data,
    managed_by,
    people_visible_to,
)
from cadence.people.testing import DepartmentFactory, EmployeeFactory, TeamFactory, make_reports


def ids(people):
    return {p.pk for p in people}


def everyone(org):
    return {org.ceo, org.manager, org.report, org.report2, org.subreport, org.other, org.hr, org.gone}


# --- visibility ------------------------------------------------------------------------------


def test_hr_sees_everyone_including_inactive(org):
    assert ids(people_visible_to(org.hr.user)) == ids(everyone(org))


@pytest.mark.parametrize("who", ["manager", "report", "subreport"])
def test_employees_see_active_colleagues_not_inactive_ones(org, who):
    visible = ids(people_visible_to(getattr(org, who).user))
    assert visible == ids(everyone(org) - {org.gone})


def test_an_inactive_person_sees_nobody(org):
    assert not people_visible_to(org.gone.user).exists()


def test_a_person_sees_themselves_even_when_inactive(org):
    # The user is still active (e.g. mid-offboarding) while the record is already inactive.
    Employee.objects.filter(pk=org.report2.pk).update(status=Employee.Status.INACTIVE)
    user = org.report2.user
    assert org.report2.pk in ids(people_visible_to(user))
    assert org.gone.pk not in ids(people_visible_to(user))


def test_loner_and_anonymous_see_nobody(org):
    assert not people_visible_to(org.loner).exists()
    assert not people_visible_to(AnonymousUser()).exists()
    assert not selectors.person_list(actor=AnonymousUser()).exists()
    assert selectors.org_chart_roots(actor=org.loner) == []


def test_person_get_is_404_for_people_out_of_sight(org):
    assert selectors.person_get(actor=org.hr.user, person_id=org.gone.pk) == org.gone
    with pytest.raises(Http404):
        selectors.person_get(actor=org.report.user, person_id=org.gone.pk)
    with pytest.raises(Http404):
        selectors.person_get(actor=org.loner, person_id=org.report.pk)
    with pytest.raises(Http404):
        selectors.person_get(actor=org.hr.user, person_id=999_999)


# --- person_list -----------------------------------------------------------------------------


def test_search_across_name_email_title_and_id(org):
    actor = org.report.user
    assert ids(selectors.person_list(actor=actor, search="rita")) == {org.report.pk}
    assert ids(selectors.person_list(actor=actor, search="CEO")) == {org.ceo.pk}
    assert ids(selectors.person_list(actor=actor, search=org.report2.email.upper())) == {org.report2.pk}
    assert ids(selectors.person_list(actor=actor, search=org.subreport.employee_id)) == {org.subreport.pk}
    assert ids(selectors.person_list(actor=actor, search="Gina")) == set()  # inactive, not visible


def test_search_with_several_words_needs_every_word(org):
    actor = org.report.user
    assert ids(selectors.person_list(actor=actor, search="Mona Manager")) == {org.manager.pk}
    assert ids(selectors.person_list(actor=actor, search="  manager   mona ")) == {org.manager.pk}
    assert ids(selectors.person_list(actor=actor, search="Mona Chief")) == set()
    assert ids(selectors.person_list(actor=actor, search="Rita Engineer")) == {org.report.pk}


def test_department_filter_includes_sub_departments(org):
    platform = DepartmentFactory(name="Platform", parent=org.engineering)
    infra = DepartmentFactory(name="Infra", parent=platform)
    deep = EmployeeFactory(department=infra)
    flat = EmployeeFactory(department=platform)
    # A department whose id starts with the same digits must not leak in.
    for _ in range(12):
        DepartmentFactory()
    lookalike = DepartmentFactory()
    stranger = EmployeeFactory(department=lookalike)
    actor = org.hr.user

    engineering = ids(selectors.person_list(actor=actor, department=org.engineering.pk))
    assert engineering == ids([org.ceo, org.manager, org.report, org.report2, org.subreport, deep, flat])
    assert ids(selectors.person_list(actor=actor, department=platform.pk)) == {deep.pk, flat.pk}
    assert ids(selectors.person_list(actor=actor, department=infra.pk)) == {deep.pk}
    assert stranger.pk not in engineering
    assert ids(selectors.person_list(actor=actor, department=999_999)) == set()


def test_manager_filter_gives_direct_reports_and_under_the_whole_chain(org):
    actor = org.report2.user
    assert ids(selectors.person_list(actor=actor, manager=org.manager.pk)) == {org.report.pk, org.report2.pk}
    assert ids(selectors.person_list(actor=actor, under=org.manager.pk)) == ids(
        [org.report, org.report2, org.subreport]
    )
    assert ids(selectors.person_list(actor=actor, under=org.ceo.pk)) == ids(
        everyone(org) - {org.ceo, org.gone}
    )
    assert ids(selectors.person_list(actor=org.hr.user, under=org.other.pk)) == {org.hr.pk, org.gone.pk}
    assert ids(selectors.person_list(actor=actor, under=999_999)) == set()


def test_status_location_and_team_filters(org):
    Employee.objects.filter(pk__in=[org.report.pk, org.hr.pk]).update(location="Berlin")
    team = TeamFactory(department=org.engineering)
    Employee.objects.filter(pk=org.report2.pk).update(team=team)
    hr = org.hr.user

    assert ids(selectors.person_list(actor=hr, status="inactive")) == {org.gone.pk}
    assert org.gone.pk not in ids(selectors.person_list(actor=hr, status="active"))
    assert ids(selectors.person_list(actor=hr, status="bogus")) == ids(everyone(org))
    assert ids(selectors.person_list(actor=hr, location="berlin")) == {org.report.pk, org.hr.pk}
    assert ids(selectors.person_list(actor=hr, team=team.pk)) == {org.report2.pk}
    # An employee asking for inactive people still gets nobody they may not see.
    assert ids(selectors.person_list(actor=org.report.user, status="inactive")) == set()
    assert selectors.location_list(actor=org.report.user) == ["Berlin"]


def test_person_list_query_count_is_flat(org):
    actor = org.report.user
    list(selectors.person_list(actor=actor))  # the actor's own record is cached after the first read

    def action():
        return list(selectors.person_list(actor=actor))

    def grow(n):
        make_reports(org.manager, n, department=org.engineering, team=TeamFactory())

    assert_flat_queries(action, grow, queries=1)


def test_person_list_rows_carry_their_relations(org):
    actor = org.hr.user
    people = list(selectors.person_list(actor=actor))

    def touch():
        return [
            (p.department and p.department.name, p.team, p.manager and p.manager.full_name, p.user)
            for p in people
        ]

    assert count_queries(touch) == 0


# --- profile and org chart ---------------------------------------------------------------------


def test_person_profile_chain_reports_and_counts(org):
    deeper = EmployeeFactory(manager=org.subreport)
    EmployeeFactory(manager=org.report, status=Employee.Status.INACTIVE)

    profile = selectors.person_profile(actor=org.report2.user, person_id=org.subreport.pk)
    assert [p.pk for p in profile.chain] == [org.ceo.pk, org.manager.pk, org.report.pk]
    assert [p.pk for p in profile.direct_reports] == [deeper.pk]

    manager = selectors.person_profile(actor=org.report2.user, person_id=org.manager.pk)
    assert [p.pk for p in manager.chain] == [org.ceo.pk]
    assert ids(manager.direct_reports) == {org.report.pk, org.report2.pk}
    counts = {p.pk: p.report_count for p in manager.direct_reports}
    assert counts == {org.report.pk: 1, org.report2.pk: 0}  # the inactive report is not counted
    assert manager.indirect_report_count == 2  # subreport and deeper

    ceo = selectors.person_profile(actor=org.hr.user, person_id=org.ceo.pk)
    assert ceo.chain == []
    assert ids(ceo.direct_reports) == {org.manager.pk, org.other.pk}
    assert ceo.indirect_report_count == 5  # report, report2, subreport, deeper, hr


def test_person_profile_respects_visibility(org):
    with pytest.raises(Http404):
        selectors.person_profile(actor=org.report.user, person_id=org.gone.pk)
    assert selectors.person_profile(actor=org.hr.user, person_id=org.gone.pk).person == org.gone


def test_person_profile_query_count_is_flat(org):
    actor = org.report.user
    selectors.person_profile(actor=actor, person_id=org.manager.pk)  # warm the actor's record

    def action():
        profile = selectors.person_profile(actor=actor, person_id=org.manager.pk)
        return [(p.department, p.team, p.manager.full_name, p.report_count) for p in profile.direct_reports]

    def grow(n):
        for person in make_reports(org.manager, n, department=org.engineering):
            make_reports(person, 1)

    assert_flat_queries(action, grow, queries=4)
    profile = selectors.person_profile(actor=actor, person_id=org.manager.pk)
    assert len(profile.direct_reports) == 52
    assert profile.indirect_report_count == 51


def test_org_chart_roots_and_children(org):
    EmployeeFactory(status=Employee.Status.INACTIVE)  # an inactive root is not on the chart
    assert [p.pk for p in selectors.org_chart_roots(actor=org.report.user)] == [org.ceo.pk]
    assert selectors.org_chart_roots(actor=org.hr.user)[0].report_count == 2

    person, children = selectors.org_chart_children(actor=org.report.user, person_id=org.manager.pk)
    assert person == org.manager
    assert {c.pk: c.report_count for c in children} == {org.report.pk: 1, org.report2.pk: 0}

    _other, children = selectors.org_chart_children(actor=org.hr.user, person_id=org.other.pk)
    assert ids(children) == {org.hr.pk}  # gone is inactive
    with pytest.raises(Http404):
        selectors.org_chart_children(actor=org.report.user, person_id=org.gone.pk)


def test_org_chart_children_query_count_is_flat(org):
    actor = org.report.user
    selectors.org_chart_roots(actor=actor)  # the actor's own record is cached after the first read

    def action():
        _person, children = selectors.org_chart_children(actor=actor, person_id=org.manager.pk)
        return [(c.department, c.report_count) for c in children]

    assert_flat_queries(action, lambda n: make_reports(org.manager, n, department=org.engineering), queries=2)


def test_department_list_headcount(org):
    platform = DepartmentFactory(name="Platform", parent=org.engineering)
    EmployeeFactory(department=platform)
    departments = {d.name: d for d in selectors.department_list(actor=org.report.user)}
    assert departments["Engineering"].headcount == 5
    assert departments["People"].headcount == 2  # gone is inactive (and has no department)
    assert departments["Platform"].headcount == 1
    assert list(selectors.department_list(actor=AnonymousUser())) == []


# --- permission checks -----------------------------------------------------------------------


def test_can_manage(org):
    assert can_manage(org.manager.user, org.report)
    assert can_manage(org.manager.user, org.subreport)  # indirect report
    assert can_manage(org.ceo.user, org.subreport)
    assert not can_manage(org.report.user, org.report2)  # peer
    assert not can_manage(org.report2.user, org.subreport)  # peer's report
    assert not can_manage(org.manager.user, org.manager)  # not yourself
    assert not can_manage(org.subreport.user, org.report)  # not upwards
    assert not can_manage(org.other.user, org.report)  # another branch
    assert can_manage(org.hr.user, org.ceo)
    assert not can_manage(org.loner, org.report)
    assert not can_manage(AnonymousUser(), org.report)


def test_can_manage_compares_whole_path_segments(org):
    # "/12/" starts with the characters "/1" but is not below "/1/".
    user = org.report2.user
    user._cadence_employee = Employee(pk=1, path="/1/")
    assert not can_manage(user, Employee(pk=12, path="/12/"))
    assert can_manage(user, Employee(pk=12, path="/1/12/"))


def test_managed_by(org):
    assert ids(managed_by(org.manager.user)) == ids([org.report, org.report2, org.subreport])
    assert ids(managed_by(org.report2.user)) == set()
    assert ids(managed_by(org.hr.user)) == ids(everyone(org))
    assert ids(managed_by(org.loner)) == set()


def test_can_view_fairness_data(org):
    assert can_view_fairness_data(org.hr.user, org.report)
    assert can_view_fairness_data(org.report.user, org.report)
    assert not can_view_fairness_data(org.manager.user, org.report)
    assert not can_view_fairness_data(org.report2.user, org.report)
    assert not can_view_fairness_data(org.loner, org.report)
    assert not can_view_fairness_data(AnonymousUser(), org.report)


def test_can_edit_people(org):
    assert can_edit_people(org.hr.user)
    assert not can_edit_people(org.ceo.user)
    assert not can_edit_people(AnonymousUser())
