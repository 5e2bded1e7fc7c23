"""No input answers 500: text the database cannot store, over-large bodies and over-long or
out-of-range form values are refused with a clear 4xx (core.middleware and the forms' limits)."""

import importlib

import pytest
from django import forms
from django.forms import BaseForm
from django.test import override_settings
from django.urls import reverse

from cadence.core.forms import LoginForm
from cadence.core.testing import client_for
from cadence.feedback.models import CompanyValue, Praise
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
    response = _patch_person(org, '{"job_title": "Boss \\ud83d\\ude00", "version": 1}', "application/json")
    assert response.status_code == 200
    assert Employee.objects.get(pk=org.report.pk).job_title == "Boss \U0001f600"


def test_a_lone_surrogate_in_a_json_key_is_refused(org):
    response = _patch_person(org, '{"job_title\\udfff": "Boss"}', "application/json")
    assert response.status_code == 400


def test_json_nested_deeper_than_python_can_parse_is_refused(org):
    response = _patch_person(org, "[" * 100_000 + "]" * 100_000, "application/json")
    assert response.status_code == 400
    assert response.json()["detail"] == "The JSON document is nested too deeply."


def test_a_nul_in_a_query_string_is_refused(org):
    response = client_for(org.hr.user).get("/api/v1/people", {"q": "a\x00b"})
    assert response.status_code == 400
    assert response.json()["detail"] == "Text may not contain NUL characters."


def test_a_nul_in_a_form_post_is_refused_with_the_400_page_saying_why(org):
    response = client_for(org.report.user).post(reverse("feedback:praise_new"), {"message": "thanks\x00"})
    assert response.status_code == 400
    assert "<p>Text may not contain NUL characters.</p>" in response.content.decode()


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
def test_an_over_large_page_body_is_the_400_page(org):
    response = client_for(org.report.user).post(reverse("feedback:praise_new"), {"message": "x" * 2000})
    assert response.status_code == 400
    assert '<h1 id="error-heading">Bad request</h1>' in response.content.decode()


def _cadence_forms() -> list[type[BaseForm]]:
    modules = [importlib.import_module(f"cadence.{app}.forms") for app in APPS_WITH_FORMS]
    return [
        cls
        for module in modules
        for cls in vars(module).values()
        if isinstance(cls, type)
        and issubclass(cls, BaseForm)
        and cls.__module__ == module.__name__
        and hasattr(cls, "base_fields")  # a form, not a mixin (core.forms.VersionedForm)
        and cls is not LoginForm  # allauth's sign-in fields
    ]


APPS_WITH_FORMS = ["core", "feedback", "checkins", "goals", "meetings", "people"]


@pytest.mark.parametrize("form_class", _cadence_forms(), ids=lambda cls: f"{cls.__module__}.{cls.__name__}")
def test_every_text_field_of_a_form_has_a_length_limit(form_class):
    unbounded = [
        name
        for name, field in form_class.base_fields.items()
        if isinstance(field, forms.CharField) and field.max_length is None
    ]
    assert unbounded == []


def test_an_id_beyond_any_column_in_the_praise_form_is_a_form_error(org):
    value = CompanyValue.objects.create(name="Care")
    data = {
        "recipients": org.report2.email,
        "values": [str(value.pk), "9" * 30],  # SQLite raised OverflowError on the `in` lookup
        "message": "Thanks",
        "visibility": "public",
    }
    response = client_for(org.report.user).post(reverse("feedback:praise_new"), data)
    assert response.status_code == 200
    assert "values" in response.context["form"].errors
    assert not Praise.objects.exists()


def test_a_60k_character_value_in_the_person_form_is_a_form_error_per_field(org):
    huge = "x" * 60_000
    text_fields = [
        "first_name",
        "last_name",
        "employee_id",
        "job_title",
        "job_level",
        "location",
        "manager_ref",
    ]
    data = {name: huge for name in text_fields} | {"email": f"{huge}@example.com", "role": "employee"}
    response = client_for(org.hr.user).post(reverse("people:create"), data)
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {*text_fields, "email"}
    assert not Employee.objects.filter(first_name=huge).exists()


@pytest.mark.parametrize(
    "url",
    [
        "/goals/?cycle=²",
        "/goals/new/?parent=²",
        "/feedback/give/?to=²",
        "/one-on-ones/calendar/x.ics?series=²",
    ],
)
def test_digits_that_are_not_ascii_are_ignored_not_a_500(org, url):
    assert client_for(org.report.user).get(url).status_code in {200, 404}


def test_id_param_takes_ascii_digits_within_64_bits_only():
    from cadence.core.http import id_param

    assert [id_param(v) for v in ("42", "²", "١٢", "-1", "", None, "9" * 19)] == [
        42,
        None,
        None,
        None,
        None,
        None,
        None,
    ]
