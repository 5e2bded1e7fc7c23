"""Test helpers shared by every app: logins, signed-in clients and query-budget assertions. The
people factories and the `org` fixture with every role are in cadence.people.testing. Both are
loaded by the root conftest.py."""

import re
from collections.abc import Callable, Iterator
from functools import partial
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
                if value is None and getattr(field.field.widget, "allow_multiple_selected", False):
                    continue  # nothing chosen: a browser sends no such field
                if hasattr(field.field, "data_for"):  # a picker: its ids and its search box
                    for suffix, values in field.field.data_for(value).items():
                        data[field.html_name + suffix] = values
                elif field.widget_type == "checkbox":
                    if value:
                        data[field.html_name] = "on"
                elif isinstance(value, list | tuple):
                    data[field.html_name] = [str(item) for item in value]
                else:
                    data[field.html_name] = "" if value is None else str(value)
    return data


def count_queries(action: Callable[[], Any]) -> int:
    return len(_captured(action)[0])


def _captured(action: Callable[[], Any]) -> tuple[list[str], Any]:
    with CaptureQueriesContext(connection) as ctx:
        result = action()
    return [query["sql"] for query in ctx.captured_queries], result


def _without_columns(sql: str) -> str:
    """`SELECT a, b, (SELECT …) AS c FROM t WHERE …` → `SELECT … FROM t WHERE …`: the columns are
    the long part, the table and the conditions are what tell the queries apart."""
    if not sql.startswith("SELECT "):
        return sql
    depth = 0
    for i, char in enumerate(sql):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0 and sql.startswith(" FROM ", i):
            return sql if i < 60 else "SELECT …" + sql[i:]  # short columns, e.g. COUNT(*), stay
    return sql


def _listed(queries: list[str]) -> str:
    """The queries one a line, without their columns and cut short, for a failure message."""
    return "\n".join(f"  {i}. {_without_columns(sql)[:200]}" for i, sql in enumerate(queries, 1))


# --- Query budgets -----------------------------------------------------------------------------------
#
# Every page, API GET and tick job has a budget test, and tests/test_budget_coverage.py fails for one
# that has none. A budget test declares what it pins with @budget(...) (or
# `pytest.param(..., marks=budget(...))`), and the declaration is checked when the test runs: each
# route or job it names must have been measured by assert_flat_queries in that test.


def budget(*covers: str) -> pytest.MarkDecorator:
    """Declares whose query budget the test pins: a page by its URL name ("goals:mine"), an API
    operation by method and path as the OpenAPI schema spells it ("GET /api/v1/goals/{goal_id}"),
    a tick job by its path in config.tick.TICK_JOBS (the test then measures that very function)."""
    return pytest.mark.budget(*covers)


_measured: set[str] = set()
_ROUTE_PARAM = re.compile(r"<(?:\w+:)?(\w+)>")


@pytest.fixture(autouse=True)
def _budget_declarations_are_measured(request: pytest.FixtureRequest) -> Iterator[None]:
    _measured.clear()
    yield
    declared = {cover for mark in request.node.iter_markers("budget") for cover in mark.args}
    if missing := sorted(declared - _measured):
        pytest.fail(f"@budget declares {missing}, but assert_flat_queries measured only {sorted(_measured)}")


def _what_was_measured(action: Callable[[], Any], result: Any) -> set[str]:
    """The names a budget declaration may use for what `action` did: for a response its URL name and
    its method and path ("GET /api/v1/goals/{goal_id}"), for a function called as such its path."""
    function = action.func if isinstance(action, partial) else action
    names = {f"{function.__module__}.{function.__qualname__}"}
    match = getattr(result, "resolver_match", None)
    if match is not None:
        method = result.request["REQUEST_METHOD"]
        names.add(match.view_name if method == "GET" else f"{method} {match.view_name}")
        path = _ROUTE_PARAM.sub(r"{\1}", match.route)
        names.add(f"{method} /{path}")
    return names


# A row a page or API response shows (a name, a link, an id) is at least this many bytes long.
BYTES_PER_ROW = 20


def assert_flat_queries(
    action: Callable[[], Any],
    grow: Callable[[int], Any],
    *,
    queries: int,
    shows_rows: bool = True,
    status: int = 200,
) -> None:
    """`action` runs exactly `queries` queries with 5 rows and again after `grow` added 45 more.

    Unless `shows_rows=False` (a route that shows no list), what `action` returns must show the new
    rows: a response gets at least BYTES_PER_ROW longer per row, a number or a list gets larger. So a
    test whose `grow` adds nothing the route shows fails instead of proving nothing. Responses must
    answer `status` (200 unless told). Pin the exact count and name the queries in a comment next to
    it, and declare what it measures with @budget."""
    grow(5)
    small, small_result = _captured(action)
    grow(45)
    large, large_result = _captured(action)
    for result in (small_result, large_result):
        answered = getattr(result, "status_code", 200)
        assert answered == status, f"the action answered {answered}, not {status}"
    assert len(small) == len(large), (
        f"query count grows with rows: {len(small)} with 5 rows, {len(large)} with 50:\n{_listed(large)}"
    )
    assert len(large) == queries, (
        f"{len(large)} queries, pinned at {queries}: update the count and its comment\n{_listed(large)}"
    )
    if shows_rows:
        _assert_output_grew(small_result, large_result)
    _measured.update(_what_was_measured(action, large_result))


def _assert_output_grew(small: Any, large: Any) -> None:
    if hasattr(small, "content"):
        grown = len(large.content) - len(small.content)
        assert grown >= 45 * BYTES_PER_ROW, (
            f"45 more rows added only {grown} bytes: the route does not show them"
        )
    else:
        size = len if hasattr(small, "__len__") else int
        assert size(large) > size(small), f"45 more rows left the result at {size(large)} (was {size(small)})"
