"""No input answers 500: text the database cannot store, over-large bodies and over-long or
out-of-range form values are refused with a clear 4xx (core.middleware and the forms' limits)."""

import pytest
from django.test import override_settings
from django.urls import reverse

from cadence.core.testing import client_for
from cadence.people.models import Employee

pytestmark = pytest.mark.django_db

LONE_SURROGATE = '{"job_title": "Boss \\ud800"}'  # JSON's escape for half a surrogate pair
NUL = '{"job_title": "Boss \\u0000"}'
FORM = "application/x-www-form-urlencoded"


def _patch_person(org, body: str, content_type: str):
    return client_for(org.hr.user).generic(
        "PATCH", f"/api/v1/people/{org.report.pk}", body, content_type=content_type
    )


@pytest.mark.parametrize("body", [LONE_SURROGATE, NUL])
@pytest.mark.parametrize("content_type", ["application/json", "text/plain", FORM])
def test_unstorable_text_in_an_api_body_is_refused_whatever_the_content_type(org, body, content_type):
    # The API parses JSON whatever the header says, so the guard cannot trust the header either.
    response = _patch_person(org, body, content_type)
    assert response.status_code == 400
    assert response.json()["detail"] in {
        "Text may not contain NUL characters.",
        "Text may not contain unpaired surrogate characters.",
    }
    assert Employee.objects.get(pk=org.report.pk).job_title != "Boss"


def test_a_surrogate_pair_is_ordinary_text(org):
    response = _patch_person(org, '{"job_title": "Boss \\ud83d\\ude00"}', "application/json")
    assert response.status_code == 200
    assert Employee.objects.get(pk=org.report.pk).job_title == "Boss \U0001f600"


def test_a_lone_surrogate_in_a_json_key_is_refused(org):
    response = _patch_person(org, '{"job_title\\udfff": "Boss"}', "application/json")
    assert response.status_code == 400


def test_a_nul_in_a_query_string_is_refused(org):
    response = client_for(org.hr.user).get("/api/v1/people", {"q": "a\x00b"})
    assert response.status_code == 400
    assert response.json()["detail"] == "Text may not contain NUL characters."


def test_a_nul_in_a_form_post_is_refused_with_a_plain_400(org):
    response = client_for(org.report.user).post(reverse("feedback:praise_new"), {"message": "thanks\x00"})
    assert response.status_code == 400
    assert response.content == b"Text may not contain NUL characters."


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_an_over_large_api_body_answers_in_the_api_error_shape(org):
    response = _patch_person(org, '{"job_title": "%s"}' % ("x" * 2000), "application/json")
    assert response.status_code == 413
    assert response.json() == {"detail": "The request body is too large.", "errors": {}}


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_an_over_large_multipart_api_field_answers_in_the_api_error_shape(org):
    response = client_for(org.hr.user).post("/api/v1/people/import", {"note": "x" * 2000})
    assert response.status_code == 413
    assert response.json()["detail"] == "The request body is too large."


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_an_over_large_page_body_keeps_djangos_400(org):
    response = client_for(org.report.user).post(reverse("feedback:praise_new"), {"message": "x" * 2000})
    assert response.status_code == 400
