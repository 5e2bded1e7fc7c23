"""Test helpers for people and every app above them: factories for departments, teams and employees,
and `org`, a small organisation with each role. Loaded by the root conftest.py."""

from dataclasses import dataclass
from typing import Any

import factory
import pytest

from cadence.core.models import User
from cadence.core.testing import UserFactory
from cadence.core.tree import tree_insert

from .models import Department, Employee, Team


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
