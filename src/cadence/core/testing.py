"""Test helpers shared by every app: logins, signed-in clients and query-budget assertions. The
people factories and the `org` fixture with every role are in cadence.people.testing. Both are
loaded by the root conftest.py."""

from collections.abc import Callable
from typing import Any

import factory
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cadence.core.models import User

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings: Any) -> None:
    """For every test: the real hasher costs ~0.3 s per user, minutes across the suite."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def saved_version(obj: Any) -> int:
    """The version of a versioned object as saved now: what an editor who opens it gets."""
    return type(obj)._default_manager.values_list("version", flat=True).get(pk=obj.pk)


def form_data(*forms: Any) -> dict[str, Any]:
    """What a browser would post for these rendered forms (and formsets, with their management
    form) as they are: each field's shown value, hidden ones included."""
    data: dict[str, Any] = {}
    for form in forms:
        parts = [form.management_form, *form.forms] if hasattr(form, "management_form") else [form]
        for part in parts:
            for field in part:
                value = field.value()
                if field.widget_type == "checkbox":
                    if value:
                        data[field.html_name] = "on"
                elif isinstance(value, list | tuple):
                    data[field.html_name] = [str(item) for item in value]
                else:
                    data[field.html_name] = "" if value is None else str(value)
    return data


def count_queries(action: Callable[[], Any]) -> int:
    return _counted(action)[0]


def _counted(action: Callable[[], Any]) -> tuple[int, Any]:
    with CaptureQueriesContext(connection) as ctx:
        result = action()
    return len(ctx.captured_queries), result


# A row a page or API response shows (a name, a link, an id) is at least this many bytes long.
BYTES_PER_ROW = 20


def assert_flat_queries(
    action: Callable[[], Any], grow: Callable[[int], Any], *, queries: int, shows_rows: bool = True
) -> None:
    """`action` runs exactly `queries` queries with 5 rows and again after `grow` added 45 more.

    Unless `shows_rows=False` (a route that shows no list), what `action` returns must show the new
    rows: a response gets at least BYTES_PER_ROW longer per row, a number or a list gets larger. So a
    test whose `grow` adds nothing the route shows fails instead of proving nothing. Responses must
    be 200. Pin the exact count and name the queries in a comment next to it."""
    grow(5)
    small, small_result = _counted(action)
    grow(45)
    large, large_result = _counted(action)
    for result in (small_result, large_result):
        status = getattr(result, "status_code", 200)
        assert status == 200, f"the action answered {status}, not 200"
    assert small == large, f"query count grows with rows: {small} with 5 rows, {large} with 50"
    assert large == queries, f"{large} queries, pinned at {queries}: update the count and its comment"
    if shows_rows:
        _assert_output_grew(small_result, large_result)


def _assert_output_grew(small: Any, large: Any) -> None:
    if hasattr(small, "content"):
        grown = len(large.content) - len(small.content)
        assert grown >= 45 * BYTES_PER_ROW, (
            f"45 more rows added only {grown} bytes: the route does not show them"
        )
    else:
        size = len if hasattr(small, "__len__") else int
        assert size(large) > size(small), f"45 more rows left the result at {size(large)} (was {size(small)})"
