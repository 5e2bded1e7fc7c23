"""People services: every write checks the actor, validates, keeps reporting paths right,
records an audit event and never half-writes."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cadence.core.models import AuditEvent, User
from cadence.core.testing import count_queries, saved_version
from cadence.people import services
from cadence.people.models import Department, Employee, Team
from cadence.people.testing import DepartmentFactory, EmployeeFactory, make_reports


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def events(action, target):
    return AuditEvent.objects.filter(
        action=action, target_type=target._meta.label_lower, target_id=str(target.pk)
    )


def new_person(org, **overrides):
    fields = {
        "employee_id": "E-900",
        "first_name": "Nora",
        "last_name": "Newton",
        "email": "  Nora.Newton@Example.com ",
        "job_title": "Designer",
        "manager": org.manager,
        "department": org.engineering,
        "start_date": datetime.date(2024, 3, 1),
    }
    fields.update(overrides)
    return services.person_create(actor=org.hr.user, **fields)


# --- person_create ---------------------------------------------------------------------------


def test_person_create_makes_login_path_and_audit_event(org):
    person = new_person(org)

    person.refresh_from_db()
    assert person.email == "nora.newton@example.com"
    assert person.status == Employee.Status.ACTIVE
    assert person.path == f"{org.manager.path}{person.pk}/"
    assert person.ancestor_ids == [org.ceo.pk, org.manager.pk]

    user = User.objects.get(pk=person.user_id)
    assert user.email == "nora.newton@example.com"
    assert (user.first_name, user.last_name) == ("Nora", "Newton")
    assert user.is_active and user.role == User.Role.EMPLOYEE
    assert not user.has_usable_password()

    event = events("person.create", person).get()
    assert event.actor_id == org.hr.user_id
    assert event.after["email"] == "nora.newton@example.com"
    assert event.after["manager"] == org.manager.full_name
    assert event.after["department"] == "Engineering"
    assert event.after["start_date"] == "2024-03-01"
    assert event.after["status"] == Employee.Status.ACTIVE


def test_person_create_at_the_top_has_a_root_path(org):
    person = new_person(org, manager=None)
    assert fresh(person).path == f"/{person.pk}/"


def test_person_create_assigns_role(org):
    person = new_person(org, role=User.Role.HR_ADMIN)
    assert fresh(person.user).role == User.Role.HR_ADMIN
    assert events("user.role_change", person.user).count() == 1


def test_person_create_hr_cannot_grant_system_admin_and_nothing_is_written(org):
    with pytest.raises(ValidationError) as exc:
        new_person(org, role=User.Role.SYSTEM_ADMIN)
    assert "role" in exc.value.message_dict
    assert not Employee.objects.filter(employee_id="E-900").exists()
    assert not User.objects.filter(email="nora.newton@example.com").exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"email": "RITA@example.com"}, "email"),  # resolved below to the report's email, other case
        ({"employee_id": "dup"}, "employee_id"),
        ({"email": "loner@example.com"}, "email"),  # a login without a person already has it
        ({"email": "not-an-email"}, "email"),
        ({"first_name": ""}, "first_name"),
    ],
)
def test_person_create_rejects_bad_or_duplicate_values_with_field_key(org, overrides, field):
    if overrides.get("email") == "RITA@example.com":
        overrides = {"email": org.report.email.upper()}
    if overrides.get("employee_id") == "dup":
        overrides = {"employee_id": org.report.employee_id}
    before = (Employee.objects.count(), User.objects.count(), AuditEvent.objects.count())

    with pytest.raises(ValidationError) as exc:
        new_person(org, **overrides)

    assert field in exc.value.message_dict
    assert (Employee.objects.count(), User.objects.count(), AuditEvent.objects.count()) == before


def test_person_create_rejects_unknown_fields(org):
    with pytest.raises(ValidationError) as exc:
        new_person(org, salary=1)
    assert "salary" in exc.value.message_dict


@pytest.mark.parametrize("who", ["manager", "report", "loner"])
def test_person_create_needs_hr(org, who):
    actor = org.loner if who == "loner" else getattr(org, who).user
    with pytest.raises(PermissionDenied):
        services.person_create(
            actor=actor, employee_id="X1", first_name="A", last_name="B", email="a@b.example"
        )
    assert not Employee.objects.filter(employee_id="X1").exists()


# --- person_update ---------------------------------------------------------------------------


def test_person_update_changes_fields_login_and_audits_before_after(org):
    services.person_update(
        actor=org.hr.user,
        person=org.report2,
        version=saved_version(org.report2),
        job_title="Staff Engineer",
        email="Ravi.New@Example.com",
    )

    person = fresh(org.report2)
    assert person.job_title == "Staff Engineer"
    assert person.email == "ravi.new@example.com"
    assert fresh(person.user).email == "ravi.new@example.com"
    event = events("person.update", person).get()
    assert event.before["job_title"] == "Engineer"
    assert event.after["job_title"] == "Staff Engineer"
    assert event.before["email"] == org.report2.email
    assert event.after["email"] == "ravi.new@example.com"
    assert dict((k, (b, a)) for k, b, a in event.changes) == {
        "email": (org.report2.email, "ravi.new@example.com"),
        "job_title": ("Engineer", "Staff Engineer"),
    }


def test_person_update_without_changes_writes_no_audit_event(org):
    services.person_update(
        actor=org.hr.user,
        person=org.report2,
        version=saved_version(org.report2),
        job_title=org.report2.job_title,
    )
    assert not events("person.update", org.report2).exists()


def test_changing_manager_re_roots_the_whole_subtree(org):
    # report → subreport → subsub: three levels move under `other` in one go.
    subsub = EmployeeFactory(manager=org.subreport)
    untouched = {p.pk: p.path for p in (org.ceo, org.manager, org.report2, org.other, org.hr)}

    services.person_update(
        actor=org.hr.user, person=org.report, version=saved_version(org.report), manager=org.other
    )

    report, subreport, subsub = fresh(org.report), fresh(org.subreport), fresh(subsub)
    assert report.manager_id == org.other.pk
    assert report.path == f"{org.other.path}{report.pk}/"
    assert subreport.path == f"{report.path}{subreport.pk}/"
    assert subsub.path == f"{subreport.path}{subsub.pk}/"
    assert subsub.ancestor_ids == [org.ceo.pk, org.other.pk, report.pk, subreport.pk]
    assert {pk: fresh(Employee(pk=pk)).path for pk in untouched} == untouched

    event = events("person.update", report).get()
    assert event.before["manager"] == org.manager.full_name
    assert event.after["manager"] == org.other.full_name


def test_moving_to_the_top_of_the_organisation(org):
    services.person_update(
        actor=org.hr.user, person=org.report, version=saved_version(org.report), manager=None
    )
    assert fresh(org.report).path == f"/{org.report.pk}/"
    assert fresh(org.subreport).path == f"/{org.report.pk}/{org.subreport.pk}/"


def test_subtree_move_does_not_grow_with_the_subtree(org):
    make_reports(org.subreport, 30)
    leaf_move = count_queries(
        lambda: services.person_update(
            actor=org.hr.user, person=org.report2, version=saved_version(org.report2), manager=org.other
        )
    )
    subtree_move = count_queries(
        lambda: services.person_update(
            actor=org.hr.user, person=org.report, version=saved_version(org.report), manager=org.other
        )
    )
    assert subtree_move == leaf_move
    prefix = fresh(org.subreport).path
    assert prefix.startswith(fresh(org.other).path)
    assert Employee.objects.filter(manager=org.subreport, path__startswith=prefix).count() == 30


@pytest.mark.parametrize("new_manager", ["subreport", "report", "deep"])
def test_reporting_cycle_is_rejected(org, new_manager):
    deep = EmployeeFactory(manager=org.subreport)
    manager = deep if new_manager == "deep" else getattr(org, new_manager)
    with pytest.raises(ValidationError) as exc:
        services.person_update(
            actor=org.hr.user, person=org.report, version=saved_version(org.report), manager=manager
        )
    assert "manager" in exc.value.message_dict
    assert fresh(org.report).manager_id == org.manager.pk
    assert fresh(org.report).path == org.report.path


def test_an_inactive_manager_is_rejected(org):
    with pytest.raises(ValidationError) as exc:
        new_person(org, manager=org.gone)
    assert "manager" in exc.value.message_dict
    assert not Employee.objects.filter(employee_id="E-900").exists()

    with pytest.raises(ValidationError) as exc:
        services.person_update(
            actor=org.hr.user, person=org.report2, version=saved_version(org.report2), manager=org.gone
        )
    assert "manager" in exc.value.message_dict
    assert fresh(org.report2).manager_id == org.manager.pk
    # Other edits of someone whose manager is unchanged are not affected.
    services.person_update(
        actor=org.hr.user, person=org.report2, version=saved_version(org.report2), job_title="Lead"
    )


def test_person_update_duplicate_email_is_a_field_error(org):
    with pytest.raises(ValidationError) as exc:
        services.person_update(
            actor=org.hr.user, person=org.report2, version=saved_version(org.report2), email=org.report.email
        )
    assert "email" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.person_update(
            actor=org.hr.user,
            person=org.report2,
            version=saved_version(org.report2),
            email="loner@example.com",
        )
    assert "email" in exc.value.message_dict
    assert fresh(org.report2).email == org.report2.email


def test_person_update_needs_hr(org):
    with pytest.raises(PermissionDenied):
        services.person_update(
            actor=org.manager.user, person=org.report, version=saved_version(org.report), job_title="Boss"
        )
    assert fresh(org.report).job_title == "Engineer"


def test_failing_update_leaves_nothing_half_written(org):
    """The subtree is moved and the person saved before the role change fails: all of it rolls back."""
    paths = dict(Employee.objects.values_list("pk", "path"))
    audit_count = AuditEvent.objects.count()

    with pytest.raises(ValidationError):
        services.person_update(
            actor=org.hr.user,
            person=org.report,
            version=saved_version(org.report),
            manager=org.other,
            job_title="Lead",
            email="rita.new@example.com",
            role=User.Role.SYSTEM_ADMIN,
        )

    report = fresh(org.report)
    assert (report.manager_id, report.job_title, report.email) == (
        org.manager.pk,
        "Engineer",
        org.report.email,
    )
    assert fresh(report.user).email == org.report.email
    assert dict(Employee.objects.values_list("pk", "path")) == paths
    assert AuditEvent.objects.count() == audit_count


def test_person_update_changes_role(org):
    services.person_update(
        actor=org.hr.user, person=org.report, version=saved_version(org.report), role=User.Role.HR_ADMIN
    )
    assert fresh(org.report.user).role == User.Role.HR_ADMIN


# --- deactivate / reactivate -----------------------------------------------------------------


def test_person_deactivate_keeps_history_and_moves_reports_up(org):
    services.person_update(
        actor=org.hr.user,
        person=org.manager,
        version=saved_version(org.manager),
        job_title="Head of Engineering",
    )

    services.person_deactivate(actor=org.hr.user, person=org.manager)

    manager = fresh(org.manager)
    assert manager.status == Employee.Status.INACTIVE
    assert manager.deactivated_at is not None
    assert manager.path == org.manager.path  # still in place, with its history
    assert not fresh(manager.user).is_active
    assert events("person.update", manager).exists()  # history is kept
    deactivation = events("person.deactivate", manager).get()
    assert deactivation.after == {"status": "inactive"}

    report, report2, subreport = fresh(org.report), fresh(org.report2), fresh(org.subreport)
    assert report.manager_id == report2.manager_id == org.ceo.pk
    assert report.path == f"{org.ceo.path}{report.pk}/"
    assert report2.path == f"{org.ceo.path}{report2.pk}/"
    assert subreport.path == f"{report.path}{subreport.pk}/"
    assert not Employee.objects.filter(manager=manager).exists()


def test_deactivating_the_top_person_makes_reports_roots(org):
    services.person_deactivate(actor=org.hr.user, person=org.ceo)
    assert fresh(org.manager).manager_id is None
    assert fresh(org.manager).path == f"/{org.manager.pk}/"
    assert fresh(org.subreport).path == f"/{org.manager.pk}/{org.report.pk}/{org.subreport.pk}/"


def test_cannot_deactivate_yourself(org):
    with pytest.raises(ValidationError) as exc:
        services.person_deactivate(actor=org.hr.user, person=org.hr)
    assert "status" in exc.value.message_dict
    assert fresh(org.hr).is_active and fresh(org.hr.user).is_active


def test_deactivate_needs_hr(org):
    with pytest.raises(PermissionDenied):
        services.person_deactivate(actor=org.manager.user, person=org.report)
    assert fresh(org.report).is_active


def test_deactivating_twice_is_harmless(org):
    services.person_deactivate(actor=org.hr.user, person=org.report2)
    services.person_deactivate(actor=org.hr.user, person=org.report2)
    assert events("person.deactivate", org.report2).count() == 1


def test_person_reactivate(org):
    services.person_reactivate(actor=org.hr.user, person=org.gone)

    gone = fresh(org.gone)
    assert gone.status == Employee.Status.ACTIVE and gone.deactivated_at is None
    assert fresh(gone.user).is_active
    assert events("person.reactivate", gone).get().after == {"status": "active"}
    services.person_reactivate(actor=org.hr.user, person=gone)  # already active: nothing happens
    assert events("person.reactivate", gone).count() == 1
    with pytest.raises(PermissionDenied):
        services.person_reactivate(actor=org.manager.user, person=org.gone)


# --- departments and teams -------------------------------------------------------------------


def test_department_create_sets_path_and_audits(org):
    platform = services.department_create(actor=org.hr.user, name=" Platform ", parent=org.engineering)
    platform.refresh_from_db()
    assert platform.name == "Platform"
    assert platform.path == f"{org.engineering.path}{platform.pk}/"
    assert events("department.create", platform).get().after == {"name": "Platform", "parent": "Engineering"}

    top = services.department_create(actor=org.hr.user, name="Sales")
    assert fresh(top).path == f"/{top.pk}/"


def test_department_create_rejects_duplicates_and_needs_hr(org):
    with pytest.raises(ValidationError):
        services.department_create(actor=org.hr.user, name="", parent=None)
    services.department_create(actor=org.hr.user, name="Platform", parent=org.engineering)
    with pytest.raises(ValidationError):
        services.department_create(actor=org.hr.user, name="Platform", parent=org.engineering)
    with pytest.raises(PermissionDenied):
        services.department_create(actor=org.manager.user, name="Shadow IT")
    assert not Department.objects.filter(name="Shadow IT").exists()


def test_moving_a_department_moves_its_sub_departments(org):
    platform = DepartmentFactory(name="Platform", parent=org.engineering)
    infra = DepartmentFactory(name="Infra", parent=platform)
    storage = DepartmentFactory(name="Storage", parent=infra)

    services.department_update(
        actor=org.hr.user, department=platform, name="Platform", parent=org.people_dept
    )

    platform, infra, storage = fresh(platform), fresh(infra), fresh(storage)
    assert platform.parent_id == org.people_dept.pk
    assert platform.path == f"{org.people_dept.path}{platform.pk}/"
    assert infra.path == f"{platform.path}{infra.pk}/"
    assert storage.path == f"{infra.path}{storage.pk}/"
    assert fresh(org.engineering).path == org.engineering.path
    event = events("department.update", platform).get()
    assert event.before["parent"] == "Engineering" and event.after["parent"] == "People"


def test_department_rename_and_move_to_top(org):
    platform = DepartmentFactory(name="Platform", parent=org.engineering)
    services.department_update(actor=org.hr.user, department=platform, name="Core", parent=None)
    assert (fresh(platform).name, fresh(platform).path) == ("Core", f"/{platform.pk}/")


@pytest.mark.parametrize("into", ["self", "child", "grandchild"])
def test_department_cycle_is_rejected(org, into):
    child = DepartmentFactory(name="Child", parent=org.engineering)
    grandchild = DepartmentFactory(name="Grandchild", parent=child)
    parent = {"self": org.engineering, "child": child, "grandchild": grandchild}[into]
    with pytest.raises(ValidationError) as exc:
        services.department_update(
            actor=org.hr.user, department=org.engineering, name="Engineering", parent=parent
        )
    assert "parent" in exc.value.message_dict
    engineering = fresh(org.engineering)
    assert engineering.parent_id is None and engineering.path == org.engineering.path


def test_team_create(org):
    team = services.team_create(actor=org.hr.user, name=" Payments ", department=org.engineering)
    team = Team.objects.get(pk=team.pk)
    assert (team.name, team.department_id) == ("Payments", org.engineering.pk)
    assert events("team.create", team).get().after == {"name": "Payments"}
    with pytest.raises(ValidationError):
        services.team_create(actor=org.hr.user, name="Payments", department=org.engineering)
    with pytest.raises(PermissionDenied):
        services.team_create(actor=org.report.user, name="Rogue")
    assert Team.objects.count() == 1


def test_deactivating_a_manager_moves_any_number_of_reports_in_a_fixed_number_of_queries(org):
    from cadence.core.testing import assert_flat_queries
    from cadence.people.testing import make_reports

    leads = []

    def grow(n):
        lead = EmployeeFactory(manager=org.manager)
        make_reports(lead, n)
        leads.append(lead)

    def deactivate():
        return services.person_deactivate(actor=org.hr.user, person=leads[-1])

    # 10 for the move and the audit, then 3 that end their sign-ins (tokens, sessions, calendar feed).
    assert_flat_queries(deactivate, grow, queries=13, shows_rows=False)
    for lead in leads:
        for report in Employee.objects.filter(pk__in=lead.reports.values("pk")):
            assert report.manager_id == org.manager.pk
        assert not Employee.objects.filter(manager=lead).exists()
    moved = Employee.objects.filter(manager=org.manager).exclude(pk__in=[p.pk for p in leads])
    assert all(p.path == f"{org.manager.path}{p.pk}/" for p in moved)


def test_reactivating_someone_whose_manager_left_asks_for_a_new_manager(org):
    services.person_deactivate(actor=org.hr.user, person=org.report2)
    # Data from before Cadence (or the Django admin) can leave someone under an inactive manager.
    Employee.objects.filter(pk=org.report2.pk).update(manager=org.gone)
    with pytest.raises(ValidationError) as exc:
        services.person_reactivate(actor=org.hr.user, person=org.report2)
    assert "manager" in exc.value.message_dict


def test_reports_that_move_up_are_audited_with_their_new_manager(org):
    services.person_deactivate(actor=org.hr.user, person=org.manager)
    moved = events("person.update", org.report).get()
    assert moved.before == {"manager": str(org.manager)} and moved.after == {"manager": str(org.ceo)}
    services.person_deactivate(actor=org.hr.user, person=org.ceo)
    top = events("person.update", org.other).get()
    assert top.before == {"manager": str(org.ceo)} and top.after == {"manager": ""}


def test_updating_deactivating_and_reactivating_load_login_and_manager_with_the_person(
    org, django_assert_num_queries
):
    # savepoint, the person locked with login and manager, the department (audit label), full_clean's
    # department, manager, employee id and email checks, the email check on logins, the login, the
    # person, the audit event, release
    version = saved_version(org.manager)
    with django_assert_num_queries(12):
        services.person_update(
            actor=org.hr.user, person=org.manager, version=version, job_title="Head of Engineering"
        )
    # savepoint, the person locked with login and manager, the reports, their paths, their manager,
    # their audit events, the person, the login, ending sign-ins (API tokens, live sessions, calendar
    # feed), the audit event, release
    with django_assert_num_queries(13):
        services.person_deactivate(actor=org.hr.user, person=org.manager)
    # savepoint, the person locked with login and manager, the person, the login, the audit event, release
    with django_assert_num_queries(6):
        services.person_reactivate(actor=org.hr.user, person=org.manager)
