"""Who counts as a manager: someone with at least one active direct report."""

import pytest

from cadence.people.models import Employee
from cadence.people.permissions import is_manager
from cadence.people.testing import EmployeeFactory

pytestmark = pytest.mark.django_db


def test_a_manager_has_an_active_report(org):
    assert is_manager(org.manager.user)
    assert is_manager(org.report.user)  # Sam reports to Rita
    assert not is_manager(org.report2.user)
    assert not is_manager(org.loner)  # a login without a profile


def test_inactive_reports_do_not_make_a_manager(org):
    EmployeeFactory(manager=org.report2, status=Employee.Status.INACTIVE)
    assert not is_manager(org.report2.user)
