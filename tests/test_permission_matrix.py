"""The generic permission test: every page and every API route, as every role.

Routes are discovered, not listed: the URL resolver gives the pages and the OpenAPI schema gives the
API, so a route another module adds tomorrow is walked too. Routes that exist today have explicit
expectations below (EXPECT_PAGES, EXPECT_API); a route without an entry gets the rules that hold for
every route: no 5xx, anonymous is refused (login redirect for pages, 401 for the API), a GET that
names an object never answers 403 (what a role may not see is 404), a person the role may not see
answers 404, and a person-less login (the outsider) never sees a colleague's name.

Only GET is walked (plus anonymous requests with each API write method, which are refused before
anything is read). POST-only views answer 405 to GET."""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern

from cadence.config.api import api
from cadence.core.models import ApiToken, User
from cadence.core.services import api_token_create
from cadence.core.testing import Org, client_for
from cadence.people import importing

ROLES = ("hr", "manager", "employee", "outsider", "anonymous")
MISSING = 999999
SKIPPED_PREFIXES = ("accounts/", "django-admin/", "static/", "media/")
API_PREFIX = "/api/v1"

# --- Discovery ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    name: str  # "namespace:name", or the route itself for unnamed patterns
    route: str  # "people/<int:person_id>/", without the leading slash
    params: tuple[str, ...]


_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>\w+)>")


def _bare(route: str) -> str:
    """A route without converters: "people/<int:person_id>/" → "people/<person_id>/"."""
    return _PARAM.sub(lambda m: f"<{m['name']}>", route)


def _api_routes() -> set[str]:
    """The API operations as bare URL routes ("api/v1/people/<person_id>"); the API walk covers them."""
    return {
        re.sub(r"\{(?:\w+:)?(\w+)\}", r"<\1>", path.removeprefix("/"))
        for path in api.get_openapi_schema()["paths"]
    }


def _walk(patterns: list, prefix: str = "", namespace: str = "") -> Iterator[Page]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if not isinstance(entry.pattern, RoutePattern):
                continue  # a regex include (none of ours use them)
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            if not isinstance(entry.pattern, RoutePattern):
                route = prefix + str(entry.pattern).lstrip("^").rstrip("$")
            name = f"{namespace}{entry.name}" if entry.name else route
            yield Page(name, route, tuple(m["name"] for m in _PARAM.finditer(route)))


def discover_pages() -> list[Page]:
    api_routes = _api_routes()
    pages = [
        page
        for page in _walk(get_resolver().url_patterns)
        if not page.route.startswith(SKIPPED_PREFIXES) and _bare(page.route) not in api_routes
    ]
    return sorted(pages, key=lambda p: p.route)


@dataclass(frozen=True)
class ApiRoute:
    method: str
    path: str  # "/api/v1/people/{person_id}"
    params: tuple[str, ...]


def discover_api() -> list[ApiRoute]:
    routes = []
    for path, operations in api.get_openapi_schema()["paths"].items():
        for method, operation in operations.items():
            params = tuple(p["name"] for p in operation.get("parameters", []) if p["in"] == "path")
            routes.append(ApiRoute(method.upper(), path, params))
    return sorted(routes, key=lambda r: (r.path, r.method))


def _params(items: list, key: Callable[[Any], str]) -> list:
    return [pytest.param(item, id=key(item)) for item in items]


PAGES = discover_pages()
API_ROUTES = discover_api()
API_GET = [r for r in API_ROUTES if r.method == "GET"]
API_WRITES = [r for r in API_ROUTES if r.method != "GET"]
API_PATHS_WITHOUT_GET = sorted({r.path for r in API_ROUTES} - {r.path for r in API_GET})

# --- Targets for path parameters ------------------------------------------------------------------


@dataclass
class World:
    """The `org` fixture plus the objects path parameters point at."""

    org: Org
    users: dict[str, User | None]
    import_id: int
    tokens: dict[str, int]  # role → the id of one of that role's own API tokens

    def person_targets(self, role: str) -> dict[str, int]:
        own = {"hr": self.org.hr, "manager": self.org.manager, "employee": self.org.report2}.get(role)
        targets = {
            "colleague": self.org.other.pk,  # active, in another branch
            "report": self.org.subreport.pk,  # in the manager's chain
            "inactive": self.org.gone.pk,
            "missing": MISSING,
        }
        if own is not None:
            targets["self"] = own.pk
        return targets

    def targets(self, param: str, role: str) -> dict[str, Any]:
        """Labelled values for one path parameter, as seen by `role`."""
        if param in {"person_id", "employee_id", "manager_id"}:
            return self.person_targets(role)
        if param == "import_id":
            return {"existing": self.import_id, "missing": MISSING}
        if param == "token_id":
            targets = {"foreign": self.tokens["hr"], "missing": MISSING}
            if role in self.tokens:
                targets["own"] = self.tokens[role]
            return targets
        # A parameter this test does not know yet: an existing object of the model it names, if any.
        return {"existing": _guess_existing_id(param), "missing": MISSING}


