"""Only a system admin changes a system admin's sign-in, and people who leave lose every way in.

Reproduces the takeover: HR pointed a system admin's email at their own mailbox through the API,
then reset the password and signed into the Django admin."""

import json

import pytest
from django.core.exceptions import ValidationError

from cadence.core.models import ApiToken, User
from cadence.core.services import api_token_create
from cadence.core.testing import client_for, saved_version
from cadence.meetings.calendar_feed import calendar_feed_regenerate
from cadence.meetings.models import CalendarFeed
from cadence.people import services
from cadence.people.importing import people_import
from cadence.people.models import Employee
from cadence.people.testing import EmployeeFactory
from cadence.people.tests.test_importing import make_csv, row_for


@pytest.fixture
def admin_person(org):
    person = EmployeeFactory(first_name="Sys", last_name="Admin", manager=org.other)
    admin_rights = {"role": User.Role.SYSTEM_ADMIN, "is_staff": True, "is_superuser": True}
    User.objects.filter(pk=person.user_id).update(**admin_rights)
    return Employee.objects.select_related("user").get(pk=person.pk)


@pytest.fixture
def system_admin(org):
    return User.objects.create_superuser("root@example.com", "x")


def test_hr_cannot_point_a_system_admins_email_elsewhere_through_the_api(org, admin_person):
    response = client_for(org.hr.user).patch(
        f"/api/v1/people/{admin_person.pk}",
        json.dumps({"email": "hana.mailbox@example.com", "version": admin_person.version}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "system admin" in response.json()["errors"]["email"][0]
    assert User.objects.get(pk=admin_person.user_id).email == admin_person.email


def test_hr_still_edits_other_fields_of_a_system_admin_and_a_system_admin_changes_the_email(
    org, admin_person, system_admin
):
    services.person_update(
        actor=org.hr.user, person=admin_person, version=saved_version(admin_person), job_title="Platform"
    )
    services.person_update(
        actor=system_admin,
        person=admin_person,
        version=saved_version(admin_person),
        email="new.admin@example.com",
    )
    assert User.objects.get(pk=admin_person.user_id).email == "new.admin@example.com"


def test_the_form_does_not_let_hr_change_a_system_admins_email_or_role(org, admin_person):
    client = client_for(org.hr.user)
    form = client.get(f"/people/{admin_person.pk}/edit/").context["form"]
    assert form.fields["email"].disabled and form.fields["role"].disabled
    data = {key: ("" if value is None else value) for key, value in form.initial.items()}
    posted = {**data, "email": "hana.mailbox@example.com", "role": User.Role.HR_ADMIN, "job_title": "Ops"}
    assert client.post(f"/people/{admin_person.pk}/edit/", posted).status_code == 302
    user = User.objects.get(pk=admin_person.user_id)
    assert (user.email, user.role) == (admin_person.email, User.Role.SYSTEM_ADMIN)
    assert Employee.objects.get(pk=admin_person.pk).job_title == "Ops", "other fields stay editable"


def test_hr_cannot_deactivate_or_reactivate_a_system_admin(org, admin_person, system_admin):
    with pytest.raises(ValidationError) as exc:
        services.person_deactivate(actor=org.hr.user, person=admin_person)
    assert "status" in exc.value.message_dict
    assert User.objects.get(pk=admin_person.user_id).is_active
    services.person_deactivate(actor=system_admin, person=admin_person)
    with pytest.raises(ValidationError):
        services.person_reactivate(actor=org.hr.user, person=admin_person)


def test_the_import_applies_the_same_rule(org, admin_person, system_admin):
    content = make_csv(
        [row_for(admin_person, email="hana.mailbox@example.com"), row_for(org.report2, job_title="Kept")]
    )
    report = people_import(actor=org.hr.user, content=content, filename="p.csv", dry_run=False)
    assert not report.applied
    assert [e["column"] for e in report.errors] == ["email"]
    assert User.objects.get(pk=admin_person.user_id).email == admin_person.email
    deactivate = make_csv([row_for(admin_person, status="inactive")])
    assert not people_import(actor=org.hr.user, content=deactivate, filename="p.csv", dry_run=False).applied
    assert people_import(actor=system_admin, content=content, filename="p.csv", dry_run=False).applied


def _signed_in_everywhere(person):
    client = client_for(person.user)
    _token, raw = api_token_create(actor=person.user, user=person.user, name="script")
    feed = calendar_feed_regenerate(actor=person.user)
    assert client.get("/home/").status_code == 200
    return client, raw, feed


def _locked_out(person, client, raw, feed):
    assert client.get("/home/").status_code == 302, "the old session must not come back"
    api = client_for(None).get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.status_code == 401
    assert client_for(None).get(f"/one-on-ones/calendar/{feed}.ics").status_code == 404
    assert not ApiToken.objects.filter(user=person.user, revoked_at__isnull=True).exists()
    assert not CalendarFeed.objects.filter(user=person.user).exists()


def test_leaving_ends_sessions_tokens_and_feeds_for_good(org):
    person = org.report2
    client, raw, feed = _signed_in_everywhere(person)
    other_client = client_for(org.report.user)
    services.person_deactivate(actor=org.hr.user, person=person)
    services.person_reactivate(actor=org.hr.user, person=person)
    _locked_out(person, client, raw, feed)
    assert other_client.get("/home/").status_code == 200, "other people stay signed in"


def test_leaving_through_the_import_ends_sign_ins_too(org):
    person = org.report2
    client, raw, feed = _signed_in_everywhere(person)
    content = make_csv([row_for(person, status="inactive")])
    assert people_import(actor=org.hr.user, content=content, filename="p.csv", dry_run=False).applied
    services.person_reactivate(actor=org.hr.user, person=Employee.objects.get(pk=person.pk))
    _locked_out(person, client, raw, feed)
