"""The Django admin cannot move a department: parent and path are read-only there, adding is off."""

import pytest
from django.urls import reverse

from cadence.people.models import Department
from cadence.people.testing import DepartmentFactory

# `admin_client` (pytest-django) is signed in as a superuser, the rights of a system admin.
pytestmark = pytest.mark.django_db


def test_a_department_change_keeps_its_parent_and_paths(admin_client):
    top, elsewhere = DepartmentFactory(name="Top"), DepartmentFactory(name="Elsewhere")
    department = DepartmentFactory(name="Middle", parent=top)
    below = DepartmentFactory(name="Below", parent=department)
    paths = dict(Department.objects.values_list("pk", "path"))

    response = admin_client.post(
        reverse("admin:people_department_change", args=[department.pk]),
        {"name": "Renamed", "parent": elsewhere.pk, "path": f"/{elsewhere.pk}/{department.pk}/"},
    )

    assert response.status_code == 302  # saved: the other fields stay editable
    department.refresh_from_db()
    assert department.name == "Renamed"
    assert department.parent_id == top.pk
    assert dict(Department.objects.values_list("pk", "path")) == paths
    assert below.path == paths[below.pk] == f"/{top.pk}/{department.pk}/{below.pk}/"


def test_departments_cannot_be_added_in_the_admin(admin_client):
    response = admin_client.post(reverse("admin:people_department_add"), {"name": "Side door"})
    assert response.status_code == 403
    assert not Department.objects.filter(name="Side door").exists()
