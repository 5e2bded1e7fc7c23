"""Two HR admins editing one person (#8 item 3): neither silently overwrites the other, in the form,
the API and against an import applied meanwhile."""

import json

import pytest
from django.urls import reverse

from cadence.core.errors import Conflict
from cadence.core.models import User
from cadence.core.testing import client_for, form_data
from cadence.people import services
from cadence.people.models import Employee

pytestmark = pytest.mark.django_db


def _saved(person: Employee) -> Employee:
    return Employee.objects.get(pk=person.pk)


def _opened(client, person):
    page = client.get(reverse("people:edit", args=[person.pk]))
    return form_data(page.context["form"])


def test_a_stale_person_form_keeps_what_was_typed_and_shows_the_other_change(org):
    client = client_for(org.hr.user)
    data = _opened(client, org.report2)
    services.person_update(actor=org.hr.user, person=org.report2, version=1, job_title="Staff Engineer")
    data.update(location="Lisbon")
    page = client.post(reverse("people:edit", args=[org.report2.pk]), data)
    html = page.content.decode()
    assert page.status_code == 200 and "Someone else saved this while you were editing it" in html
    assert _saved(org.report2).location != "Lisbon"  # nothing of the stale save was written
    form = page.context["form"]
    assert form["location"].value() == "Lisbon" and "job_title" in form.changed_meanwhile
    again = client.post(reverse("people:edit", args=[org.report2.pk]), form_data(form))
    assert again.status_code == 302
    saved = _saved(org.report2)
    assert (saved.location, saved.job_title, saved.version) == ("Lisbon", "Staff Engineer", 3)


def _patch(client, person, body, **headers):
    url = f"/api/v1/people/{person.pk}"
    return client.patch(url, json.dumps(body), content_type="application/json", headers=headers)


def test_the_api_refuses_a_stale_patch_with_409_and_the_current_values(org):
    hr = client_for(org.hr.user)
    read = hr.get(f"/api/v1/people/{org.report2.pk}")
    assert read.json()["version"] == 1 and read["ETag"] == '"1"'
    assert _patch(hr, org.report2, {"job_title": "Lead", "version": 1}).status_code == 200
    stale = _patch(hr, org.report2, {"location": "Oslo"}, if_match='"1"')
    assert stale.status_code == 409, stale.content
    assert stale.json()["current"]["job_title"] == "Lead" and stale.json()["version"] == 2
    assert _saved(org.report2).location != "Oslo"
    missing = _patch(hr, org.report2, {"location": "Oslo"})
    assert missing.status_code == 422 and "version" in missing.json()["errors"]


def test_a_new_role_alone_is_a_new_version(org):
    services.person_update(actor=org.hr.user, person=org.report2, version=1, role=User.Role.HR_ADMIN)
    assert _saved(org.report2).version == 2
    services.person_update(actor=org.hr.user, person=org.report2, version=2, role=User.Role.HR_ADMIN)
    assert _saved(org.report2).version == 2  # the same role again changes nothing


def test_deactivating_someone_makes_open_edit_forms_stale(org):
    services.person_deactivate(actor=org.hr.user, person=org.report2)
    with pytest.raises(Conflict):
        services.person_update(actor=org.hr.user, person=org.report2, version=1, job_title="Late edit")
