"""The API's error shape and authentication, the account page's tokens, the audit trail page and
`cadence createtoken`."""

import re

import pytest
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from ninja import NinjaAPI, Router
from ninja.errors import HttpError
from ninja.testing import TestClient

from cadence.config.cli import demo_base_url
from cadence.config.cli import main as cadence
from cadence.core.audit import audit_record
from cadence.core.errors import install_error_handlers
from cadence.core.models import ApiToken, AuditEvent, User
from cadence.core.services import api_token_create
from cadence.core.testing import assert_flat_queries, budget, client_for
from cadence.people.testing import Org


def _token_for(user: User) -> str:
    return api_token_create(actor=user, user=user, name="test")[1]


# --- The error shape --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def errors_client() -> TestClient:
    """A throwaway API with Cadence's error handlers, raising each kind of error."""
    router = Router()

    @router.get("/django-validation")
    def django_validation(request):
        raise DjangoValidationError({"name": ["Too short."], "email": ["Taken.", "Invalid."]})

    @router.get("/django-validation-plain")
    def django_validation_plain(request):
        raise DjangoValidationError("Something is off.")

    @router.get("/not-found")
    def not_found(request):
        raise Http404("No such thing.")

    @router.get("/forbidden")
    def forbidden(request):
        raise HttpError(403, "Only HR admins can change people.")

    @router.get("/overflow")
    def overflow(request):
        raise OverflowError("Python int too large to convert to SQLite INTEGER")

    @router.get("/typed")
    def typed(request, limit: int, when: str = ""):
        return {"limit": limit}

    api = NinjaAPI(urls_namespace="core-error-shape-test")
    install_error_handlers(api)
    api.add_router("/", router)
    return TestClient(api)


def test_django_validation_error_is_a_422_with_field_errors(errors_client: TestClient) -> None:
    response = errors_client.get("/django-validation")
    assert response.status_code == 422
    assert response.json() == {
        "detail": "Invalid input.",
        "errors": {"name": ["Too short."], "email": ["Taken.", "Invalid."]},
    }
    response = errors_client.get("/django-validation-plain")
    assert response.json() == {"detail": "Invalid input.", "errors": {"__all__": ["Something is off."]}}


def test_request_validation_error_names_the_field(errors_client: TestClient) -> None:
    response = errors_client.get("/typed?limit=many")
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Invalid input."
    assert list(body["errors"]) == ["limit"] and body["errors"]["limit"]
    response = errors_client.get("/typed")
    assert response.status_code == 422 and "limit" in response.json()["errors"]


def test_404_403_and_overflow_shapes(errors_client: TestClient) -> None:
    response = errors_client.get("/not-found")
    assert (response.status_code, response.json()) == (404, {"detail": "Not found.", "errors": {}})
    response = errors_client.get("/forbidden")
    assert (response.status_code, response.json()) == (
        403,
        {"detail": "Only HR admins can change people.", "errors": {}},
    )
    # A number too large for the database is bad input, not a server error.
    response = errors_client.get("/overflow")
    assert response.status_code == 422
    assert response.json() == {
        "detail": "Invalid input.",
        "errors": {"__all__": ["A number is out of range."]},
    }


def test_real_routes_use_the_shape(org: Org) -> None:
    hr = client_for(org.hr.user)
    response = hr.post("/api/v1/people", {"first_name": "Ann"}, content_type="application/json")
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Invalid input."
    assert {"employee_id", "last_name", "email"} <= set(body["errors"])
    assert all(
        isinstance(m, list) and m and all(isinstance(s, str) for s in m) for m in body["errors"].values()
    )

    response = hr.get("/api/v1/notifications?limit=0")
    assert response.status_code == 422 and "limit" in response.json()["errors"]

    response = hr.get("/api/v1/people/999999")
    assert (response.status_code, response.json()) == (404, {"detail": "Not found.", "errors": {}})


def test_anonymous_gets_401_with_the_shape(org: Org) -> None:
    for path in ("/api/v1/me", "/api/v1/people", "/api/v1/notifications"):
        response = client_for(None).get(path)
        assert response.status_code == 401
        assert response.json() == {"detail": "Authentication required.", "errors": {}}


def test_deactivated_session_is_refused(org: Org) -> None:
    client = client_for(org.report.user)
    User.objects.filter(pk=org.report.user.pk).update(is_active=False)
    assert client.get("/api/v1/me").status_code == 401


# --- /me --------------------------------------------------------------------------------------------


def test_me_with_a_bearer_token(org: Org) -> None:
    raw = _token_for(org.manager.user)
    response = client_for(None).get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    body = response.json()
    assert body["email"] == org.manager.email
    assert body["role"] == "employee" and body["is_hr"] is False and body["is_manager"] is True
    assert body["person"]["id"] == org.manager.pk


def test_me_for_hr_and_for_a_login_without_a_person(org: Org) -> None:
    body = client_for(org.hr.user).get("/api/v1/me").json()
    assert body["is_hr"] is True and body["role"] == "hr_admin" and body["is_manager"] is False
    body = client_for(org.loner).get("/api/v1/me").json()
    assert body["person"] is None and body["is_manager"] is False


# --- The account page -------------------------------------------------------------------------------


def test_account_page_shows_a_new_token_once(org: Org) -> None:
    client = client_for(org.report.user)
    response = client.post("/account/tokens/", {"name": "laptop script"})
    assert response.status_code == 302 and response["Location"] == "/account/"

    page = client.get("/account/").content.decode()
    shown = re.search(r'<code class="token" id="new-token">([^<]+)</code>', page)
    assert shown, "the new token is on the page"
    raw = shown[1]
    assert "laptop script" in page
    token = ApiToken.objects.get(user=org.report.user)
    assert token.prefix == raw[:10] and token.prefix in page

    again = client.get("/account/").content.decode()
    assert raw not in again and 'id="new-token"' not in again
    assert "laptop script" in again  # listed, by name and prefix only
    response = client_for(None).get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.json()["email"] == org.report.email


