"""Core services: personal API tokens and role changes, each with its audit event."""

import hashlib
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from cadence.core.models import ApiToken, AuditEvent, User
from cadence.core.services import TOKEN_PREFIX, api_token_create, api_token_revoke, user_set_role
from cadence.core.testing import UserFactory
from cadence.people.testing import Org


def _bearer(raw: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


# --- API tokens -----------------------------------------------------------------------------------


def test_token_is_returned_once_and_only_its_hash_is_stored(org: Org) -> None:
    user = org.report.user
    token, raw = api_token_create(actor=user, user=user, name="  HRIS sync  ")

    assert raw.startswith(TOKEN_PREFIX) and len(raw) > 40
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.name == "HRIS sync"
    assert stored.prefix == raw[:10]
    assert stored.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    # The raw token is in no column of the row.
    assert raw not in {str(value) for value in ApiToken.objects.filter(pk=token.pk).values().get().values()}
    assert stored.is_active and stored.last_used_at is None
    event = AuditEvent.objects.get(action="api_token.create")
    assert event.actor == user and event.target_id == str(token.pk) and event.after == {"name": "HRIS sync"}


def test_each_token_is_different(org: Org) -> None:
    user = org.report.user
    raws = {api_token_create(actor=user, user=user, name=f"t{i}")[1] for i in range(5)}
    assert len(raws) == 5


def test_token_needs_a_name(org: Org) -> None:
    user = org.report.user
    with pytest.raises(ValidationError) as exc:
        api_token_create(actor=user, user=user, name="   ")
    assert "name" in exc.value.message_dict
    assert not ApiToken.objects.exists() and not AuditEvent.objects.exists()


def test_nobody_creates_a_token_for_someone_else(org: Org) -> None:
    with pytest.raises(PermissionDenied):
        api_token_create(actor=org.hr.user, user=org.report.user, name="sneaky")
    assert not ApiToken.objects.exists()


def test_token_authenticates_the_api_and_revoking_ends_it(org: Org) -> None:
    user = org.report.user
    token, raw = api_token_create(actor=user, user=user, name="script")
    response = _bearer(raw).get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["email"] == user.email

    revoked = api_token_revoke(actor=user, token=token)
    assert revoked.revoked_at is not None and not revoked.is_active
    assert AuditEvent.objects.filter(action="api_token.revoke", target_id=str(token.pk)).count() == 1
    response = _bearer(raw).get("/api/v1/me")
    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication required.", "errors": {}}


def test_revoking_twice_changes_nothing(org: Org) -> None:
    user = org.report.user
    token, _raw = api_token_create(actor=user, user=user, name="script")
    first = api_token_revoke(actor=user, token=token).revoked_at
    second = api_token_revoke(actor=user, token=ApiToken.objects.get(pk=token.pk)).revoked_at
    assert first == second
    assert AuditEvent.objects.filter(action="api_token.revoke").count() == 1


def test_another_users_token_cannot_be_revoked(org: Org) -> None:
    owner = org.report.user
    token, raw = api_token_create(actor=owner, user=owner, name="mine")
    for actor in (org.hr.user, org.manager.user):
        with pytest.raises(PermissionDenied):
            api_token_revoke(actor=actor, token=token)
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
    assert _bearer(raw).get("/api/v1/me").status_code == 200


def test_last_used_at_is_touched_at_most_once_a_minute(org: Org) -> None:
    user = org.report.user
    token, raw = api_token_create(actor=user, user=user, name="script")
    _bearer(raw).get("/api/v1/me")
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    assert first is not None and timezone.now() - first < timedelta(seconds=10)

    _bearer(raw).get("/api/v1/me")
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first  # within the minute: no write

    an_hour_ago = timezone.now() - timedelta(hours=1)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=an_hour_ago)
    _bearer(raw).get("/api/v1/me")
    assert ApiToken.objects.get(pk=token.pk).last_used_at > an_hour_ago + timedelta(minutes=59)


def test_tokens_of_deactivated_people_stop_working(org: Org) -> None:
    user = org.report.user
    _token, raw = api_token_create(actor=user, user=user, name="script")
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert _bearer(raw).get("/api/v1/me").status_code == 401


