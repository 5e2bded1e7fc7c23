"""The people API: directory, profiles, HR edits, the import, token auth and query budgets."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cadence.core.models import AuditEvent, User
from cadence.core.services import api_token_create, api_token_revoke
from cadence.core.testing import assert_flat_queries, budget, client_for, saved_version
from cadence.people.models import Employee
from cadence.people.testing import DepartmentFactory, make_reports

API = "/api/v1"


def post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def patch(client, url, data):
    return client.patch(url, json.dumps(data), content_type="application/json")


def patch_person(client, person, data):
    """A PATCH of a person from the version saved now, as a client that just read it sends."""
    return patch(client, f"{API}/people/{person.pk}", {**data, "version": saved_version(person)})


def ids(response):
    return {item["id"] for item in response.json()["items"]}


def new_person(**overrides):
    data = {"employee_id": "API-1", "first_name": "Ada", "last_name": "Api", "email": "ada@example.com"}
    data.update(overrides)
    return data


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


# --- list ------------------------------------------------------------------------------------


def test_list_shape_and_pagination(org):
    client = client_for(org.report.user)
    response = client.get(f"{API}/people")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"items", "count"}
    assert body["count"] == 7  # everyone active
    assert org.gone.pk not in ids(response)
    names = [item["last_name"] for item in body["items"]]
    assert names == sorted(names)

    first = client.get(f"{API}/people?limit=3&offset=0").json()
    second = client.get(f"{API}/people?limit=3&offset=3").json()
    assert len(first["items"]) == 3 and len(second["items"]) == 3
    assert first["count"] == second["count"] == 7
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}

    item = next(i for i in body["items"] if i["id"] == org.report.pk)
    assert item["manager"] == {"id": org.manager.pk, "full_name": "Mona Manager"}
    assert item["department"] == {"id": org.engineering.pk, "name": "Engineering"}
    assert item["full_name"] == "Rita Report"


def test_list_filters(org):
    client = client_for(org.report.user)
    assert ids(client.get(f"{API}/people?search=mona manager")) == {org.manager.pk}
    assert ids(client.get(f"{API}/people", {"search": "CEO"})) == {org.ceo.pk}
    assert ids(client.get(f"{API}/people?department={org.people_dept.pk}")) == {org.other.pk, org.hr.pk}
    assert ids(client.get(f"{API}/people?manager={org.manager.pk}")) == {org.report.pk, org.report2.pk}
    assert ids(client.get(f"{API}/people?under={org.manager.pk}")) == {
        org.report.pk,
        org.report2.pk,
        org.subreport.pk,
    }
    # A sub-department's people count towards its parent.
    platform = DepartmentFactory(name="Platform", parent=org.people_dept)
    Employee.objects.filter(pk=org.hr.pk).update(department=platform)
    assert ids(client.get(f"{API}/people?department={org.people_dept.pk}")) == {org.other.pk, org.hr.pk}


def test_list_as_hr_includes_inactive_people(org):
    client = client_for(org.hr.user)
    assert org.gone.pk in ids(client.get(f"{API}/people"))
    assert ids(client.get(f"{API}/people?status=inactive")) == {org.gone.pk}


def test_list_bad_query_is_422(org):
    response = client_for(org.report.user).get(f"{API}/people?manager=abc")
    assert response.status_code == 422
    assert "manager" in response.json()["errors"]


@budget("GET /api/v1/people")
def test_list_query_count_is_flat(org):
    client = client_for(org.report.user)

    def grow(n):
        make_reports(org.manager, n, department=org.engineering)

    def action():
        return client.get(f"{API}/people?limit=100")

    # session, user, employee, the count, the page
    assert_flat_queries(action, grow, queries=5)
    assert client.get(f"{API}/people?limit=100").json()["count"] == 57


@budget("GET /api/v1/people")
def test_list_query_count_is_flat_for_hr(org):
    client = client_for(org.hr.user)
    # session, user, the count, the page: HR without an employee record sees everyone
    assert_flat_queries(lambda: client.get(f"{API}/people"), lambda n: make_reports(org.other, n), queries=4)


# --- detail ----------------------------------------------------------------------------------


def test_detail_and_not_found(org):
    client = client_for(org.report2.user)
    response = client.get(f"{API}/people/{org.report.pk}")
    assert response.status_code == 200
    assert response.json()["email"] == org.report.email

    for pk in (org.gone.pk, 999_999):
        response = client.get(f"{API}/people/{pk}")
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found.", "errors": {}}
    assert client_for(org.hr.user).get(f"{API}/people/{org.gone.pk}").status_code == 200
    assert client_for(org.loner).get(f"{API}/people/{org.report.pk}").status_code == 404


def test_fairness_fields_only_for_hr_and_self(org):
    url = f"{API}/people/{org.report.pk}"
    for user in (org.manager.user, org.report2.user, org.ceo.user):
        body = client_for(user).get(url).json()
        assert body["gender"] is None and body["birth_year"] is None
    for user in (org.report.user, org.hr.user):
        body = client_for(user).get(url).json()
        assert body["gender"] == "woman" and body["birth_year"] == 1990
    listed = client_for(org.manager.user).get(f"{API}/people?search=rita").json()["items"][0]
    assert listed["gender"] is None and listed["birth_year"] is None


@budget("GET /api/v1/people/{person_id}")
def test_detail_query_count_is_flat(org):
    client = client_for(org.report2.user)

    def action():
        return client.get(f"{API}/people/{org.manager.pk}")

    # session, user, employee, the person with their manager, department and team: one person,
    # whatever the number of their reports
    assert_flat_queries(action, lambda n: make_reports(org.manager, n), queries=4, shows_rows=False)


# --- create ----------------------------------------------------------------------------------


def test_hr_creates_a_person(org):
    data = new_person(
        manager_id=org.manager.pk,
        department_id=org.engineering.pk,
        job_title="Analyst",
        start_date="2024-05-01",
        gender="woman",
        birth_year=1995,
        role="hr_admin",
    )
    response = post(client_for(org.hr.user), f"{API}/people", data)

    assert response.status_code == 201, response.content
    body = response.json()
    person = Employee.objects.select_related("user").get(pk=body["id"])
    assert body["manager"]["id"] == org.manager.pk and body["department"]["name"] == "Engineering"
    assert body["gender"] == "woman" and body["birth_year"] == 1995
    assert person.path == f"{org.manager.path}{person.pk}/"
    assert person.user.email == "ada@example.com" and person.user.role == User.Role.HR_ADMIN
    assert AuditEvent.objects.filter(action="person.create", target_id=str(person.pk)).exists()


def test_employee_cannot_create(org):
    response = post(client_for(org.manager.user), f"{API}/people", new_person())
    assert response.status_code == 403
    assert set(response.json()) == {"detail", "errors"}
    assert not Employee.objects.filter(employee_id="API-1").exists()


@pytest.mark.parametrize(
    ("data", "fields"),
    [
        (new_person(email="not-an-email"), {"email"}),
        ({"employee_id": "API-1"}, {"first_name", "last_name", "email"}),
        (new_person(manager_id=999_999), {"manager_id"}),
        (new_person(department_id=999_999, team_id=999_999), {"department_id", "team_id"}),
        (new_person(birth_year=1850), {"birth_year"}),
        (new_person(employment_type="freelance"), {"employment_type"}),
        (new_person(first_name=""), {"first_name"}),
        (new_person(role="overlord"), {"role"}),
    ],
    ids=[
        "bad email",
        "missing fields",
        "unknown manager",
        "unknown department and team",
        "birth year",
        "employment type",
        "empty name",
        "unknown role",
    ],
)
def test_create_invalid_input_is_422_with_field_errors(org, data, fields):
    before = Employee.objects.count(), User.objects.count()
    response = post(client_for(org.hr.user), f"{API}/people", data)

    assert response.status_code == 422, response.content
    body = response.json()
    assert body["detail"]
    assert fields <= set(body["errors"]), body
    assert all(isinstance(messages, list) and messages for messages in body["errors"].values())
    assert (Employee.objects.count(), User.objects.count()) == before


@pytest.mark.parametrize("field", ["email", "employee_id"])
def test_create_duplicate_is_422(org, field):
    value = org.report.email.upper() if field == "email" else org.report.employee_id
    response = post(client_for(org.hr.user), f"{API}/people", new_person(**{field: value}))
    assert response.status_code == 422
    assert field in response.json()["errors"]


def test_create_with_garbage_body_is_422_not_500(org):
    client = client_for(org.hr.user)
    response = client.post(f"{API}/people", "{not json", content_type="application/json")
    assert response.status_code in (400, 422)
    response = post(client, f"{API}/people", [1, 2, 3])
    assert response.status_code == 422


# --- update ----------------------------------------------------------------------------------


def test_hr_changes_manager_and_paths_follow(org):
    response = patch_person(client_for(org.hr.user), org.report, {"manager_id": org.other.pk})
    assert response.status_code == 200, response.content
    assert response.json()["manager"]["id"] == org.other.pk
    assert fresh(org.report).path == f"{org.other.path}{org.report.pk}/"
    assert fresh(org.subreport).path == f"{org.other.path}{org.report.pk}/{org.subreport.pk}/"


def test_patch_only_touches_sent_fields(org):
    response = patch_person(client_for(org.hr.user), org.report, {"job_title": "Lead"})
    assert response.status_code == 200
    report = fresh(org.report)
    assert report.job_title == "Lead"
    assert (report.manager_id, report.gender, report.birth_year) == (org.manager.pk, "woman", 1990)


def test_patch_can_move_to_the_top(org):
    response = patch_person(client_for(org.hr.user), org.report, {"manager_id": None})
    assert response.status_code == 200
    assert response.json()["manager"] is None
    assert fresh(org.report).path == f"/{org.report.pk}/"


def test_patch_status_deactivates_and_reactivates(org):
    client = client_for(org.hr.user)
    response = patch_person(client, org.manager, {"status": "inactive"})
    assert response.status_code == 200
    assert response.json()["status"] == "inactive"
    assert not fresh(org.manager.user).is_active
    assert fresh(org.report).manager_id == org.ceo.pk  # reports moved up

    response = patch_person(client, org.manager, {"status": "active"})
    assert response.status_code == 200 and response.json()["status"] == "active"
    assert fresh(org.manager.user).is_active


def test_patch_cycle_is_422(org):
    response = patch_person(client_for(org.hr.user), org.manager, {"manager_id": org.subreport.pk})
    assert response.status_code == 422
    assert response.json()["errors"]["manager"]
    assert fresh(org.manager).manager_id == org.ceo.pk


def test_patch_unknown_manager_and_duplicate_email_are_422(org):
    client = client_for(org.hr.user)
    response = patch_person(client, org.report, {"manager_id": 999_999})
    assert response.status_code == 422 and "manager_id" in response.json()["errors"]
    response = patch_person(client, org.report, {"email": org.report2.email})
    assert response.status_code == 422 and "email" in response.json()["errors"]


def test_patch_null_clears_optional_text_fields(org):
    client = client_for(org.hr.user)
    Employee.objects.filter(pk=org.report.pk).update(location="Berlin", job_level="L3")
    data = {"job_title": None, "job_level": None, "location": None, "gender": None, "birth_year": None}
    response = patch_person(client, org.report, data)
    assert response.status_code == 200, response.content
    report = fresh(org.report)
    assert (report.job_title, report.job_level, report.location, report.gender, report.birth_year) == (
        "",
        "",
        "",
        "",
        None,
    )
    # Required fields cannot be cleared.
    for field in ("first_name", "employee_id", "email", "employment_type"):
        response = patch_person(client, org.report, {field: None})
        assert response.status_code == 422, (field, response.content)


def test_inactive_manager_is_422(org):
    client = client_for(org.hr.user)
    response = post(client, f"{API}/people", new_person(manager_id=org.gone.pk))
    assert response.status_code == 422 and response.json()["errors"]["manager"]
    response = patch_person(client, org.report, {"manager_id": org.gone.pk})
    assert response.status_code == 422
    assert fresh(org.report).manager_id == org.manager.pk


def test_patch_permissions(org):
    url = f"{API}/people/{org.report.pk}"
    assert patch(client_for(org.manager.user), url, {"job_title": "x"}).status_code == 403
    assert patch(client_for(org.report.user), url, {"job_title": "x"}).status_code == 403
    assert patch_person(client_for(org.report.user), org.gone, {"job_title": "x"}).status_code == 404
    assert patch(client_for(None), url, {"job_title": "x"}).status_code == 401
    assert fresh(org.report).job_title == "Engineer"


def test_patch_deactivating_yourself_is_422(org):
    response = patch_person(client_for(org.hr.user), org.hr, {"status": "inactive"})
    assert response.status_code == 422
    assert fresh(org.hr).is_active


# --- departments and me ----------------------------------------------------------------------


def test_departments(org):
    DepartmentFactory(name="Platform", parent=org.engineering)
    response = client_for(org.report.user).get(f"{API}/departments")
    assert response.status_code == 200
    body = {d["name"]: d for d in response.json()}
    assert body["Engineering"]["headcount"] == 5
    assert body["Platform"]["parent_id"] == org.engineering.pk
    assert body["Platform"]["path"].startswith(org.engineering.path)
    assert client_for(None).get(f"{API}/departments").status_code == 401


def test_me(org):
    body = client_for(org.manager.user).get(f"{API}/me").json()
    assert body["email"] == org.manager.email
    assert body["is_manager"] is True and body["is_hr"] is False
    assert body["person"]["id"] == org.manager.pk

    body = client_for(org.hr.user).get(f"{API}/me").json()
    assert body["is_hr"] is True and body["role"] == "hr_admin"

    body = client_for(org.loner).get(f"{API}/me").json()
    assert body["person"] is None and body["is_manager"] is False
    assert client_for(None).get(f"{API}/me").status_code == 401


# --- bearer tokens ---------------------------------------------------------------------------


def test_bearer_token_auth(org):
    user = org.report.user
    token, raw = api_token_create(actor=user, user=user, name="script")
    client = client_for(None)

    response = client.get(f"{API}/me", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200
    assert response.json()["email"] == org.report.email
    assert client.get(f"{API}/people", headers={"Authorization": f"Bearer {raw}"}).status_code == 200
    assert fresh(token).last_used_at is not None

    api_token_revoke(actor=user, token=token)
    response = client.get(f"{API}/me", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 401
    assert response.json()["detail"]

    assert client.get(f"{API}/me", headers={"Authorization": "Bearer cad_garbage"}).status_code == 401
    assert client.get(f"{API}/me", headers={"Authorization": "Basic abc"}).status_code == 401
    assert client.get(f"{API}/me").status_code == 401


def test_token_of_a_deactivated_person_stops_working(org):
    user = org.report2.user
    _token, raw = api_token_create(actor=user, user=user, name="script")
    patch_person(client_for(org.hr.user), org.report2, {"status": "inactive"})
    assert client_for(None).get(f"{API}/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 401


def test_bearer_token_can_write_for_hr(org):
    user = org.hr.user
    _token, raw = api_token_create(actor=user, user=user, name="hris sync")
    response = client_for(None).post(
        f"{API}/people",
        json.dumps(new_person()),
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 201


# --- import ----------------------------------------------------------------------------------


CSV = (
    b"employee_id,first_name,last_name,email,manager_email\n"
    b"I1,Imre,Import,imre@example.com,mona-placeholder\n"
)


def import_file(org, content=None):
    content = content or CSV.replace(b"mona-placeholder", org.manager.email.encode())
    return SimpleUploadedFile("people.csv", content, content_type="text/csv")


def test_import_dry_run_by_default(org):
    response = client_for(org.hr.user).post(f"{API}/people/import", {"file": import_file(org)})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["dry_run"] is True and body["valid"] is True and body["applied"] is False
    assert body["counts"]["create"] == 1
    assert body["rows"][0]["action"] == "create" and body["rows"][0]["employee_id"] == "I1"
    assert not Employee.objects.filter(employee_id="I1").exists()


def test_import_applies_with_dry_run_false(org):
    response = client_for(org.hr.user).post(f"{API}/people/import?dry_run=false", {"file": import_file(org)})
    assert response.status_code == 200
    assert response.json()["applied"] is True
    person = Employee.objects.get(employee_id="I1")
    assert person.manager_id == org.manager.pk and person.user.email == "imre@example.com"


def test_import_invalid_file_writes_nothing(org):
    bad = b"employee_id,first_name,last_name,email\nI1,Imre,Import,nope\n"
    response = client_for(org.hr.user).post(
        f"{API}/people/import?dry_run=false", {"file": import_file(org, bad)}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["valid"] is False and body["applied"] is False
    assert body["errors"] == [{"row": 2, "column": "email", "message": body["errors"][0]["message"]}]
    assert not Employee.objects.filter(employee_id="I1").exists()

    garbage = SimpleUploadedFile("people.xlsx", b"\x00garbage" * 20)
    response = client_for(org.hr.user).post(f"{API}/people/import?dry_run=false", {"file": garbage})
    assert response.status_code == 200 and response.json()["valid"] is False


def test_import_needs_hr_and_a_file(org):
    response = client_for(org.manager.user).post(
        f"{API}/people/import?dry_run=false", {"file": import_file(org)}
    )
    assert response.status_code == 403
    assert not Employee.objects.filter(employee_id="I1").exists()
    assert client_for(None).post(f"{API}/people/import", {"file": import_file(org)}).status_code == 401
    assert client_for(org.hr.user).post(f"{API}/people/import", {}).status_code == 422
