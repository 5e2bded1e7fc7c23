"""Signing in, out, password reset, two-factor sign-in and rate limits, through allauth's real views."""

import re

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core.cache import cache
from django.test import Client

from cadence.core.testing import PASSWORD
from cadence.people.testing import EmployeeFactory

LOGIN = "/accounts/login/"


def sign_in(client: Client, email: str, password: str = PASSWORD):
    return client.post(LOGIN, {"login": email, "password": password})


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
def test_sign_in_lands_on_home_and_sign_out_ends_the_session(client):
    person = EmployeeFactory()
    response = sign_in(client, person.email)
    assert response.status_code == 302 and response.url == "/home/"
    assert client.get("/home/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/home/").status_code == 302


@pytest.mark.django_db
def test_wrong_password_shows_an_error_and_stays_on_the_form(client):
    person = EmployeeFactory()
    response = sign_in(client, person.email, "not-the-password")
    assert response.status_code == 200
    assert b"not correct" in response.content or b"incorrect" in response.content.lower()
    assert client.get("/home/").status_code == 302


@pytest.mark.django_db
def test_inactive_people_cannot_sign_in(client):
    person = EmployeeFactory()
    person.user.is_active = False
    person.user.save()
    sign_in(client, person.email)
    assert client.get("/home/").status_code == 302


@pytest.mark.django_db
def test_failed_sign_ins_are_rate_limited(client):
    person = EmployeeFactory()
    for _ in range(5):
        sign_in(client, person.email, "wrong-password")
    # Even the right password is refused while the account is rate-limited.
    response = sign_in(client, person.email)
    assert b"Too many failed login attempts" in response.content
    assert client.get("/home/").status_code == 302


@pytest.mark.django_db
def test_nobody_can_sign_themselves_up(client):
    response = client.post(
        "/accounts/signup/", {"email": "new@example.com", "password1": "x" * 12, "password2": "x" * 12}
    )
    assert response.status_code == 200
    assert b"closed" in response.content.lower()


@pytest.mark.django_db
def test_password_reset_sends_a_working_link(client, mailoutbox):
    person = EmployeeFactory()
    client.post("/accounts/password/reset/", {"email": person.email})
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [person.email]
    link = re.search(r"http://\S+/accounts/password/reset/key/\S+", mailoutbox[0].body).group(0)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    new_password = "a-brand-new-passphrase"
    response = client.post(form.redirect_chain[-1][0], {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    client.logout()
    assert sign_in(client, person.email, new_password).status_code == 302


def _current_code(secret: str) -> str:
    counter = next(yield_hotp_counters_from_time())
    return f"{hotp_value(secret, counter):06d}"


@pytest.mark.django_db
def test_two_factor_sign_in_asks_for_the_authenticator_code(client):
    person = EmployeeFactory()
    secret = generate_totp_secret()
    TOTP.activate(person.user, secret)
    response = sign_in(client, person.email)
    assert response.status_code == 302 and "/accounts/2fa/authenticate/" in response.url
    assert client.get("/home/").status_code == 302, "the password alone must not sign in"
    assert client.post(response.url, {"code": "000000"}).status_code == 200
    done = client.post(response.url, {"code": _current_code(secret)})
    assert done.status_code == 302
    assert client.get("/home/").status_code == 200


def _staff_with_totp() -> tuple[object, str]:
    person = EmployeeFactory()
    person.user.is_staff = person.user.is_superuser = True
    person.user.save()
    secret = generate_totp_secret()
    TOTP.activate(person.user, secret)
    return person, secret


@pytest.mark.django_db
def test_the_django_admin_signs_in_through_allauth_with_two_factor(client):
    person, secret = _staff_with_totp()
    page = client.get("/django-admin/login/?next=/django-admin/")
    assert page.status_code == 302 and page.url.startswith(LOGIN)
    # Posting a password to the admin's own login form is no second way in (no MFA, no rate limit there).
    client.post("/django-admin/login/?next=/django-admin/", {"username": person.email, "password": PASSWORD})
    assert client.get("/django-admin/").status_code == 302
    assert client.get("/home/").status_code == 302
    step = sign_in(client, person.email)
    assert "/accounts/2fa/authenticate/" in step.url
    assert client.get("/django-admin/").status_code == 302, "the password alone must not open the admin"
    client.post(step.url, {"code": _current_code(secret)})
    assert client.get("/django-admin/").status_code == 200


@pytest.mark.django_db
def test_people_cannot_manage_their_own_email_addresses(client):
    person = EmployeeFactory()
    client.force_login(person.user)
    assert client.get("/accounts/email/").status_code == 404
    assert client.post("/accounts/email/", {"email": "ceo@example.com", "action_add": ""}).status_code == 404
    assert person.user.emailaddress_set.filter(email="ceo@example.com").exists() is False


@pytest.mark.django_db
def test_a_reset_for_an_unknown_address_sends_no_sign_up_link(client, mailoutbox):
    client.post("/accounts/password/reset/", {"email": "nobody@example.com"})
    assert mailoutbox == []


@pytest.mark.django_db
def test_failed_sign_ins_count_per_account_whatever_the_host_header(client):
    person = EmployeeFactory()
    for port in range(1, 6):
        client.post(LOGIN, {"login": person.email, "password": "wrong"}, HTTP_HOST=f"testserver:{port}")
    response = client.post(LOGIN, {"login": person.email, "password": PASSWORD}, HTTP_HOST="testserver:9")
    assert b"Too many failed login attempts" in response.content


@pytest.mark.django_db
def test_rate_limits_live_in_a_store_every_server_process_shares(settings):
    assert settings.CACHES["default"]["BACKEND"] != "django.core.cache.backends.locmem.LocMemCache"


@pytest.mark.django_db
def test_behind_a_trusted_proxy_one_client_cannot_lock_everybody_out(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    attacker = {"HTTP_X_FORWARDED_FOR": "203.0.113.7", "REMOTE_ADDR": "127.0.0.1"}
    for n in range(12):
        client.post(LOGIN, {"login": f"guess{n}@example.com", "password": "x"}, **attacker)
    colleague = EmployeeFactory()
    other = Client(HTTP_X_FORWARDED_FOR="198.51.100.2", REMOTE_ADDR="127.0.0.1")
    assert sign_in(other, colleague.email).status_code == 302
    blocked = client.post(LOGIN, {"login": colleague.email, "password": PASSWORD}, **attacker)
    assert blocked.status_code == 429 or b"Too many" in blocked.content


@pytest.mark.django_db
def test_sign_in_works_with_redis_as_the_cache(client, settings):
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), 1).close()
    except OSError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/9",
        }
    }
    cache.clear()
    person = EmployeeFactory()
    assert sign_in(client, person.email).status_code == 302
