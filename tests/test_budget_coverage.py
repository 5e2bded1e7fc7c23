"""Every page, every API GET and every tick job has a query budget test.

What must have one is discovered, not listed: the pages from the URL resolver and the API from the
OpenAPI schema (cadence.config.routes, as the permission matrix walks them), the tick jobs from
config.tick.TICK_JOBS. What has one is read from the budget tests' own declarations: each test that
pins a budget says what it covers with core.testing.budget (checked when it runs: it must measure what
it declares). So a page, an API operation or a tick job added tomorrow fails here until its budget
exists, and a budget that names a route no longer served fails too."""

import importlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cadence
from cadence.config.routes import discover_api, discover_pages
from cadence.config.tick import TICK_JOBS
from permission_expect import EXPECT_PAGES, POST_ONLY

# Pages with nothing to budget, and why. Pages that answer every GET with 405 (the permission matrix
# checks it: POST_ONLY in permission_expect.py) are left out as well: they have no GET to measure.
NO_BUDGET = {
    "root": "a redirect to the home page, before any query",
    "api:api-root": "a 404 by design: the API has no root document",
}


def _budget_test_modules() -> Iterator[Any]:
    source = Path(cadence.__file__).parent
    for path in sorted(source.glob("*/tests/test_*.py")):
        yield importlib.import_module(f"cadence.{path.parent.parent.name}.tests.{path.stem}")


def _budget_marks(test: Any) -> Iterator[Any]:
    for mark in getattr(test, "pytestmark", []):
        if mark.name == "budget":
            yield mark
        elif mark.name == "parametrize":
            values = mark.kwargs.get("argvalues", mark.args[1] if len(mark.args) > 1 else ())
            for value in values:
                yield from (m for m in getattr(value, "marks", ()) if m.name == "budget")


def declared_budgets() -> dict[str, list[str]]:
    """What the budget tests cover → the tests that say so."""
    covered: dict[str, list[str]] = {}
    for module in _budget_test_modules():
        for name, test in vars(module).items():
            if name.startswith("test_") and callable(test):
                for mark in _budget_marks(test):
                    for cover in mark.args:
                        covered.setdefault(cover, []).append(f"{module.__name__}.{name}")
    return covered


def _post_only(page: str) -> bool:
    """Answers every GET with 405, as the permission matrix checks (a page it does not know yet is
    not taken for one)."""
    expect = EXPECT_PAGES.get(page)
    return expect is not None and expect.rule == POST_ONLY


def needing_a_budget() -> set[str]:
    pages = {
        route.name for route in discover_pages() if route.name not in NO_BUDGET and not _post_only(route.name)
    }
    api = {route.name for route in discover_api() if route.method == "GET"}
    return pages | api | set(TICK_JOBS)


def test_every_page_api_read_and_tick_job_has_a_budget() -> None:
    missing = sorted(needing_a_budget() - set(declared_budgets()))
    assert not missing, "No query budget test declares (core.testing.budget):\n" + "\n".join(missing)


def _everything_a_budget_may_name() -> set[str]:
    """Also a page's POST ("POST goals:comment") and any API operation, which may have budgets too."""
    pages = {route.name for route in discover_pages()}
    return (
        pages | {f"POST {page}" for page in pages} | {route.name for route in discover_api()} | set(TICK_JOBS)
    )


def test_every_declared_budget_names_a_route_or_job_that_exists() -> None:
    stale = sorted(set(declared_budgets()) - _everything_a_budget_may_name())
    assert not stale, "Budgets declared for routes or jobs that do not exist:\n" + "\n".join(stale)


def test_the_pages_without_a_budget_exist() -> None:
    assert set(NO_BUDGET) <= {route.name for route in discover_pages()}
