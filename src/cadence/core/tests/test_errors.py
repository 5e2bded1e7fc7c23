"""The error policy: PermissionDenied is 403 in the API (one handler) and 404 on Cadence's pages
(one middleware); `safe_next` only follows addresses on this site."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import resolve, reverse

from cadence.core.http import safe_next
from cadence.core.middleware import PermissionDeniedAsNotFoundMiddleware
from cadence.core.testing import client_for

pytestmark = pytest.mark.django_db


def test_api_answers_403_in_the_error_shape_when_a_service_refuses(org):
    colleague = org.report2.pk  # visible to Rita, but only HR may change people
    response = client_for(org.report.user).patch(
        f"/api/v1/people/{colleague}", {"job_title": "Boss"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "Only HR admins can change people.", "errors": {}}


def test_api_answers_403_for_a_person_less_login(org):
    response = client_for(org.loner).get("/api/v1/check-ins/questions")
    assert response.status_code == 403
    assert response.json()["detail"] == "You need an employee profile to do this."


def test_pages_answer_404_when_a_service_refuses(org):
    # The person-less login may open the praise page only with an employee record.
    response = client_for(org.loner).get(reverse("feedback:praise_new"))
    assert response.status_code == 404


def _request_for(path: str):
    request = RequestFactory().get(path)
    request.resolver_match = resolve(path)
    return request


def test_the_middleware_leaves_other_apps_alone():
    middleware = PermissionDeniedAsNotFoundMiddleware(lambda request: None)  # type: ignore[arg-type,return-value]
    assert middleware.process_exception(_request_for("/django-admin/"), PermissionDenied()) is None
    assert middleware.process_exception(_request_for(reverse("feedback:wall")), ValueError()) is None
    assert (
        middleware.process_exception(_request_for(reverse("feedback:wall")), PermissionDenied()).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("posted", "expected"),
    [
        ("/goals/7/", "/goals/7/"),
        ("/goals/?cycle=1", "/goals/?cycle=1"),
        ("", "/fallback/"),
        ("https://evil.example/x", "/fallback/"),
        ("//evil.example/x", "/fallback/"),
        ("/\\evil.example", "/fallback/"),
        ("javascript:alert(1)", "/fallback/"),
        ("http://testserver/goals/", "http://testserver/goals/"),
    ],
)
def test_safe_next_follows_only_addresses_on_this_site(posted, expected):
    request = RequestFactory().post("/", {"next": posted})
    assert safe_next(request, "/fallback/") == expected
