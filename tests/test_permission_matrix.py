"""The generic permission test: every page and every API route, as every role, on real objects.

Routes are discovered, not listed: the URL resolver gives the pages and the NinjaAPI's OpenAPI schema
gives the API, so a route another module adds tomorrow fails `test_every_route_has_an_expectation`
until it has an entry in permission_expect.py, and `test_every_parameter_reaches_a_real_object` until
the world (permission_world.py) holds an object for each of its path parameters.

The reads (GET) check the status per role and target, that a reader sees the object's content and
that no role ever sees content it may not read, on any page or route. The writes (writes test
module) check that a refused write changes nothing in the database."""

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.forms import BaseForm, BaseFormSet
from django.test import Client
from django.urls import reverse

from cadence.config.routes import Route, discover_api, discover_pages
from cadence.core.testing import form_data
from permission_expect import (
    EXPECT_API,
    EXPECT_PAGES,
    FORM_SUBMITS,
    HTMX_VARIANTS,
    INVALID,
    KNOWN_BUGS,
    NOOP,
    PUBLIC_PAGES,
    REFUSED,
    SIGN_IN_FIRST,
    TOKEN_PAGES,
    UPLOADS,
    WRITES,
    WRITES_API,
    WRITES_PAGES,
    Expect,
    Rule,
    Write,
    targets_for,
)
from permission_world import MISSING, READERS, ROLES, SECRETS, SIGNED_IN, World

pytestmark = pytest.mark.django_db

# --- Discovery (cadence.config.routes) -------------------------------------------------------------

PAGES = discover_pages()
API_ROUTES = discover_api()
API_GET = [r for r in API_ROUTES if r.method == "GET"]

# --- Filling path parameters ----------------------------------------------------------------------


def fillings(route: Route) -> Iterator[tuple[str, dict[str, Any]]]:
    """(target label, parameter values): each parameter's targets in turn, the others at their first."""
    if not route.params:
        yield "", {}
        return
    options = {param: targets_for(route.name, param) for param in route.params}
    first = {param: keys[0] for param, keys in options.items()}
    for param, keys in options.items():
        for key in keys:
            yield key, {**first, param: key}


def url_for(route: Route, world: World, values: dict[str, str]) -> str:
    def value(key: str) -> str:
        return key.removeprefix("literal:") if key.startswith("literal:") else str(world.id_of(key))

    return route.url({param: value(key) for param, key in values.items()})


# --- Reads ----------------------------------------------------------------------------------------


def _text(response: Any) -> str:
    """The body as text; a binary download (XLSX) is compressed, its CSV twin is what shows leaks."""
    return response.content.decode(errors="replace")


def _visible_secrets(role: str) -> set[str]:
    return {key for key, readers in READERS.items() if role in readers}


def _content_problems(where: str, role: str, content: str, must_show: tuple[str, ...]) -> list[str]:
    """A 200 shows the content the role may read that the route is about, and nothing it may not."""
    visible = _visible_secrets(role)
    leaks = [
        f"{where}: shows {key} ({SECRETS[key]!r})"
        for key in SECRETS
        if key not in visible and SECRETS[key] in content
    ]
    missing = [
        f"{where}: does not show {key}" for key in must_show if key in visible and SECRETS[key] not in content
    ]
    return leaks + missing


def _missing_status(rule: Rule, role: str) -> int:
    """With a made-up id: 404, unless the route answers before it looks (405 to a GET, a role
    gate's 403, which tells nothing of the id, a redirect that every role gets)."""
    if rule[role] in {403, 405} or set(rule.values()) == {302}:
        return rule[role]
    return 404


def _walk_route(
    world: World, route: Route, expect: Expect, headers: dict[str, str] | None = None
) -> list[str]:
    problems: list[str] = []
    for target, values in fillings(route):
        rule = expect.rule_for(target or "")
        shows = expect.shows_for(target)
        url = url_for(route, world, values)
        missing_url = url_for(
            route, world, {**values, **{p: "missing" for p, key in values.items() if key == target}}
        )
        for role in SIGNED_IN:
            client = world.clients[role]
            response = client.get(url, **(headers or {}))
            where = f"{role} GET {url} ({target or 'no params'})"
            if response.status_code != rule[role]:
                problems.append(f"{where}: {response.status_code}, expected {rule[role]}")
            elif response.status_code == 200:
                problems.extend(_content_problems(where, role, _text(response), shows))
            if target:
                status = client.get(missing_url, **(headers or {})).status_code
                wanted = _missing_status(rule, role)
                if status != wanted:
                    problems.append(f"{role} GET {missing_url} (missing): {status}, expected {wanted}")
    return problems


def _anonymous_problems(world: World, route: Route) -> list[str]:
    anonymous = Client()
    problems = []
    for target, values in fillings(route):
        url = url_for(route, world, values)
        response = anonymous.get(url)
        status, location = response.status_code, response.get("Location", "")
        if route.is_api:
            ok = status == 401 and response.json() == {"detail": "Authentication required.", "errors": {}}
        elif route.name in PUBLIC_PAGES or route.name in TOKEN_PAGES:
            ok = status == {**PUBLIC_PAGES, **TOKEN_PAGES}[route.name]
        else:
            ok = status == 302 and location.startswith(reverse("account_login"))
        if ok and status == 200:
            problems.extend(_content_problems(f"anonymous GET {url}", "anonymous", _text(response), ()))
        elif not ok:
            problems.append(f"anonymous GET {url} ({target or 'no params'}): {status} {location!r}")
    return problems