def test_account_page_refuses_a_nameless_token(org: Org) -> None:
    client = client_for(org.report.user)
    response = client.post("/account/tokens/", {"name": "  "}, follow=True)
    assert response.status_code == 200
    assert not ApiToken.objects.exists()
    assert 'id="new-token"' not in response.content.decode()
    assert any("name" in str(m) for m in response.context["messages"])


def test_account_page_revokes_own_tokens_only(org: Org) -> None:
    mine, raw = api_token_create(actor=org.report.user, user=org.report.user, name="mine")
    theirs, their_raw = api_token_create(actor=org.manager.user, user=org.manager.user, name="theirs")
    client = client_for(org.report.user)

    response = client.post(f"/account/tokens/{theirs.pk}/revoke/")
    assert response.status_code == 404
    assert ApiToken.objects.get(pk=theirs.pk).is_active

    response = client.post(f"/account/tokens/{mine.pk}/revoke/", follow=True)
    assert response.status_code == 200
    assert not ApiToken.objects.get(pk=mine.pk).is_active
    assert "revoked" in response.content.decode()
    assert client_for(None).get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    assert client_for(None).get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {their_raw}").status_code == 200


def test_account_token_forms_are_post_only(org: Org) -> None:
    token, _raw = api_token_create(actor=org.report.user, user=org.report.user, name="mine")
    client = client_for(org.report.user)
    assert client.get("/account/tokens/").status_code == 405
    assert client.get(f"/account/tokens/{token.pk}/revoke/").status_code == 405
    assert ApiToken.objects.get(pk=token.pk).is_active


# --- The audit trail page ---------------------------------------------------------------------------


def _events(org: Org) -> None:
    audit_record(
        actor=org.hr.user,
        action="person.update",
        target=org.report,
        before={"job_title": "A"},
        after={"job_title": "B"},
    )
    audit_record(actor=org.hr.user, action="person.deactivate", target=org.gone)
    audit_record(actor=None, action="person.update", target=org.other, after={"location": "Berlin"})


def test_audit_log_lists_and_filters(org: Org) -> None:
    _events(org)
    hr = client_for(org.hr.user)
    page = hr.get("/admin/audit/")
    assert page.status_code == 200
    events = list(page.context["page"])
    assert [e.action for e in events] == [
        "person.update",
        "person.deactivate",
        "person.update",
    ]  # newest first
    content = page.content.decode()
    assert "Rita Report" in content and "job_title" in content and "system" in content

    by_action = hr.get("/admin/audit/", {"action": "person.deactivate"})
    assert [e.target_label for e in by_action.context["page"]] == ["Gina Gone"]
    by_search = hr.get("/admin/audit/", {"search": "otto"})
    assert [e.target_label for e in by_search.context["page"]] == ["Otto Other"]
    by_actor = hr.get("/admin/audit/", {"search": "Hana"})
    assert {e.target_label for e in by_actor.context["page"]} == {"Rita Report", "Gina Gone"}
    nothing = hr.get("/admin/audit/", {"action": "no.such.action"})
    assert list(nothing.context["page"]) == []
    assert "No events match." in nothing.content.decode()
    assert by_action.context["filters"] == {"action": "person.deactivate", "target_type": "", "search": ""}


def test_audit_log_is_for_hr_only(org: Org) -> None:
    _events(org)
    for user in (org.manager.user, org.report.user, org.loner):
        assert client_for(user).get("/admin/audit/").status_code == 403  # a role gate
    assert client_for(None).get("/admin/audit/").status_code == 302


@budget("audit_log")
def test_audit_log_query_budget(org: Org) -> None:
    hr = client_for(org.hr.user)

    def grow(n: int) -> None:
        for i in range(n):
            audit_record(actor=org.hr.user, action="person.update", target=org.report, after={"n": i})

    # session, user, the count, the unread badge, the page
    assert_flat_queries(lambda: hr.get("/admin/audit/"), grow, queries=5)


# --- cadence createtoken ----------------------------------------------------------------------------


def test_createtoken_prints_a_working_token(org: Org, capsys: pytest.CaptureFixture[str]) -> None:
    cadence(["createtoken", org.hr.email.upper()])
    raw = capsys.readouterr().out.strip()
    assert raw.startswith("cad_")
    token = ApiToken.objects.get(user=org.hr.user)
    assert token.name == "command line" and token.prefix == raw[:10]
    response = client_for(None).get("/api/v1/people", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200 and response.json()["count"] == 8  # HR sees everyone
    assert AuditEvent.objects.filter(action="api_token.create", actor=org.hr.user).exists()


def test_createtoken_with_a_name(org: Org, capsys: pytest.CaptureFixture[str]) -> None:
    cadence(["createtoken", org.report.email, "--name", "nightly export"])
    assert capsys.readouterr().out.strip().startswith("cad_")
    assert ApiToken.objects.get(user=org.report.user).name == "nightly export"


def test_createtoken_refuses_unknown_and_inactive_people(org: Org) -> None:
    for email in ("nobody@example.com", org.gone.email):
        with pytest.raises(SystemExit) as exc:
            cadence(["createtoken", email])
        assert "No active user" in str(exc.value.code)
    assert not ApiToken.objects.exists()


def test_the_demo_links_to_where_it_is_served() -> None:
    assert demo_base_url("127.0.0.1", 8123) == "http://127.0.0.1:8123"
    assert demo_base_url("0.0.0.0", 9000) == "http://127.0.0.1:9000"