def _guess_existing_id(param: str) -> Any:
    """`goal_id` → the first goals.Goal, if that model exists and has rows; otherwise MISSING."""
    stem = param.removesuffix("_id").replace("_", "")
    for model in apps.get_models():
        if model.__name__.lower() == stem:
            pk = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
            return pk if pk is not None else MISSING
    return MISSING


@pytest.fixture
def world(org: Org) -> World:
    hr = org.hr.user
    stored = importing.import_store(
        actor=hr,
        content=b"employee_id,first_name,last_name,email\nX1,Ann,Import,ann@example.com\n",
        filename="people.csv",
    )
    users = org.role_users()
    tokens = {}
    for role, user in users.items():
        if user is not None:
            token, _raw = api_token_create(actor=user, user=user, name=f"{role} token")
            tokens[role] = token.pk
    assert ApiToken.objects.count() == len(tokens)
    return World(org, users, stored.pk, tokens)


def _combinations(world: World, params: tuple[str, ...], role: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every labelled filling of the path parameters: one varies, the others take their first target."""
    if not params:
        yield "", {}
        return
    options = {param: world.targets(param, role) for param in params}
    first = {param: next(iter(values.values())) for param, values in options.items()}
    for param, values in options.items():
        for label, value in values.items():
            yield (label if len(params) == 1 else f"{param}={label}"), {**first, param: value}


def _fill(route: str, values: dict[str, Any]) -> str:
    def replace(match: re.Match) -> str:
        return str(values[match["name"]])

    return "/" + _PARAM.sub(replace, route)


def _fill_api(path: str, values: dict[str, Any]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: str(values[m[1]]), path)


# --- Expectations for today's routes --------------------------------------------------------------

Expect = Callable[[str, str], int]  # (role, target label) → status after following redirects


def sees_person(role: str, target: str) -> bool:
    """Employees and managers see active colleagues and themselves; HR everyone; the outsider nobody."""
    if target == "missing" or role in {"outsider", "anonymous"}:
        return False
    return role == "hr" or target != "inactive"


def everyone(role: str, target: str) -> int:
    return 200


def hr_only(role: str, target: str) -> int:
    return 200 if role == "hr" and target != "missing" else 404


def person_page(role: str, target: str) -> int:
    return 200 if sees_person(role, target) else 404


def post_only(role: str, target: str) -> int:
    return 405


def not_found(role: str, target: str) -> int:
    return 404


EXPECT_PAGES: dict[str, Expect] = {
    "root": everyone,  # a redirect to home
    "home": everyone,
    "account": everyone,
    "api_token_create": post_only,
    "api_token_revoke": post_only,
    "admin_hub": hr_only,
    "audit_log": hr_only,
    "people:directory": everyone,
    "people:create": hr_only,
    "people:org_chart": everyone,
    "people:org_chart_children": person_page,  # without htmx: a redirect to the chart focused on the person
    "people:departments": hr_only,
    "people:import": hr_only,
    "people:import_review": hr_only,
    "people:import_apply": post_only,
    "people:profile": person_page,
    "people:edit": hr_only,
    "people:deactivate": hr_only,
    "people:reactivate": post_only,
    "notifications:list": everyone,
    "notifications:mark_all_read": post_only,
    # The API's own pages: the schema and its docs are public, the API root is a 404 by design.
    "api:openapi-json": everyone,
    "api:openapi-view": everyone,
    "api:api-root": not_found,
}
PUBLIC_PAGES = {"api:openapi-json", "api:openapi-view", "api:api-root"}
# Pages authenticated by a secret in the URL, not a session: what anyone gets for a made-up secret.
TOKEN_PAGES: dict[str, int] = {"meetings:feed": 404}
# Extra headers a page is also requested with: its htmx partials.
HTMX_VARIANTS: dict[str, dict[str, str]] = {
    "people:org_chart_children": {"HTTP_HX_REQUEST": "true"},
    "people:directory": {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "directory-results"},
}

EXPECT_API: dict[tuple[str, str], Expect] = {
    ("GET", "/api/v1/me"): everyone,
    ("GET", "/api/v1/people"): everyone,
    ("GET", "/api/v1/people/{person_id}"): person_page,
    ("GET", "/api/v1/departments"): everyone,
    ("GET", "/api/v1/notifications"): everyone,
    ("GET", "/api/v1/todos"): everyone,
}
KNOWN_API_WRITES = {
    ("POST", "/api/v1/people"),
    ("PATCH", "/api/v1/people/{person_id}"),
    ("POST", "/api/v1/people/import"),
    ("POST", "/api/v1/notifications/read"),
}


def test_expectations_name_existing_routes() -> None:
    """A renamed or removed route must not silently drop out of the explicit table."""
    names = {page.name for page in PAGES}
    assert set(EXPECT_PAGES) <= names, f"stale page expectations: {set(EXPECT_PAGES) - names}"
    api_keys = {(r.method, r.path) for r in API_ROUTES}
    assert set(EXPECT_API) <= api_keys, f"stale API expectations: {set(EXPECT_API) - api_keys}"
    assert api_keys >= KNOWN_API_WRITES, f"stale API writes: {KNOWN_API_WRITES - api_keys}"


def test_discovery_finds_the_routes() -> None:
    """The walk sees pages, htmx endpoints, POST-only views and the API (a broken walk covers nothing)."""
    names = {page.name for page in PAGES}
    assert {"home", "people:profile", "people:org_chart_children", "people:reactivate"} <= names
    assert not any(page.route.startswith(SKIPPED_PREFIXES) for page in PAGES)
    assert ("GET", "/api/v1/people/{person_id}") in {(r.method, r.path) for r in API_ROUTES}


# --- The walk -------------------------------------------------------------------------------------

PERSON_NAME_FIELDS = ("ceo", "manager", "report", "report2", "subreport", "other", "hr", "gone")


def _person_names(org: Org) -> list[str]:
    return [getattr(org, field).full_name for field in PERSON_NAME_FIELDS]


def _login_url() -> str:
    return reverse("account_login")


def _problems_for_page(world: World, page: Page) -> list[str]:
    problems: list[str] = []
    expect = EXPECT_PAGES.get(page.name)
    names = _person_names(world.org)
    for role in ROLES:
        user = world.users[role]
        client = client_for(user)
        for label, values in _combinations(world, page.params, role):
            url = _fill(page.route, values)
            where = f"{role} GET {url} ({label or 'no params'})"
            if user is None:
                response = client.get(url)
                if page.name in PUBLIC_PAGES:
                    if response.status_code >= 500:
                        problems.append(f"{where}: {response.status_code}")
                    continue
                problems.extend(_check_anonymous(where, response, page.name))
                continue
            variants = {
                "": {},
                **({" (htmx)": HTMX_VARIANTS[page.name]} if page.name in HTMX_VARIANTS else {}),
            }
            for suffix, headers in variants.items():
                response = client.get(url, follow=True, **headers)
                status = response.status_code
                problems.extend(_check_status(where + suffix, status, expect, role, label, page.params))
                if role == "outsider" and status == 200 and page.name not in PUBLIC_PAGES:
                    content = response.content.decode()
                    problems.extend(f"{where}{suffix}: shows {name!r}" for name in names if name in content)
    return problems


def _check_anonymous(where: str, response: Any, name: str) -> list[str]:
    """Pages send anonymous visitors to the login page. A route this test does not know yet may also
    refuse with 401/403/404/405 (e.g. a feed authenticated by a secret in its URL)."""
    status, location = response.status_code, response.get("Location", "")
    if status == 302 and location.startswith(_login_url()):
        return []
    if name in TOKEN_PAGES:
        return [] if status == TOKEN_PAGES[name] else [f"{where}: {status}, expected {TOKEN_PAGES[name]}"]
    if name not in EXPECT_PAGES and status in {401, 403, 404, 405}:
        return []
    return [f"{where}: {status} {location!r}, expected a login redirect"]


def _check_status(
    where: str, status: int, expect: Expect | None, role: str, label: str, params: tuple[str, ...]
) -> list[str]:
    if status >= 500:
        return [f"{where}: {status}"]
    if expect is not None:
        wanted = expect(role, label)
        return [] if status == wanted else [f"{where}: {status}, expected {wanted}"]
    # A route this test does not know yet: the rules that hold everywhere.
    if status == 403 and params:
        # (A route without an object may refuse a capability with 403, e.g. "you need a profile".)
        return [f"{where}: 403; an object the role may not see answers 404"]
    person_params = {"person_id", "employee_id", "manager_id"}
    hidden = person_params & set(params) and label in {"inactive", "missing"} and not sees_person(role, label)
    if hidden and status not in {404, 405}:
        return [f"{where}: {status}, expected 404 for a person the role may not see"]
    if role == "outsider" and person_params & set(params) and status == 200:
        return [f"{where}: 200; a login without a person record sees no person"]
    return []


# (Not named `page`: pytest-playwright treats a test argument called `page` as its browser page.)
@pytest.mark.parametrize("route", _params(PAGES, lambda p: p.name))
def test_page(world: World, route: Page) -> None:
    problems = _problems_for_page(world, route)
    assert not problems, "\n".join(problems)


def _api_client(user: User | None) -> Client:
    return client_for(user)


@pytest.mark.parametrize("route", _params(API_GET, lambda r: f"{r.method} {r.path}"))
def test_api_get(world: World, route: ApiRoute) -> None:
    problems: list[str] = []
    expect = EXPECT_API.get((route.method, route.path))
    names = _person_names(world.org)
    for role in ROLES:
        user = world.users[role]
        client = _api_client(user)
        for label, values in _combinations(world, route.params, role):
            url = _fill_api(route.path, values)
            where = f"{role} GET {url} ({label or 'no params'})"
            response = client.get(url)
            status = response.status_code
            if user is None:
                if status != 401:
                    problems.append(f"{where}: {status}, expected 401")
                elif response.json() != {"detail": "Authentication required.", "errors": {}}:
                    problems.append(f"{where}: 401 body {response.json()!r}")
                continue
            problems.extend(_check_status(where, status, expect, role, label, route.params))
            if status in {403, 404, 422} and not {"detail", "errors"} <= set(response.json()):
                problems.append(f"{where}: error body {response.json()!r} lacks detail/errors")
            if role == "outsider" and status == 200:
                content = response.content.decode()
                problems.extend(f"{where}: shows {name!r}" for name in names if name in content)
    assert not problems, "\n".join(problems)


def test_outsider_gets_an_empty_directory_from_the_api(world: World) -> None:
    response = client_for(world.org.loner).get("/api/v1/people")
    assert response.status_code == 200
    assert response.json() == {"items": [], "count": 0}
    me = client_for(world.org.loner).get("/api/v1/me").json()
    assert me["person"] is None


def test_inactive_person_is_404_not_403_for_an_employee(world: World) -> None:
    client = client_for(world.org.report2.user)
    gone = world.org.gone.pk
    assert client.get(f"/people/{gone}/").status_code == 404
    assert client.get(f"/api/v1/people/{gone}").status_code == 404
    assert client.get(f"/api/v1/people/{gone}").json() == {"detail": "Not found.", "errors": {}}
    # HR sees them.
    assert client_for(world.org.hr.user).get(f"/people/{gone}/").status_code == 200


@pytest.mark.parametrize("route", _params(API_WRITES, lambda r: f"{r.method} {r.path}"))
def test_api_write_refuses_anonymous(world: World, route: ApiRoute) -> None:
    """Every write is refused before its input is even parsed; nothing about the object leaks."""
    for label, values in _combinations(world, route.params, "anonymous"):
        url = _fill_api(route.path, values)
        response = Client().generic(route.method, url, data=b"{}", content_type="application/json")
        assert response.status_code == 401, f"{route.method} {url} ({label}): {response.status_code}"


@pytest.mark.parametrize("path", _params(API_PATHS_WITHOUT_GET, str))
def test_api_path_without_get_answers_405(world: World, path: str) -> None:
    for role in ROLES:
        user = world.users[role]
        response = _api_client(user).get(
            _fill_api(path, {p: MISSING for p in re.findall(r"\{(\w+)\}", path)})
        )
        assert response.status_code == 405, f"{role} GET {path}: {response.status_code}"


def test_post_only_pages_redirect_anonymous_posts_to_login(world: World) -> None:
    """POST-only pages: anonymous posts go to the login page; nothing is done."""
    for page in PAGES:
        if EXPECT_PAGES.get(page.name) is not post_only:
            continue
        values = {param: next(iter(world.targets(param, "anonymous").values())) for param in page.params}
        response = Client().post(_fill(page.route, values))
        assert response.status_code == 302, page.name
        assert response["Location"].startswith(_login_url()), page.name