def _params(routes: list[Route], known_bugs: dict[str, str] | None = None) -> list:
    bugs = known_bugs or {}
    return [
        pytest.param(route, id=route.name, marks=[pytest.mark.xfail(strict=True, reason=bugs[route.name])])
        if route.name in bugs
        else pytest.param(route, id=route.name)
        for route in routes
    ]


# (Not named `page`: pytest-playwright treats a test argument called `page` as its browser page.)
@pytest.mark.parametrize("route", _params(PAGES))
def test_page_reads(world: World, route: Route) -> None:
    problems = _anonymous_problems(world, route) + _walk_route(world, route, EXPECT_PAGES[route.name])
    if route.name in HTMX_VARIANTS:
        headers, expect = HTMX_VARIANTS[route.name]
        problems += [f"(htmx) {problem}" for problem in _walk_route(world, route, expect, headers)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("route", _params(API_GET))
def test_api_reads(world: World, route: Route) -> None:
    problems = _anonymous_problems(world, route) + _walk_route(world, route, EXPECT_API[route.name])
    assert not problems, "\n".join(problems)


# --- Writes ---------------------------------------------------------------------------------------

API_WRITES = [r for r in API_ROUTES if r.method != "GET"]
# Rows that change on any request, whoever makes it.
VOLATILE_TABLES = {"django_session"}


def database_state() -> dict[str, list[tuple]]:
    """Every row of every table (the world is small): what a refused write must leave alone."""
    return {
        model._meta.db_table: list(model._default_manager.order_by("pk").values_list())
        for model in apps.get_models()
        if not model._meta.proxy and model._meta.db_table not in VOLATILE_TABLES
    }


def _changed(before: dict[str, list[tuple]], after: dict[str, list[tuple]]) -> list[str]:
    return [table for table in before if before[table] != after[table]]


def _send(world: World, route: Route, role: str, spec: Write, values: dict[str, str]) -> tuple[str, Any]:
    url = url_for(route, world, values)
    client = world.clients[role]
    if route.name in UPLOADS:
        url += "?dry_run=false"
        upload = SimpleUploadedFile(
            "people.csv", b"employee_id,first_name,last_name,email\nX2,Bo,New,bo@example.com\n"
        )
        return url, client.post(url, {"file": upload})
    if not route.is_api:  # a page's form
        return url, client.post(url, spec.body(world))
    return url, client.generic(
        route.method, url, json.dumps(spec.body(world)), content_type="application/json"
    )


OUTCOMES = {
    WRITES: lambda status, changed: (200 <= status < 300 or status == 302) and changed,
    NOOP: lambda status, changed: (200 <= status < 300 or status == 302) and not changed,
    INVALID: lambda status, changed: status in {400, 422} and not changed,
    REFUSED: lambda status, changed: status in {403, 404} and not changed,
    SIGN_IN_FIRST: lambda status, changed: status in {302, 401} and not changed,
}


def write_problems(
    world: World,
    route: Route,
    spec: Write,
    roles: Iterable[str] = ROLES,
    values: dict[str, str] | None = None,
) -> list[str]:
    if values is None:
        values = {param: targets_for(route.name, param)[0] for param in route.params}
        if spec.target:
            values[route.params[0]] = spec.target
    problems = []
    for role in roles:
        with transaction.atomic():
            before = database_state()
            url, response = _send(world, route, role, spec, values)
            changed = _changed(before, database_state())
            transaction.set_rollback(True)
        where = f"{role} {route.method if route.is_api else 'POST'} {url}"
        outcome, status = spec.outcomes[role], response.status_code
        if not OUTCOMES[outcome](status, bool(changed)):
            problems.append(
                f"{where}: {status}, changed {changed}; expected {outcome} ({response.content[:160]!r})"
            )
    return problems


@pytest.mark.parametrize("route", _params(API_WRITES))
def test_api_writes(world: World, route: Route) -> None:
    problems = write_problems(world, route, WRITES_API[route.name])
    assert not problems, "\n".join(problems)


PAGE_ACTIONS = [page for page in PAGES if page.name in WRITES_PAGES]
FORM_PAGES = [page for page in PAGES if page.name not in WRITES_PAGES]


@pytest.mark.parametrize("route", _params(PAGE_ACTIONS, known_bugs=KNOWN_BUGS))
def test_page_writes(world: World, route: Route) -> None:
    problems = write_problems(world, route, WRITES_PAGES[route.name])
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("route", _params(FORM_PAGES))
def test_form_pages_refuse_writes(world: World, route: Route) -> None:
    """A role the page refuses cannot post to it either: 403/404 and the database unchanged."""
    expect = EXPECT_PAGES[route.name]
    problems = []
    for target, values in fillings(route):
        refused = [role for role, status in expect.rule_for(target).items() if status in {403, 404}]
        spec = Write({role: REFUSED for role in refused}, target=target)
        problems += write_problems(world, route, spec, roles=refused, values=values)
    assert not problems, "\n".join(problems)


def _shown_forms(response: Any) -> list[Any]:
    """The forms and formsets a page rendered, as a browser would post them back."""
    return [
        value
        for key in response.context.keys()  # noqa: SIM118 (a ContextList iterates its contexts)
        if isinstance(value := response.context[key], BaseForm | BaseFormSet)
    ]


def _form_errors(response: Any) -> list[Any]:
    """What the forms of a page that answered with itself complain of."""
    if response.context is None:
        return []
    return [form.errors for form in _shown_forms(response) if form.errors]


def _posts_to_itself(html: str, url: str) -> bool:
    """A form on the page that posts back to the page (no action, an empty one, or its own URL)."""
    for tag in re.findall(r"<form\b[^>]*>", html):
        action = re.search(r'\baction="([^"]*)"', tag)
        if 'method="post"' in tag and (action is None or action.group(1) in ("", url)):
            return True
    return False


@pytest.mark.parametrize("route", _params(FORM_PAGES))
def test_form_pages_take_a_permitted_submission(world: World, route: Route) -> None:
    """Each role a form page opens for posts the form as shown to it (plus FORM_SUBMITS' changes):
    it writes, or answers as FORM_SUBMITS says. A form page missing there fails."""
    submit, problems = FORM_SUBMITS.get(route.name), []
    for target, values in fillings(route):
        problems += _submission_problems(world, route, submit, target, url_for(route, world, values))
    assert not problems, "\n".join(problems)


def _submission_problems(world: World, route: Route, submit: Any, target: str, url: str) -> list[str]:
    problems = []
    for role, status in EXPECT_PAGES[route.name].rule_for(target).items():
        if status != 200:
            continue
        with transaction.atomic():
            shown = world.clients[role].get(url)
            if not _posts_to_itself(_text(shown), url):
                transaction.set_rollback(True)
                continue
            if submit is None:
                problems.append(f"{route.name} has a form for {role}: say in FORM_SUBMITS what it posts")
                transaction.set_rollback(True)
                continue
            data = {**form_data(*_shown_forms(shown)), **submit.data(world, role)}
            before = database_state()
            response = world.clients[role].post(url, data)
            changed = _changed(before, database_state())
            transaction.set_rollback(True)
        outcome = submit.outcome(role, target)
        if not OUTCOMES[outcome](response.status_code, bool(changed)):
            problems.append(
                f"{role} POST {url}: {response.status_code}, changed {changed}; expected {outcome} "
                f"({_form_errors(response) or response.content[:200]!r})"
            )
    return problems


# --- Guards: nothing is left out ------------------------------------------------------------------


def test_every_route_has_an_expectation() -> None:
    """A new page or API route fails here until permission_expect.py says what each role gets."""
    page_names = {page.name for page in PAGES}
    unlisted, stale = page_names - set(EXPECT_PAGES), set(EXPECT_PAGES) - page_names
    assert not unlisted and not stale, f"pages without expectation: {unlisted}; stale: {stale}"
    api_reads, api_writes = {r.name for r in API_GET}, {r.name for r in API_WRITES}
    assert api_reads == set(EXPECT_API), f"API reads: {api_reads ^ set(EXPECT_API)}"
    assert api_writes == set(WRITES_API), f"API writes: {api_writes ^ set(WRITES_API)}"
    actions = {page.name for page in PAGES if set(EXPECT_PAGES[page.name].rule_for_any().values()) == {405}}
    assert actions == set(WRITES_PAGES), (
        f"POST-only pages without a write entry: {actions ^ set(WRITES_PAGES)}"
    )


def _reaches_an_object(route: Route, expect: Expect | None, write: Write | None) -> bool:
    """Some role gets the object: a 200 on read, or a write that changes it (both are checked above,
    so neither can hold while the parameter points at nothing)."""
    if expect is not None and any(
        200 in expect.rule_for(target).values() for target, _values in fillings(route)
    ):
        return True
    return write is not None and any(outcome in {WRITES, NOOP} for outcome in write.outcomes.values())


@pytest.mark.parametrize("route", _params([r for r in PAGES + API_ROUTES if r.params]))
def test_every_parameter_reaches_a_real_object(world: World, route: Route) -> None:
    """A path parameter the world has no object for answers 404 to everyone and tests nothing."""
    for param in route.params:
        for key in targets_for(route.name, param):
            assert key.startswith("literal:") or world.id_of(key) not in {None, MISSING}, (param, key)
    expect = EXPECT_PAGES.get(route.name) or EXPECT_API.get(route.name)
    htmx = HTMX_VARIANTS.get(route.name, (None, None))[1]
    write = WRITES_PAGES.get(route.name) or WRITES_API.get(route.name)
    assert _reaches_an_object(route, expect, write) or _reaches_an_object(route, htmx, None), (
        f"{route.name}: no role reaches an object through {route.params}"
    )
