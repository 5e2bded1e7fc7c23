"""Every route Cadence serves, discovered rather than listed: the pages from the URL resolver, the API
from the NinjaAPI's OpenAPI schema. The permission matrix, the query-budget guard and the page
benchmark walk these, so a route a module adds tomorrow cannot be left out of any of them."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from cadence.config.api import api

# Not Cadence's own pages: allauth's sign-in flow, the Django admin, files.
SKIPPED_PREFIXES = ("accounts/", "django-admin/", "static/", "media/")

_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>\w+)>")
_API_PARAM = re.compile(r"\{(?:\w+:)?(\w+)\}")


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name" for a page, "METHOD /api/v1/path" for the API
    path: str  # with "<param>" placeholders, leading slash
    params: tuple[str, ...]
    method: str = "GET"
    kwargs: tuple[tuple[str, Any], ...] = ()  # a page's extra view arguments

    @property
    def is_api(self) -> bool:
        return self.path.startswith("/api/v1/") and not self.name.startswith("api:")

    def url(self, values: dict[str, Any]) -> str:
        """The path with each parameter replaced by its value."""
        return _PARAM.sub(lambda m: str(values[m["name"]]), self.path)


def _api_paths() -> set[str]:
    return {_API_PARAM.sub(r"<\1>", path) for path in api.get_openapi_schema()["paths"]}


def _walk(patterns: list, prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            if not isinstance(entry.pattern, RoutePattern):
                route = prefix + str(entry.pattern).lstrip("^").rstrip("$")
            name = f"{namespace}{entry.name}" if entry.name else route
            path = "/" + _PARAM.sub(lambda m: f"<{m['name']}>", route)
            params = tuple(m["name"] for m in _PARAM.finditer(route))
            yield Route(name, path, params, kwargs=tuple(sorted(entry.default_args.items())))


def discover_pages() -> list[Route]:
    """Cadence's HTML pages (and their htmx and POST-only endpoints), sorted by path."""
    api_paths = _api_paths()
    pages = [
        page
        for page in _walk(get_resolver().url_patterns)
        if not page.path.removeprefix("/").startswith(SKIPPED_PREFIXES) and page.path not in api_paths
    ]
    return sorted(pages, key=lambda p: p.path)


def discover_api() -> list[Route]:
    """Every operation of the API, one Route per method and path, sorted by name."""
    routes = []
    for path, operations in api.get_openapi_schema()["paths"].items():
        for method, operation in operations.items():
            params = tuple(p["name"] for p in operation.get("parameters", []) if p["in"] == "path")
            name = f"{method.upper()} {path}"
            routes.append(Route(name, _API_PARAM.sub(r"<\1>", path), params, method.upper()))
    return sorted(routes, key=lambda r: r.name)
