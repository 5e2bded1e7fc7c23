"""Error pages render inside the app shell (400, 403, 404, 500 and a CSRF failure), in English and
German, with a way back; the API keeps its JSON error shape; the 500 page needs neither the database
nor the request. DEBUG is off, as in production (Django shows its debug pages otherwise)."""

import pytest
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from cadence.core import error_views
from cadence.core.testing import client_for

pytestmark = [pytest.mark.urls("cadence.core.tests.error_urls"), pytest.mark.django_db]

SHELL = '<link rel="stylesheet" href="/static/cadence/app.css">'
HOME_LINK = '<a class="button" href="/home/">'


def _assert_error_page(response, status: int, heading: str) -> str:
    html = response.content.decode()
    assert response.status_code == status
    assert SHELL in html
    assert f'<h1 id="error-heading">{heading}</h1>' in html
    assert HOME_LINK in html
    return html


@override_settings(DEBUG=False)
def test_a_missing_page_is_the_404_page_with_the_navigation_for_someone_signed_in(org):
    html = _assert_error_page(client_for(org.report.user).get("/no-such-page/"), 404, "Page not found")
    assert 'aria-label="Main"' in html
    assert "is not open to you" in html


@override_settings(DEBUG=False)
def test_a_hidden_object_is_the_same_404_page(org):
    # Someone who left is seen by HR only: for anyone else their profile is not there.
    gone = client_for(org.report.user).get(reverse("people:profile", args=[org.gone.pk]))
    _assert_error_page(gone, 404, "Page not found")


@override_settings(DEBUG=False)
def test_a_page_for_another_role_is_the_403_page_with_its_reason(org):
    html = _assert_error_page(client_for(org.report.user).get(reverse("audit_log")), 403, "Not allowed")
    assert "This page is for HR admins." in html


@override_settings(DEBUG=False)
def test_the_404_page_offers_back_to_a_page_on_this_site_only(org):
    client = client_for(org.report.user)
    came_from = client.get("/no-such-page/", HTTP_REFERER="http://testserver/goals/")
    back = '<a class="button secondary" href="http://testserver/goals/">Back</a>'
    assert back in came_from.content.decode()
    elsewhere = client.get("/no-such-page/", HTTP_REFERER="https://evil.example/")
    assert "evil.example" not in elsewhere.content.decode()
    anonymous = Client().get("/no-such-page/", HTTP_REFERER="http://testserver/goals/")
    html = _assert_error_page(anonymous, 404, "Page not found")
    assert ">Back</a>" not in html and 'aria-label="Main"' not in html


@override_settings(DEBUG=False)
def test_the_404_page_speaks_german(org):
    response = Client().get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="de")
    html = _assert_error_page(response, 404, "Seite nicht gefunden")
    assert '<html lang="de">' in html
    assert "Zur Startseite" in html


@override_settings(DEBUG=False)
def test_the_django_admin_refuses_a_non_staff_person_with_the_403_page(org):
    response = client_for(org.hr.user).get("/django-admin/", follow=True)
    _assert_error_page(response, 403, "Not allowed")


@override_settings(DEBUG=False)
def test_a_suspicious_request_is_the_400_page(org):
    _assert_error_page(client_for(org.report.user).get("/test-errors/suspicious/"), 400, "Bad request")


@override_settings(DEBUG=False)
def test_text_the_database_cannot_store_is_the_400_page_saying_why(org):
    response = client_for(org.report.user).post(reverse("feedback:praise_new"), {"message": "thanks\x00"})
    html = _assert_error_page(response, 400, "Bad request")
    assert "Text may not contain NUL characters." in html


@override_settings(DEBUG=False)
def test_an_expired_form_is_the_csrf_page_that_says_to_reload(org):
    client = Client(enforce_csrf_checks=True)
    client.force_login(org.report.user)
    response = client.post(reverse("account_language"), {"language": "de"})
    html = _assert_error_page(response, 403, "The form has expired")
    assert "Reload the page and send the form again." in html


@override_settings(DEBUG=False)
def test_a_view_that_raises_is_the_500_page_in_the_shell(org):
    client = client_for(org.report.user)
    client.raise_request_exception = False
    _assert_error_page(client.get("/test-errors/broken/"), 500, "Something went wrong")
    german = client.get("/test-errors/broken/", HTTP_ACCEPT_LANGUAGE="de")
    _assert_error_page(german, 500, "Etwas ist schiefgelaufen")


@override_settings(DEBUG=False)
def test_the_api_answers_its_error_shape_for_a_500_and_an_expired_token(org):
    client = client_for(org.report.user)
    client.raise_request_exception = False
    response = client.get("/api/v1/test-errors/broken/")
    assert (response.status_code, response.json()) == (500, {"detail": "Server error.", "errors": {}})
    request = RequestFactory().post("/api/v1/goals")
    assert error_views.csrf_failure(request).status_code == 403


@pytest.mark.django_db(databases=[])
def test_the_500_page_renders_without_the_database_or_the_request():
    # No database is allowed in this test: a query from the template, a context processor or the
    # session would fail it. The request is not passed to the template at all.
    response = error_views.server_error(RequestFactory().get("/goals/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert SHELL in html and HOME_LINK in html
    assert '<h1 id="error-heading">Something went wrong</h1>' in html
    assert 'aria-label="Main"' not in html  # nobody is known to be signed in