def test_unknown_or_malformed_tokens_are_refused(org: Org) -> None:
    for header in ("Bearer cad_made-up", "Bearer ", "Basic dXNlcjpwYXNz", "cad_without_scheme"):
        response = Client(HTTP_AUTHORIZATION=header).get("/api/v1/me")
        assert response.status_code == 401, header


# --- Roles ------------------------------------------------------------------------------------------


@pytest.fixture
def sysadmin(org: Org) -> User:
    return UserFactory(role=User.Role.SYSTEM_ADMIN, is_staff=True, is_superuser=True)


def test_hr_grants_and_removes_hr_rights_with_an_audit_event(org: Org) -> None:
    hr, target = org.hr.user, org.report.user
    user_set_role(actor=hr, user=target, role=User.Role.HR_ADMIN)
    target.refresh_from_db()
    assert target.role == User.Role.HR_ADMIN and target.is_hr
    assert not target.is_staff and not target.is_superuser
    event = AuditEvent.objects.get(action="user.role_change")
    assert event.actor == hr and event.target_type == "core.user" and event.target_id == str(target.pk)
    assert event.before == {"role": "employee"} and event.after == {"role": "hr_admin"}
    assert event.changes == [("role", "employee", "hr_admin")]

    user_set_role(actor=hr, user=target, role=User.Role.EMPLOYEE)
    target.refresh_from_db()
    assert target.role == User.Role.EMPLOYEE and not target.is_hr
    assert AuditEvent.objects.filter(action="user.role_change").count() == 2


def test_setting_the_same_role_writes_nothing(org: Org) -> None:
    user_set_role(actor=org.hr.user, user=org.report.user, role=User.Role.EMPLOYEE)
    assert not AuditEvent.objects.exists()


def test_only_hr_changes_roles(org: Org) -> None:
    for actor in (org.manager.user, org.report.user, org.loner):
        with pytest.raises(PermissionDenied):
            user_set_role(actor=actor, user=org.report2.user, role=User.Role.HR_ADMIN)
    # Not even for themselves.
    with pytest.raises(PermissionDenied):
        user_set_role(actor=org.report.user, user=org.report.user, role=User.Role.HR_ADMIN)
    org.report2.user.refresh_from_db()
    assert org.report2.user.role == User.Role.EMPLOYEE
    assert not AuditEvent.objects.exists()


def test_a_deactivated_hr_admin_changes_nothing(org: Org) -> None:
    hr = org.hr.user
    hr.is_active = False
    hr.save()
    with pytest.raises(PermissionDenied):
        user_set_role(actor=hr, user=org.report.user, role=User.Role.HR_ADMIN)


def test_hr_cannot_grant_or_remove_system_admin(org: Org, sysadmin: User) -> None:
    hr = org.hr.user
    with pytest.raises(ValidationError) as exc:
        user_set_role(actor=hr, user=org.report.user, role=User.Role.SYSTEM_ADMIN)
    assert "role" in exc.value.message_dict
    with pytest.raises(ValidationError):
        user_set_role(actor=hr, user=sysadmin, role=User.Role.EMPLOYEE)
    with pytest.raises(ValidationError):
        user_set_role(actor=hr, user=hr, role=User.Role.SYSTEM_ADMIN)
    sysadmin.refresh_from_db()
    assert sysadmin.role == User.Role.SYSTEM_ADMIN and sysadmin.is_superuser
    assert not AuditEvent.objects.exists()


def test_system_admin_grants_and_removes_system_admin(org: Org, sysadmin: User) -> None:
    target = org.hr.user
    user_set_role(actor=sysadmin, user=target, role=User.Role.SYSTEM_ADMIN)
    target.refresh_from_db()
    assert target.is_system_admin and target.is_staff and target.is_superuser

    user_set_role(actor=sysadmin, user=target, role=User.Role.HR_ADMIN)
    target.refresh_from_db()
    assert target.role == User.Role.HR_ADMIN and not target.is_staff and not target.is_superuser
    assert list(AuditEvent.objects.order_by("id").values_list("before", "after")) == [
        ({"role": "hr_admin"}, {"role": "system_admin"}),
        ({"role": "system_admin"}, {"role": "hr_admin"}),
    ]


def test_unknown_role_is_refused(org: Org) -> None:
    with pytest.raises(ValidationError) as exc:
        user_set_role(actor=org.hr.user, user=org.report.user, role="overlord")
    assert exc.value.message_dict == {"role": ["Unknown role."]}
