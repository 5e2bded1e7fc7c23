import re
from collections import Counter

import pytest
from django.db.models import F

from cadence.core.models import User
from cadence.core.tree import tree_path
from cadence.people.models import Department, Employee, Team
from cadence.people.seeding import (
    DEMO_PASSWORD,
    DEMO_SIZE,
    apportion,
    ascii_slug,
    seed_demo,
    seed_organisation,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return seed_organisation(employees=300, seed=7)


def _reports_per_manager() -> Counter[int]:
    return Counter(Employee.objects.exclude(manager=None).values_list("manager_id", flat=True))


def _chain_path(person: Employee, by_id: dict[int, Employee]) -> str:
    """The path implied by walking the manager links up to the top."""
    ids = []
    node: Employee | None = person
    while node is not None:
        ids.append(node.pk)
        node = by_id[node.manager_id] if node.manager_id else None
    return "/" + "/".join(str(pk) for pk in reversed(ids)) + "/"


def test_counts_match(org):
    assert org.employees == org.users == 300
    assert Employee.objects.count() == 300
    assert User.objects.count() == 300
    assert Department.objects.count() == org.departments
    assert Team.objects.count() == org.teams > 0


def test_only_the_ceo_has_no_manager(org):
    assert list(Employee.objects.filter(manager=None)) == [org.ceo]
    assert org.ceo.job_title == "Chief Executive Officer"
    assert org.ceo.job_level == "C"


def test_every_path_follows_the_manager_chain(org):
    by_id = {e.pk: e for e in Employee.objects.all()}
    for person in by_id.values():
        parent_path = by_id[person.manager_id].path if person.manager_id else ""
        assert person.path == tree_path(parent_path, person.pk)
        assert person.path == _chain_path(person, by_id)


def test_department_paths_follow_the_parents(org):
    departments = {d.pk: d for d in Department.objects.all()}
    for department in departments.values():
        parent_path = departments[department.parent_id].path if department.parent_id else ""
        assert department.path == tree_path(parent_path, department.pk)
    # Names are unique across the tree, so an HRIS import that names departments is unambiguous.
    names = list(Department.objects.values_list("name", flat=True))
    assert len(names) == len(set(names))
    engineering = Department.objects.get(name="Engineering", parent=None)
    assert {"Platform", "Product Engineering", "Data"} <= set(
        engineering.children.values_list("name", flat=True)
    )


def test_span_of_control(org):
    spans = _reports_per_manager()
    assert spans[org.ceo.pk] <= 9
    assert max(spans.values()) <= 9
    # At this size every manager has a real team; only tiny departments may have fewer than four.
    assert sum(1 for n in spans.values() if n < 4) <= 1


def test_small_organisations_still_form_one_tree():
    for size in (1, 2, 5, 12, 40):
        result = seed_organisation(employees=size, seed=size, domain=f"size{size}.example")
        people = Employee.objects.filter(path__startswith=result.ceo.path)
        assert people.count() == size
        assert people.filter(manager=None).count() == 1
        assert max(_reports_per_manager().values(), default=0) <= 9


def test_teams_belong_to_their_members_departments(org):
    mismatched = Employee.objects.exclude(team=None).exclude(team__department=F("department"))
    assert not mismatched.exists()


def test_identities_are_unique_and_well_formed(org):
    people = list(Employee.objects.select_related("user"))
    assert len({p.email for p in people}) == len({p.employee_id for p in people}) == 300
    assert all(re.fullmatch(r"[a-z0-9]+\.[a-z0-9]+\d*@northwind\.example", p.email) for p in people)
    assert all(re.fullmatch(r"E\d{5}", p.employee_id) for p in people)
    assert org.ceo.employee_id == "E00001"
    for person in people:
        assert (person.user.email, person.user.first_name, person.user.last_name) == (
            person.email, person.first_name, person.last_name,
        )  # fmt: skip


def test_everyone_can_log_in_with_the_password(org):
    users = User.objects.all()
    assert set(users.values_list("role", flat=True)) == {User.Role.EMPLOYEE}
    assert users.filter(is_active=False).count() == 0
    assert users.values("password").distinct().count() == 1  # hashed once, shared
    assert users.first().check_password("cadence-demo")
    assert not users.first().check_password("wrong password")


def test_people_look_like_an_organisation(org):
    people = list(Employee.objects.all())
    assert all(
        p.job_title and p.job_level and p.department_id and p.location and p.start_date for p in people
    )
    disclosed = sum(1 for p in people if p.gender) / len(people)
    assert 0.75 <= disclosed <= 0.95
    assert (
        Counter(p.employment_type for p in people).most_common(1)[0][0] == Employee.EmploymentType.FULL_TIME
    )
    managers = set(_reports_per_manager())
    assert all(p.job_level.startswith(("M", "VP", "C")) for p in people if p.pk in managers)
    assert all(p.job_level.startswith("IC") for p in people if p.pk not in managers)


def test_same_seed_same_people_and_no_collisions_on_a_second_run():
    def described(result):
        people = Employee.objects.filter(path__startswith=result.ceo.path).order_by("pk")
        return list(people.values_list("first_name", "last_name", "job_title", "job_level", "gender"))

    first = seed_organisation(employees=60, seed=3)
    second = seed_organisation(employees=60, seed=3)
    other = seed_organisation(employees=60, seed=4)
    assert described(first) == described(second)
    assert described(first) != described(other)
    assert Employee.objects.count() == User.objects.count() == 180
    assert Employee.objects.filter(manager=None).count() == 3
    # Departments are reused by name rather than duplicated.
    assert Department.objects.filter(name="Engineering").count() == 1


def test_seed_demo_creates_the_three_logins_once():
    logins = seed_demo()
    assert Employee.objects.count() == DEMO_SIZE
    assert seed_demo() == logins
    assert Employee.objects.count() == DEMO_SIZE
    assert {login.email for login in logins} == {
        "hr@cadence.demo",
        "manager@cadence.demo",
        "employee@cadence.demo",
    }
    assert all(login.password == DEMO_PASSWORD for login in logins)
    for login in logins:
        user = User.objects.get(email=login.email)
        assert user.check_password(login.password)
        assert (user.first_name, user.last_name) == (user.employee.first_name, user.employee.last_name)
        assert user.employee.email == login.email


def test_demo_roles_and_reporting_lines():
    seed_demo()
    hr = User.objects.get(email="hr@cadence.demo")
    assert hr.role == User.Role.HR_ADMIN and hr.is_hr
    assert hr.employee.department.name == "People"
    assert User.objects.filter(role=User.Role.HR_ADMIN).count() == 1

    manager = Employee.objects.get(email="manager@cadence.demo")
    assert manager.user.role == User.Role.EMPLOYEE
    direct = list(manager.reports.all())
    assert len(direct) >= 4
    assert any(report.reports.exists() for report in direct)  # so there are indirect reports too
    below = Employee.objects.filter(path__startswith=manager.path).exclude(pk=manager.pk).count()
    assert below > len(direct)

    employee = Employee.objects.get(email="employee@cadence.demo")
    assert employee.manager == manager
    assert not employee.reports.exists()
    assert employee.user.role == User.Role.EMPLOYEE
    assert (manager.first_name, employee.first_name, hr.first_name) == ("Marco", "Emma", "Hana")


def test_helpers():
    assert apportion(10, [1, 1, 1]) == [4, 3, 3]
    assert sum(apportion(9999, [0.3, 0.2, 0.5])) == 9999
    assert apportion(20, [1, 9], minimum=5) == [6, 14]
    assert ascii_slug("Łukasz") == "lukasz"
    assert ascii_slug("O'Brien") == "obrien"
    assert ascii_slug("de Vries") == "devries"
    assert ascii_slug("Şahin") == "sahin"
