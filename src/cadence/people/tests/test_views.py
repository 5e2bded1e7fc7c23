"""People pages: directory, profile, org chart, HR forms, departments, the import flow and query
budgets."""

import re

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cadence.core.models import User
from cadence.core.testing import assert_flat_queries, budget, client_for
from cadence.people.models import Department, Employee, PeopleImport, Team
from cadence.people.testing import TeamFactory, make_reports

HTMX_DIRECTORY = {"HX-Request": "true", "HX-Target": "directory-results"}
HTMX = {"HX-Request": "true"}


def text(response):
    return response.content.decode()


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def field_group(html, field_id):
    """The <div class="field"> that holds the input with this id: its errors belong next to it."""
    match = re.search(
        rf'<div class="field">((?:(?!<div class="field">).)*?id="{field_id}".*?)</div>', html, re.S
    )
    assert match, f"no field {field_id}"
    return match.group(1)


# --- directory -------------------------------------------------------------------------------


def test_directory_requires_login(org):
    response = client_for(None).get(reverse("people:directory"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_directory_lists_visible_people_and_searches(org):
    client = client_for(org.report.user)
    html = text(client.get(reverse("people:directory")))
    assert "Mona Manager" in html and "Rita Report" in html
    assert "Gina Gone" not in html
    assert 'name="status"' not in html  # the status filter is for HR

    html = text(client.get(reverse("people:directory"), {"search": "rita"}))
    assert "Rita Report" in html and "Ravi Second" not in html
    assert "<html" in html


def test_directory_filters(org):
    client = client_for(org.hr.user)
    html = text(client.get(reverse("people:directory"), {"department": org.people_dept.pk}))
    assert "Otto Other" in html and "Hana Human" in html and "Rita Report" not in html

    html = text(client.get(reverse("people:directory"), {"manager": org.manager.pk}))
    assert "Mona Manager&#x27;s direct reports" in html or "Mona Manager's direct reports" in html
    assert "Rita Report" in html and "Sam Sub" not in html

    html = text(client.get(reverse("people:directory"), {"under": org.manager.pk}))
    assert "Everyone under Mona Manager" in html and "Sam Sub" in html

    html = text(client.get(reverse("people:directory"), {"status": "inactive"}))
    assert "Gina Gone" in html and "Rita Report" not in html

    html = text(client.get(reverse("people:directory"), {"department": "abc", "manager": "x"}))
    assert "Rita Report" in html  # nonsense filters are ignored, not a 500


def test_directory_location_filter_lists_each_location_once(org):
    Employee.objects.filter(pk__in=[org.report.pk, org.report2.pk, org.ceo.pk]).update(location="Berlin")
    html = text(client_for(org.report.user).get(reverse("people:directory")))
    assert html.count("<option >Berlin</option>") + html.count("<option>Berlin</option>") == 1


def test_directory_htmx_gets_the_results_partial(org):
    client = client_for(org.report.user)
    response = client.get(reverse("people:directory"), {"search": "rita"}, headers=HTMX_DIRECTORY)
    html = text(response)
    assert response.status_code == 200
    assert "<html" not in html and 'role="search"' not in html
    assert "Rita Report" in html and "Ravi Second" not in html

    # Another htmx target gets the whole page.
    html = text(client.get(reverse("people:directory"), headers={"HX-Request": "true", "HX-Target": "main"}))
    assert 'role="search"' in html


def test_directory_paginates(org):
    make_reports(org.manager, 55)
    client = client_for(org.report.user)
    first = text(client.get(reverse("people:directory")))
    assert "Page 1 of 2" in first
    second = text(client.get(reverse("people:directory"), {"page": 2}))
    assert "Page 2 of 2" in second


@budget("people:directory")
def test_directory_query_count_is_flat(org):
    client = client_for(org.report.user)
    team = TeamFactory(department=org.engineering)

    def action():
        return client.get(reverse("people:directory"))

    def grow(n):
        for i, person in enumerate(make_reports(org.manager, n, department=org.engineering, team=team)):
            Employee.objects.filter(pk=person.pk).update(location=f"City {i % 3}")

    # session, user, employee, the count, the locations, the unread badge, the departments, the page
    # (the filters grow; the team filter is a picker, so no list of every team)
    assert_flat_queries(action, grow, queries=8)


@budget("people:directory")
def test_directory_with_a_team_chosen_query_count_is_flat(org):
    """The chosen team is a chip: one query for its name, however many teams there are."""
    client = client_for(org.report.user)
    team = TeamFactory(department=org.engineering, name="Platform")

    def action():
        return client.get(reverse("people:directory"), {"team": team.pk})

    def grow(n):
        make_reports(org.manager, n, department=org.engineering, team=team)
        for _ in range(n):
            TeamFactory(department=org.engineering)

    # session, user, employee, the chosen team (the picker's chip), the count, the locations, the
    # unread badge, the departments, the page
    assert_flat_queries(action, grow, queries=9)


@budget("people:directory")
def test_directory_partial_query_count_is_flat(org):
    client = client_for(org.report.user)

    def action():
        return client.get(reverse("people:directory"), headers=HTMX_DIRECTORY)

    # session, user, employee, the count, the unread badge, the page: no filter choices in the partial
    assert_flat_queries(action, lambda n: make_reports(org.manager, n, department=org.engineering), queries=6)


# --- profile ---------------------------------------------------------------------------------


def test_profile_shows_chain_and_direct_reports(org):
    html = text(client_for(org.report2.user).get(reverse("people:profile", args=[org.manager.pk])))
    breadcrumbs = re.search(r'<ol class="breadcrumbs">(.*?)</ol>', html, re.S).group(1)
    assert reverse("people:profile", args=[org.ceo.pk]) in breadcrumbs
    assert 'aria-current="page">Mona Manager<' in breadcrumbs

    reports = re.search(r'id="reports-heading".*?</section>', html, re.S).group(0)
    assert "Rita Report" in reports and "Ravi Second" in reports and "(2)" in reports
    assert "1 report" in reports  # Rita has Sam
    assert "and 1 indirect report" in reports

    html = text(client_for(org.report2.user).get(reverse("people:profile", args=[org.subreport.pk])))
    breadcrumbs = re.search(r'<ol class="breadcrumbs">(.*?)</ol>', html, re.S).group(1)
    names = re.findall(r"<li>(?:<a[^>]*>)?([^<]+)", breadcrumbs)
    assert names == ["Cleo Chief", "Mona Manager", "Rita Report"]


def test_profile_fairness_fields_only_for_hr_and_self(org):
    url = reverse("people:profile", args=[org.report.pk])
    for user in (org.report.user, org.hr.user):
        html = text(client_for(user).get(url))
        assert "Birth year" in html and "1990" in html and "Woman" in html
    for user in (org.manager.user, org.report2.user):
        html = text(client_for(user).get(url))
        assert "Birth year" not in html and "1990" not in html and "Woman" not in html


def test_profile_actions_only_for_hr(org):
    url = reverse("people:profile", args=[org.report.pk])
    assert reverse("people:edit", args=[org.report.pk]) in text(client_for(org.hr.user).get(url))
    assert reverse("people:deactivate", args=[org.report.pk]) in text(client_for(org.hr.user).get(url))
    html = text(client_for(org.manager.user).get(url))
    assert reverse("people:edit", args=[org.report.pk]) not in html
    # HR cannot deactivate themselves, so the button is not offered on their own profile.
    own = text(client_for(org.hr.user).get(reverse("people:profile", args=[org.hr.pk])))
    assert reverse("people:deactivate", args=[org.hr.pk]) not in own


def test_profile_of_someone_out_of_sight_is_404(org):
    assert client_for(org.report.user).get(reverse("people:profile", args=[org.gone.pk])).status_code == 404
    assert client_for(org.loner).get(reverse("people:profile", args=[org.report.pk])).status_code == 404
    html = text(client_for(org.hr.user).get(reverse("people:profile", args=[org.gone.pk])))
    assert "Inactive" in html and reverse("people:reactivate", args=[org.gone.pk]) in html


@budget("people:profile")
def test_profile_query_count_is_flat(org):
    client = client_for(org.report.user)
    url = reverse("people:profile", args=[org.manager.pk])

    def action():
        return client.get(url)

    def grow(n):
        for person in make_reports(org.manager, n, department=org.engineering):
            make_reports(person, 1)

    # session, user, the viewer's and the person's records, the manager chain, the direct reports,
    # the count below them, the sections (praise received, goals), the actions (is there a running
    # 1:1 between the two) and the shell's unread count: the sections share the page's context, so
    # the shell's queries run once however many sections there are.
    assert_flat_queries(action, grow, queries=11)


# --- org chart -------------------------------------------------------------------------------


def test_org_chart_roots(org):
    html = text(client_for(org.report.user).get(reverse("people:org_chart")))
    assert "Cleo Chief" in html and "Show 2 reports" in html
    assert reverse("people:org_chart_children", args=[org.ceo.pk]) in html
    assert "Mona Manager" not in html  # levels load on demand


def test_org_chart_focus(org):
    html = text(client_for(org.report.user).get(reverse("people:org_chart"), {"focus": org.report.pk}))
    breadcrumbs = re.search(r'<ol class="breadcrumbs">(.*?)</ol>', html, re.S).group(1)
    assert re.findall(r"<li>(?:<a[^>]*>)?([^<]+)", breadcrumbs) == ["Top", "Cleo Chief", "Mona Manager"]
    assert 'aria-current="page">Rita Report<' in breadcrumbs
    assert "Sam Sub" in html
    response = client_for(org.report.user).get(reverse("people:org_chart"), {"focus": org.gone.pk})
    assert response.status_code == 404


def test_org_chart_children_partial_and_redirect(org):
    client = client_for(org.report.user)
    url = reverse("people:org_chart_children", args=[org.manager.pk])

    response = client.get(url, headers=HTMX)
    html = text(response)
    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="org-' + str(org.report.pk) + '"' in html and "Ravi Second" in html
    assert "Show 1 report" in html  # Rita's own team can be opened in turn
    assert "Cleo Chief" not in html

    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('people:org_chart')}?focus={org.manager.pk}"

    assert (
        client.get(reverse("people:org_chart_children", args=[org.gone.pk]), headers=HTMX).status_code == 404
    )


@budget("people:org_chart_children")
def test_org_chart_children_query_count_is_flat(org):
    client = client_for(org.report.user)
    url = reverse("people:org_chart_children", args=[org.manager.pk])

    def action():
        return client.get(url, headers=HTMX)

    def grow(n):
        for person in make_reports(org.manager, n, department=org.engineering):
            make_reports(person, 1)

    # session, user, employee, the person, their reports with their report counts, the unread badge
    assert_flat_queries(action, grow, queries=6)


# --- HR forms --------------------------------------------------------------------------------


def person_form_data(org, **overrides):
    data = {
        "first_name": "Fiona",
        "last_name": "Form",
        "email": "fiona@example.com",
        "employee_id": "F-1",
        "job_title": "Recruiter",
        "job_level": "",
        "department": org.people_dept.pk,
        "team": "",
        "location": "Oslo",
        "start_date": "2024-04-01",
        "employment_type": "full_time",
        "gender": "",
        "birth_year": "",
        "manager_ref": org.other.email,
        "role": "employee",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("who", ["manager", "report", "ceo"])
def test_person_forms_are_403_for_non_hr(org, who):
    client = client_for(getattr(org, who).user)
    assert client.get(reverse("people:create")).status_code == 403
    assert client.post(reverse("people:create"), person_form_data(org)).status_code == 403
    assert client.get(reverse("people:edit", args=[org.report.pk])).status_code == 403
    assert client.post(reverse("people:deactivate", args=[org.report.pk])).status_code == 403
    assert client.post(reverse("people:reactivate", args=[org.gone.pk])).status_code == 403
    assert client.get(reverse("people:departments")).status_code == 403
    assert client.get(reverse("people:import")).status_code == 403
    assert not Employee.objects.filter(employee_id="F-1").exists()
    assert fresh(org.report).is_active and not fresh(org.gone).is_active


def test_create_person(org):
    client = client_for(org.hr.user)
    assert client.get(reverse("people:create")).status_code == 200

    response = client.post(reverse("people:create"), person_form_data(org))

    person = Employee.objects.get(employee_id="F-1")
    assert response.status_code == 302
    assert response["Location"] == reverse("people:profile", args=[person.pk])
    assert person.manager_id == org.other.pk and person.path == f"{org.other.path}{person.pk}/"
    assert person.user.email == "fiona@example.com" and person.location == "Oslo"
    assert any("Fiona Form was added" in m for m in messages_of(response))


def test_create_person_by_employee_id_reference(org):
    client_for(org.hr.user).post(
        reverse("people:create"), person_form_data(org, manager_ref=org.manager.employee_id)
    )
    assert Employee.objects.get(employee_id="F-1").manager_id == org.manager.pk


@pytest.mark.parametrize(
    ("overrides", "field_id", "message"),
    [
        ({"email": "RITA-DUP"}, "id_email", "already"),
        ({"employee_id": "RITA-ID"}, "id_employee_id", "already exists"),
        ({"manager_ref": "nobody@example.com"}, "id_manager_ref", "Nobody has the email"),
        ({"manager_ref": "GONE"}, "id_manager_ref", "inactive"),
        ({"email": "not-an-email"}, "id_email", "valid email"),
        ({"first_name": ""}, "id_first_name", "required"),
    ],
    ids=[
        "duplicate email",
        "duplicate employee id",
        "unknown manager",
        "inactive manager",
        "bad email",
        "missing name",
    ],
)
def test_create_person_errors_show_next_to_the_field(org, overrides, field_id, message):
    overrides = {
        key: {"RITA-DUP": org.report.email, "RITA-ID": org.report.employee_id, "GONE": org.gone.email}.get(
            value, value
        )
        for key, value in overrides.items()
    }
    before = Employee.objects.count(), User.objects.count()

    response = client_for(org.hr.user).post(reverse("people:create"), person_form_data(org, **overrides))

    assert response.status_code == 200
    group = field_group(text(response), field_id)
    assert message in group
    assert 'aria-invalid="true"' in group
    assert (Employee.objects.count(), User.objects.count()) == before


def test_edit_person(org):
    client = client_for(org.hr.user)
    url = reverse("people:edit", args=[org.report.pk])
    html = text(client.get(url))
    assert f'value="{org.manager.email}"' in html  # manager shown as their email

    data = person_form_data(
        org,
        first_name="Rita",
        last_name="Report",
        email=org.report.email,
        employee_id=org.report.employee_id,
        job_title="Lead",
        manager_ref=org.other.email,
        department=org.engineering.pk,
        gender="woman",
        birth_year="1990",
        version=org.report.version,
    )
    response = client.post(url, data)

    assert response.status_code == 302 and response["Location"] == reverse(
        "people:profile", args=[org.report.pk]
    )
    report = fresh(org.report)
    assert report.job_title == "Lead" and report.manager_id == org.other.pk
    assert fresh(org.subreport).path == f"{org.other.path}{report.pk}/{org.subreport.pk}/"


def test_edit_person_cycle_is_a_manager_field_error(org):
    data = person_form_data(
        org,
        first_name="Mona",
        last_name="Manager",
        email=org.manager.email,
        employee_id=org.manager.employee_id,
        manager_ref=org.subreport.email,
        version=org.manager.version,
    )
    response = client_for(org.hr.user).post(reverse("people:edit", args=[org.manager.pk]), data)
    assert response.status_code == 200
    assert "cycle" in field_group(text(response), "id_manager_ref")
    assert fresh(org.manager).manager_id == org.ceo.pk


def test_edit_duplicate_email_is_a_field_error(org):
    data = person_form_data(
        org,
        first_name="Ravi",
        last_name="Second",
        email=org.report.email,
        employee_id=org.report2.employee_id,
        manager_ref=org.manager.email,
        version=org.report2.version,
    )
    response = client_for(org.hr.user).post(reverse("people:edit", args=[org.report2.pk]), data)
    assert response.status_code == 200
    assert 'aria-invalid="true"' in field_group(text(response), "id_email")
    assert fresh(org.report2).email == org.report2.email


# --- deactivate / reactivate -----------------------------------------------------------------


def test_deactivate_confirm_page_and_post(org):
    client = client_for(org.hr.user)
    url = reverse("people:deactivate", args=[org.manager.pk])
    html = text(client.get(url))
    assert "Deactivate Mona Manager?" in html
    assert "Their 2 direct reports will then report to Cleo Chief." in html
    assert fresh(org.manager).is_active  # GET changes nothing

    response = client.post(url)

    assert response.status_code == 302 and response["Location"] == reverse(
        "people:profile", args=[org.manager.pk]
    )
    assert not fresh(org.manager).is_active and not fresh(org.manager.user).is_active
    assert fresh(org.report).manager_id == org.ceo.pk
    assert any("was deactivated" in m for m in messages_of(response))


def test_deactivating_yourself_shows_an_error(org):
    response = client_for(org.hr.user).post(reverse("people:deactivate", args=[org.hr.pk]), follow=True)
    assert "You cannot deactivate yourself." in text(response)
    assert fresh(org.hr).is_active


def test_reactivate(org):
    client = client_for(org.hr.user)
    url = reverse("people:reactivate", args=[org.gone.pk])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302
    assert fresh(org.gone).is_active and fresh(org.gone.user).is_active
    assert any("is active again" in m for m in messages_of(response))


# --- departments -----------------------------------------------------------------------------


def test_departments_page_pages_and_filters_the_teams(org):
    for n in range(55):
        TeamFactory(department=org.engineering, name=f"Squad {n:02}")
    TeamFactory(department=None, name="Tiger team")
    client = client_for(org.hr.user)
    first = text(client.get(reverse("people:departments")))
    assert "Squad 00" in first and "Squad 54" not in first and "Page 1 of 2" in first
    assert "Tiger team" in text(client.get(reverse("people:departments"), {"search": "tiger"}))
    in_engineering = text(client.get(reverse("people:departments"), {"department": org.engineering.pk}))
    assert "Squad 00" in in_engineering and "Tiger team" not in in_engineering
    # A bad filter is ignored and said so, never a 500.
    response = client.get(reverse("people:departments"), {"department": "x"})
    assert response.status_code == 200 and "Ignored the filter" in text(response)


def test_departments_page_creates_department_and_team(org):
    client = client_for(org.hr.user)
    html = text(client.get(reverse("people:departments")))
    assert "Engineering" in html and "People" in html

    response = client.post(
        reverse("people:departments"),
        {"kind": "department", "d-name": "Platform", "d-parent": org.engineering.pk},
    )
    assert response.status_code == 302
    platform = Department.objects.get(name="Platform")
    assert (
        platform.parent_id == org.engineering.pk and platform.path == f"{org.engineering.path}{platform.pk}/"
    )

    response = client.post(
        reverse("people:departments"), {"kind": "team", "t-name": "Payments", "t-department": platform.pk}
    )
    assert response.status_code == 302
    assert Team.objects.get(name="Payments").department_id == platform.pk
    # The tree is drawn by depth: top-level departments flush left, sub-departments indented.
    html = client.get(reverse("people:departments")).content.decode()
    assert re.search(r'padding-left:0rem"><a [^>]*>Engineering</a>', html)
    assert re.search(r'padding-left:1rem">└ <a [^>]*>Platform</a>', html)

    # A duplicate is shown as an error on the page, not a 500.
    response = client.post(
        reverse("people:departments"),
        {"kind": "department", "d-name": "Platform", "d-parent": org.engineering.pk},
    )
    assert response.status_code == 200
    assert 'class="message error"' in text(response)
    assert Department.objects.filter(name="Platform").count() == 1

    response = client.post(reverse("people:departments"), {"kind": "team", "t-name": ""})
    assert response.status_code == 200 and Team.objects.count() == 1


# --- import ----------------------------------------------------------------------------------


def upload(name="people.csv", content=None, org=None):
    content = content or (
        b"employee_id,first_name,last_name,email,manager_email,department\n"
        b"V1,Vera,Viewer,vera@example.com,MANAGER,Sales\n"
        b"V2,Vic,Viewer,vic@example.com,vera@example.com,Sales\n"
    ).replace(b"MANAGER", org.manager.email.encode())
    return SimpleUploadedFile(name, content, content_type="text/csv")


def test_import_flow_review_apply_and_apply_twice(org):
    client = client_for(org.hr.user)
    assert client.get(reverse("people:import")).status_code == 200

    response = client.post(reverse("people:import"), {"file": upload(org=org)})

    stored = PeopleImport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "people:import_review", args=[stored.pk]
    )
    assert not Employee.objects.filter(employee_id__in=["V1", "V2"]).exists()
    html = text(client.get(response["Location"]))
    assert "Dry run: nothing has been written yet." in html
    assert "Vera Viewer" in html and "Vic Viewer" in html
    apply_url = reverse("people:import_apply", args=[stored.pk])
    assert apply_url in html

    response = client.post(apply_url)

    assert response.status_code == 302
    assert any("2 created" in m for m in messages_of(response))
    vera, vic = Employee.objects.get(employee_id="V1"), Employee.objects.get(employee_id="V2")
    assert vera.manager_id == org.manager.pk and vic.manager_id == vera.pk
    assert vic.path == f"{vera.path}{vic.pk}/" and vic.department.name == "Sales"
    stored.refresh_from_db()
    assert stored.applied_at is not None
    html = text(client.get(reverse("people:import_review", args=[stored.pk])))
    assert "Imported on" in html and apply_url not in html

    count = Employee.objects.count()
    response = client.post(apply_url, follow=True)
    assert "This file was already imported." in text(response)
    assert Employee.objects.count() == count


def test_import_with_errors_shows_them_and_cannot_be_applied(org):
    client = client_for(org.hr.user)
    content = b"employee_id,first_name,last_name,email\nV1,Vera,Viewer,not-an-email\n"
    response = client.post(reverse("people:import"), {"file": upload(content=content)}, follow=True)
    html = text(response)
    stored = PeopleImport.objects.get()
    assert "The file has errors" in html
    assert "<strong>email</strong>" in html
    assert reverse("people:import_apply", args=[stored.pk]) not in html

    client.post(reverse("people:import_apply", args=[stored.pk]))
    assert not Employee.objects.filter(employee_id="V1").exists()


def test_import_unreadable_file_and_wrong_extension(org):
    client = client_for(org.hr.user)
    response = client.post(
        reverse("people:import"), {"file": upload("people.xlsx", b"\x00garbage" * 10)}, follow=True
    )
    assert response.status_code == 200
    assert "This is not a readable XLSX file." in text(response)

    response = client.post(reverse("people:import"), {"file": upload("people.pdf", b"%PDF")})
    assert response.status_code == 200
    assert "Upload a .csv or .xlsx file." in text(response)
    assert PeopleImport.objects.count() == 1


@budget("people:import_review")
def test_import_review_query_count_is_flat(org):
    client = client_for(org.hr.user)
    rows: list[str] = []
    uploaded: list[int] = []

    def grow(n):
        start = len(rows)
        rows.extend(f"W{i},Wes,Row {i},w{i}@example.com\n" for i in range(start, start + n))
        PeopleImport.objects.all().delete()
        content = ("employee_id,first_name,last_name,email\n" + "".join(rows)).encode()
        client.post(reverse("people:import"), {"file": upload(content=content)})
        uploaded.append(PeopleImport.objects.get().pk)

    def action():
        response = client.get(reverse("people:import_review", args=[uploaded[-1]]))
        assert f"Row {len(rows) - 1}" in text(response)
        return response

    # session, user, the import with its rows, the unread badge
    assert_flat_queries(action, grow, queries=4)
