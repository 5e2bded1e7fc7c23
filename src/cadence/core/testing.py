"""Test helpers shared by every app: factories for people, a small organisation with each role,
and query-budget assertions. Loaded by the root conftest.py."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import factory
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cadence.core.models import User
from cadence.core.tree import tree_insert
from cadence.people.models import Department, Employee, Team

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    name = factory.Sequence(lambda n: f"Department {n}")

    @classmethod
    def _create(cls, model_class: type[Department], *args: Any, **kwargs: Any) -> Department:
        department = super()._create(model_class, *args, **kwargs)
        tree_insert(department, parent=department.parent)
        return department


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")


class EmployeeFactory(factory.django.DjangoModelFactory):
    """An employee with a login; the reporting path follows `manager`."""

    class Meta:
        model = Employee

    employee_id = factory.Sequence(lambda n: f"T{n:05d}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.Sequence(lambda n: f"person{n}@example.com")
    job_title = "Engineer"
    user = factory.LazyAttribute(
        lambda o: UserFactory(email=o.email, first_name=o.first_name, last_name=o.last_name)
    )

    @classmethod
    def _create(cls, model_class: type[Employee], *args: Any, **kwargs: Any) -> Employee:
        person = super()._create(model_class, *args, **kwargs)
        tree_insert(person, parent=person.manager)
        return person


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings: Any) -> None:
    """For every test: the real hasher costs ~0.3 s per user, minutes across the suite."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_reports(manager: Employee, count: int, **kwargs: Any) -> list[Employee]:
    return [EmployeeFactory(manager=manager, **kwargs) for _ in range(count)]


@dataclass
class Org:
    """ceo → manager → (report, report2); report → subreport; ceo → other (another branch);
    hr in People; gone is inactive; loner is a user without an employee record."""

    ceo: Employee
    manager: Employee
    report: Employee
    report2: Employee
    subreport: Employee
    other: Employee
    hr: Employee
    gone: Employee
    loner: User
    engineering: Department
    people_dept: Department

    def role_users(self) -> dict[str, User | None]:
        return {
            "hr": self.hr.user,
            "manager": self.manager.user,
            "employee": self.report2.user,
            "outsider": self.loner,
            "anonymous": None,
        }


@pytest.fixture
def org(db: Any) -> Org:
    engineering = DepartmentFactory(name="Engineering")
    people_dept = DepartmentFactory(name="People")
    ceo = EmployeeFactory(first_name="Cleo", last_name="Chief", job_title="CEO", department=engineering)
    manager = EmployeeFactory(first_name="Mona", last_name="Manager", manager=ceo, department=engineering)
    report = EmployeeFactory(
        first_name="Rita",
        last_name="Report",
        manager=manager,
        department=engineering,
        gender=Employee.Gender.WOMAN,
        birth_year=1990,
    )
    report2 = EmployeeFactory(first_name="Ravi", last_name="Second", manager=manager, department=engineering)
    subreport = EmployeeFactory(first_name="Sam", last_name="Sub", manager=report, department=engineering)
    other = EmployeeFactory(first_name="Otto", last_name="Other", manager=ceo, department=people_dept)
    hr = EmployeeFactory(first_name="Hana", last_name="Human", manager=other, department=people_dept)
    hr.user.role = User.Role.HR_ADMIN
    hr.user.save()
    gone = EmployeeFactory(
        first_name="Gina", last_name="Gone", manager=other, status=Employee.Status.INACTIVE
    )
    gone.user.is_active = False
    gone.user.save()
    loner = UserFactory(email="loner@example.com")
    return Org(ceo, manager, report, report2, subreport, other, hr, gone, loner, engineering, people_dept)


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def count_queries(action: Callable[[], Any]) -> int:
    return _counted(action)[0]


def _counted(action: Callable[[], Any]) -> tuple[int, Any]:
    with CaptureQueriesContext(connection) as ctx:
        result = action()
    return len(ctx.captured_queries), result


# A row a page or API response shows (a name, a link, an id) is at least this many bytes long.
BYTES_PER_ROW = 20


def assert_flat_queries(
    action: Callable[[], Any], grow: Callable[[int], Any], *, queries: int, shows_rows: bool = True
) -> None:
    """`action` runs exactly `queries` queries with 5 rows and again after `grow` added 45 more.

    Unless `shows_rows=False` (a route that shows no list), what `action` returns must show the new
    rows: a response gets at least BYTES_PER_ROW longer per row, a number or a list gets larger. So a
    test whose `grow` adds nothing the route shows fails instead of proving nothing. Responses must
    be 200. Pin the exact count and name the queries in a comment next to it."""
    grow(5)
    small, small_result = _counted(action)
    grow(45)
    large, large_result = _counted(action)
    for result in (small_result, large_result):
        status = getattr(result, "status_code", 200)
        assert status == 200, f"the action answered {status}, not 200"
    assert small == large, f"query count grows with rows: {small} with 5 rows, {large} with 50"
    assert large == queries, f"{large} queries, pinned at {queries}: update the count and its comment"
    if shows_rows:
        _assert_output_grew(small_result, large_result)


def _assert_output_grew(small: Any, large: Any) -> None:
    if hasattr(small, "content"):
        grown = len(large.content) - len(small.content)
        assert grown >= 45 * BYTES_PER_ROW, (
            f"45 more rows added only {grown} bytes: the route does not show them"
        )
    else:
        size = len if hasattr(small, "__len__") else int
        assert size(large) > size(small), f"45 more rows left the result at {size(large)} (was {size(small)})"
