"""The HRIS import: a dry run that plans every row, errors with row and column, all-or-nothing
writes, idempotence, stored imports and a query count that does not grow with the file. Reading the
file formats is in test_import_reading.py."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied

from cadence.core.errors import Conflict
from cadence.core.models import AuditEvent, User
from cadence.core.testing import count_queries
from cadence.people.importing import import_apply, import_store, people_import
from cadence.people.models import Department, Employee, PeopleImport, Team

HEADER = [
    "employee_id",
    "first_name",
    "last_name",
    "email",
    "job_title",
    "job_level",
    "department",
    "team",
    "location",
    "manager_email",
    "manager_employee_id",
    "start_date",
    "employment_type",
    "status",
    "gender",
    "birth_year",
]


def make_csv(rows, *, header=HEADER, delimiter=",", bom=False):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(column, "") for column in header])
    data = out.getvalue().encode()
    return (b"\xef\xbb\xbf" + data) if bom else data


def person_row(employee_id, first="New", last="Person", **values):
    return {
        "employee_id": employee_id,
        "first_name": first,
        "last_name": last,
        "email": values.pop("email", f"{employee_id.lower()}@example.com"),
        **values,
    }


def row_for(person, **overrides):
    """A row that describes `person` exactly as Cadence has them."""
    row = {
        "employee_id": person.employee_id,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "job_title": person.job_title,
        "job_level": person.job_level,
        "department": person.department.name if person.department else "",
        "team": person.team.name if person.team else "",
        "location": person.location,
        "manager_employee_id": person.manager.employee_id if person.manager else "",
        "start_date": str(person.start_date or ""),
        "employment_type": person.employment_type,
        "status": person.status,
        "gender": person.gender,
        "birth_year": str(person.birth_year or ""),
    }
    row.update(overrides)
    return row


def run(org, content, *, dry_run=True, filename="people.csv"):
    return people_import(actor=org.hr.user, content=content, filename=filename, dry_run=dry_run)


def snapshot():
    return (
        Employee.objects.count(),
        User.objects.count(),
        Department.objects.count(),
        Team.objects.count(),
        AuditEvent.objects.count(),
        dict(Employee.objects.values_list("pk", "path")),
        dict(Employee.objects.values_list("pk", "job_title")),
    )


def by_row(report):
    return {plan.row: plan for plan in report.rows}


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


# --- dry run ---------------------------------------------------------------------------------


def test_dry_run_plans_rows_and_writes_nothing(org):
    content = make_csv(
        [
            person_row("N1", "Nina", "New", manager_email=org.manager.email, department="Engineering"),
            row_for(org.report, job_title="Lead Engineer"),
            row_for(org.report2),
        ]
    )
    before = snapshot()

    report = run(org, content)

    assert snapshot() == before
    assert report.valid and not report.applied and report.dry_run
    rows = by_row(report)
    assert (rows[2].action, rows[2].employee_id, rows[2].name) == ("create", "N1", "Nina New")
    assert rows[3].action == "update"
    assert rows[3].changes == {"job_title": ["Engineer", "Lead Engineer"]}
    assert (rows[4].action, rows[4].changes) == ("unchanged", {})
    assert report.counts == {
        "create": 1,
        "update": 1,
        "deactivate": 0,
        "reactivate": 0,
        "unchanged": 1,
        "error": 0,
    }
    as_dict = report.as_dict()
    assert as_dict["valid"] is True and as_dict["errors"] == []
    assert "values" not in as_dict["rows"][0]


def test_import_needs_hr(org):
    with pytest.raises(PermissionDenied):
        people_import(actor=org.manager.user, content=make_csv([person_row("N1")]), filename="a.csv")


# --- applying --------------------------------------------------------------------------------


def test_apply_creates_people_logins_departments_teams_and_managers(org):
    content = make_csv(
        [
            # Reports come before their managers in the file.
            person_row(
                "N3",
                "Nils",
                "Third",
                manager_email="n2@example.com",
                department="Sales",
                team="Inside Sales",
                start_date="2024-02-01",
                employment_type="Part time",
                gender="woman",
                birth_year="1991",
            ),
            person_row(
                "N2", "Nadia", "Second", manager_employee_id="N1", department="sales", location="Lisbon"
            ),
            person_row(
                "N1",
                "Noah",
                "First",
                manager_employee_id=org.ceo.employee_id,
                department="engineering",
                team="Platform",
                job_title="VP Sales",
            ),
        ]
    )

    report = run(org, content, dry_run=False)

    assert report.valid and report.applied, report.errors
    assert report.counts["create"] == 3
    n1, n2, n3 = (Employee.objects.select_related("user").get(employee_id=i) for i in ("N1", "N2", "N3"))
    assert (n1.manager_id, n2.manager_id, n3.manager_id) == (org.ceo.pk, n1.pk, n2.pk)
    assert n1.path == f"{org.ceo.path}{n1.pk}/"
    assert n2.path == f"{n1.path}{n2.pk}/"
    assert n3.path == f"{n2.path}{n3.pk}/"

    for person in (n1, n2, n3):
        assert person.user.email == person.email
        assert person.user.is_active and not person.user.has_usable_password()
        assert person.status == Employee.Status.ACTIVE
    assert (n3.user.first_name, n3.user.last_name) == ("Nils", "Third")

    sales = Department.objects.get(name__iexact="sales")  # created once, matched case-insensitively
    assert sales.path == f"/{sales.pk}/"
    assert n2.department_id == n3.department_id == sales.pk
    assert n1.department_id == org.engineering.pk
    assert n3.team.name == "Inside Sales" and n3.team.department_id == sales.pk
    assert n1.team.department_id == org.engineering.pk
    assert n3.start_date == datetime.date(2024, 2, 1)
    assert n3.employment_type == Employee.EmploymentType.PART_TIME
    assert (n3.gender, n3.birth_year) == (Employee.Gender.WOMAN, 1991)
    assert n2.location == "Lisbon" and n1.job_title == "VP Sales"

    assert (
        AuditEvent.objects.filter(
            action="person.create",
            target_type="people.employee",
            target_id__in=[str(n1.pk), str(n2.pk), str(n3.pk)],
        ).count()
        == 3
    )
    assert AuditEvent.objects.filter(action="people.import", actor=org.hr.user).count() == 1


def test_importing_the_same_file_twice_changes_nothing(org):
    content = make_csv(
        [
            person_row(
                "N2",
                manager_email="n1@example.com",
                department="Sales",
                team="Inside Sales",
                start_date="01.02.2024",
                gender="Woman",
                birth_year="1991",
                employment_type="contractor",
            ),
            person_row(
                "N1", manager_employee_id=org.ceo.employee_id, department="Engineering", team="Platform"
            ),
            row_for(org.report, job_title="Lead", manager_employee_id=org.other.employee_id),
            row_for(org.gone),
        ]
    )
    first = run(org, content, dry_run=False)
    assert first.applied and first.counts["create"] == 2 and first.counts["update"] == 1
    after_first = snapshot()

    second = run(org, content, dry_run=False)

    assert second.valid
    assert [plan.action for plan in second.rows] == ["unchanged"] * 4
    assert all(plan.changes == {} for plan in second.rows)
    assert snapshot() == after_first  # includes the audit event count


def test_update_via_file_changes_title_and_re_paths_the_subtree(org):
    deeper = Employee.objects.get(pk=org.subreport.pk)
    content = make_csv(
        [
            row_for(
                org.report, job_title="Staff Engineer", manager_employee_id="", manager_email=org.other.email
            )
        ]
    )

    dry = run(org, content)
    assert dry.rows[0].action == "update"
    assert dry.rows[0].changes == {
        "job_title": ["Engineer", "Staff Engineer"],
        "manager": [org.manager.employee_id, org.other.employee_id],
    }

    report = run(org, content, dry_run=False)

    assert report.applied
    rita, sam = fresh(org.report), fresh(deeper)
    assert rita.job_title == "Staff Engineer"
    assert rita.manager_id == org.other.pk
    assert rita.path == f"{org.other.path}{rita.pk}/"
    assert sam.path == f"{rita.path}{sam.pk}/"
    assert fresh(org.report2).path == org.report2.path
    event = AuditEvent.objects.get(action="person.update", target_id=str(rita.pk))
    assert event.before["job_title"] == "Engineer" and event.after["job_title"] == "Staff Engineer"


def test_an_import_is_a_new_version_of_each_person_it_changes(org):
    run(org, make_csv([row_for(org.report, job_title="Staff Engineer")]), dry_run=False)
    assert fresh(org.report).version == org.report.version + 1  # an edit form opened before is stale
    assert fresh(org.report2).version == org.report2.version  # untouched


def test_bidi_controls_in_a_file_are_removed_from_names_and_titles(org):
    # U+202E would reverse the text after the name wherever it is shown (core.text).
    content = make_csv([row_for(org.report, first_name="Rita\u202e", job_title="\u2067Lead\u2069")])
    assert run(org, content, dry_run=False).applied
    assert (fresh(org.report).first_name, fresh(org.report).job_title) == ("Rita", "Lead")


def test_update_via_file_renames_login_email(org):
    report = run(org, make_csv([row_for(org.report2, email="Ravi.Renamed@Example.com")]), dry_run=False)
    assert report.applied and report.rows[0].action == "update"
    assert fresh(org.report2).email == "ravi.renamed@example.com"
    assert fresh(org.report2.user).email == "ravi.renamed@example.com"


def test_renaming_an_employee_id_keeps_references_to_the_old_id(org):
    """Matched by email, a row can change someone's employee ID; other rows (and people not in the
    file) that still name the old ID keep that person as their manager."""
    content = make_csv([row_for(org.manager, employee_id="M-NEW"), row_for(org.report2, job_title="Changed")])

    dry = run(org, content)
    assert dry.rows[0].changes == {"employee_id": [org.manager.employee_id, "M-NEW"]}
    assert dry.rows[1].changes == {"job_title": ["Engineer", "Changed"]}

    report = run(org, content, dry_run=False)

    assert report.applied
    assert fresh(org.manager).employee_id == "M-NEW"
    assert fresh(org.report2).manager_id == org.manager.pk
    assert fresh(org.report2).path == org.report2.path
    assert fresh(org.report).manager_id == org.manager.pk


def test_cycle_through_a_renamed_person_is_caught(org):
    content = make_csv(
        [row_for(org.manager, employee_id="M-NEW", manager_employee_id=org.subreport.employee_id)]
    )
    report = run(org, content, dry_run=False)
    assert not report.valid
    assert report.errors[0]["column"] == "manager_employee_id"
    assert fresh(org.manager).employee_id != "M-NEW"


def test_deactivate_and_reactivate_via_status_column(org):
    content = make_csv([row_for(org.report2, status="Inactive"), row_for(org.gone, status="active")])
    dry = run(org, content)
    assert [plan.action for plan in dry.rows] == ["deactivate", "reactivate"]

    report = run(org, content, dry_run=False)

    assert report.applied
    ravi, gina = fresh(org.report2), fresh(org.gone)
    assert ravi.status == Employee.Status.INACTIVE and ravi.deactivated_at is not None
    assert not fresh(ravi.user).is_active
    assert gina.status == Employee.Status.ACTIVE and gina.deactivated_at is None
    assert fresh(gina.user).is_active


def test_deactivating_a_manager_with_reports_left_behind_is_an_error(org):
    """Nobody active may end up reporting to an inactive person."""
    content = make_csv([row_for(org.report, status="inactive")])  # subreport is not in the file
    before = snapshot()
    report = run(org, content, dry_run=False)
    assert not report.valid and not report.applied
    assert report.rows[0].errors[0]["column"] == "status"
    assert snapshot() == before

    # Moving the report in the same file makes it valid.
    content = make_csv(
        [
            row_for(org.report, status="inactive"),
            row_for(org.subreport, manager_employee_id=org.manager.employee_id),
        ]
    )
    report = run(org, content, dry_run=False)
    assert report.applied, report.errors
    assert fresh(org.subreport).path == f"{org.manager.path}{org.subreport.pk}/"


# --- errors ----------------------------------------------------------------------------------


def bad_rows(org):
    """(rows, row number, column) for each kind of problem; row 2 is the first data row."""
    return {
        "missing required": ([person_row("N1", first="")], 2, "first_name"),
        "missing employee id": ([person_row("", email="x@example.com")], 2, "employee_id"),
        "bad email": ([person_row("N1", email="not-an-email")], 2, "email"),
        "duplicate email in file": (
            [person_row("N1", email="same@example.com"), person_row("N2", email="Same@example.com")],
            3,
            "email",
        ),
        "duplicate employee_id in file": (
            [person_row("N1"), person_row("N1", email="other@example.com")],
            3,
            "employee_id",
        ),
        "email of another person": ([row_for(org.report2, email=org.report.email)], 2, "email"),
        "employee_id of another person": (
            [row_for(org.report2, employee_id=org.report.employee_id)],
            2,
            "email",
        ),
        "email of a login without a person": ([person_row("N1", email="loner@example.com")], 2, "email"),
        "unknown manager email": ([person_row("N1", manager_email="nobody@example.com")], 2, "manager_email"),
        "unknown manager id": ([person_row("N1", manager_employee_id="X404")], 2, "manager_employee_id"),
        "own manager": ([person_row("N1", manager_employee_id="N1")], 2, "manager_employee_id"),
        "cycle": (
            [person_row("A", manager_employee_id="B"), person_row("B", manager_email="a@example.com")],
            2,
            "manager_employee_id",
        ),
        "cycle through cadence": (
            [row_for(org.manager, manager_employee_id=org.subreport.employee_id)],
            2,
            "manager_employee_id",
        ),
        "bad date": ([person_row("N1", start_date="31/31/2024")], 2, "start_date"),
        "bad birth year": ([person_row("N1", birth_year="85")], 2, "birth_year"),
        "birth year not a number": ([person_row("N1", birth_year="nineteen")], 2, "birth_year"),
        "bad employment type": ([person_row("N1", employment_type="freelance")], 2, "employment_type"),
        "bad status": ([person_row("N1", status="retired")], 2, "status"),
        "bad gender": ([person_row("N1", gender="robot")], 2, "gender"),
        "inactive manager": ([person_row("N1", manager_email=org.gone.email)], 2, "manager_email"),
        "manager inactive in the file": (
            [person_row("N1", manager_employee_id="N2"), person_row("N2", status="inactive")],
            2,
            "manager_employee_id",
        ),
        "too long": ([person_row("N1", job_title="x" * 151)], 2, "job_title"),
        # A valid address (validate_email allows 320 characters) longer than the column's 254.
        "email too long": (
            [person_row("N1", email="a" * 64 + "@" + "b" * 63 + ".c" * 90 + ".com")],
            2,
            "email",
        ),
    }


CASE_NAMES = [
    "missing required",
    "missing employee id",
    "bad email",
    "duplicate email in file",
    "duplicate employee_id in file",
    "email of another person",
    "employee_id of another person",
    "email of a login without a person",
    "unknown manager email",
    "unknown manager id",
    "own manager",
    "cycle",
    "cycle through cadence",
    "bad date",
    "bad birth year",
    "birth year not a number",
    "bad employment type",
    "bad status",
    "bad gender",
    "inactive manager",
    "manager inactive in the file",
    "too long",
    "email too long",
]


@pytest.mark.parametrize("case", CASE_NAMES)
def test_errors_name_row_and_column_and_nothing_is_written(org, case):
    rows, row_number, column = bad_rows(org)[case]
    # A valid row alongside: the whole file is refused, not just the bad row.
    content = make_csv([*rows, person_row("OK1", "Valid", "Row")])
    before = snapshot()

    report = run(org, content, dry_run=False)

    assert not report.valid and not report.applied
    assert {"row": row_number, "column": column} in [
        {"row": e["row"], "column": e["column"]} for e in report.errors
    ], report.errors
    assert all(e["message"] for e in report.errors)
    assert by_row(report)[row_number].action == "error"
    assert snapshot() == before
    assert not Employee.objects.filter(employee_id="OK1").exists()


def test_cycle_marks_every_row_in_it(org):
    content = make_csv(
        [
            person_row("A", manager_employee_id="B"),
            person_row("B", manager_employee_id="A"),
            person_row("C", manager_employee_id="A"),
        ]
    )
    report = run(org, content)
    rows = by_row(report)
    assert rows[2].action == rows[3].action == "error"
    assert not rows[4].errors  # C reports into the cycle but is not part of it


def test_update_to_the_email_of_a_login_without_a_person_is_an_error(org):
    content = make_csv([row_for(org.report2, email="loner@example.com")])
    before = snapshot()
    report = run(org, content, dry_run=False)
    assert not report.valid
    assert report.errors[0]["column"] == "email"
    assert snapshot() == before


# --- stored imports ----------------------------------------------------------------------------


def test_import_store_then_apply(org):
    content = make_csv([person_row("N1", manager_email=org.manager.email)])
    stored = import_store(actor=org.hr.user, content=content, filename="people.csv")
    assert PeopleImport.objects.filter(pk=stored.pk).exists()
    assert stored.report["valid"] and stored.report["counts"]["create"] == 1
    assert not Employee.objects.filter(employee_id="N1").exists()

    report = import_apply(actor=org.hr.user, stored=stored)

    assert report.applied
    assert Employee.objects.filter(employee_id="N1").exists()
    stored.refresh_from_db()
    assert stored.applied_at is not None and stored.report["applied"]
    with pytest.raises(Conflict, match="already imported"):  # a second click imports nothing twice
        import_apply(actor=org.hr.user, stored=stored)


def test_apply_of_a_file_that_went_stale_keeps_its_new_errors(org):
    content = make_csv([person_row("N1", manager_email=org.manager.email)])
    stored = import_store(actor=org.hr.user, content=content, filename="people.csv")
    Employee.objects.filter(pk=org.manager.pk).update(status=Employee.Status.INACTIVE)  # after the dry run

    report = import_apply(actor=org.hr.user, stored=stored)

    stored.refresh_from_db()
    assert not report.applied and stored.applied_at is None
    assert stored.report["counts"]["error"] == 1 and not Employee.objects.filter(employee_id="N1").exists()


# --- scale -----------------------------------------------------------------------------------


def big_file(org, n):
    rows = []
    for i in range(n):
        manager = (
            {"manager_employee_id": org.ceo.employee_id}
            if i < 10
            else {"manager_email": f"b{i // 10}@example.com"}
        )
        rows.append(
            person_row(
                f"B{i}",
                "Bulk",
                f"Person {i}",
                department=f"Dept {i % 7}",
                team=f"Team {i % 5}",
                location="Remote",
                start_date="2024-01-01",
                birth_year="1990",
                **manager,
            )
        )
    # A few existing people are updated as well.
    rows += [row_for(org.report, job_title=f"Title {n}"), row_for(org.report2)]
    return make_csv(rows)


def test_dry_run_queries_do_not_grow_with_the_file(org):
    small, large = big_file(org, 100), big_file(org, 1000)
    small_report = run(org, small)
    assert small_report.valid, small_report.errors[:3]
    assert small_report.counts["create"] == 100

    small_queries = count_queries(lambda: run(org, small))
    large_queries = count_queries(lambda: run(org, large))

    assert small_queries == large_queries
    large_report = run(org, large)
    assert large_report.valid and large_report.counts["create"] == 1000 and large_report.counts["update"] == 1
    assert large_queries <= 6


def test_columns_missing_from_the_file_keep_their_values(org):
    """A partial export (say, only titles) changes titles and nothing else: not managers, not status."""
    header = ["employee_id", "first_name", "last_name", "email", "job_title"]
    report = org.report
    row = {**row_for(report), "job_title": "Staff Engineer"}
    gone = row_for(org.gone)
    content = make_csv([row, gone], header=header)
    result = people_import(actor=org.hr.user, content=content, filename="titles.csv", dry_run=False)
    assert result.applied, result.errors
    plans = {plan.employee_id: plan for plan in result.rows}
    assert plans[report.employee_id].changes == {"job_title": ["Engineer", "Staff Engineer"]}
    assert plans[org.gone.employee_id].action == "unchanged"
    report.refresh_from_db()
    org.gone.refresh_from_db()
    assert report.job_title == "Staff Engineer"
    assert report.manager_id == org.manager.pk and report.gender == Employee.Gender.WOMAN
    assert report.birth_year == 1990 and report.department_id == org.engineering.pk
    assert org.gone.status == Employee.Status.INACTIVE
