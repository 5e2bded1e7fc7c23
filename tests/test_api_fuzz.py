"""Schemathesis against every operation of /api/v1/, in-process through the WSGI app, as an HR admin
with a Bearer token: no input gives a 5xx, and responses match the OpenAPI schema (status codes,
content types, bodies, headers) and honour authentication.

The schema is read from /api/v1/openapi.json at collection, so operations added by any module are
fuzzed without touching this file. The number of examples per operation shrinks as the API grows,
to keep the whole file around a minute; the seed is fixed, so a run is reproducible.

Every check runs, negative_data_rejection and positive_data_acceptance included: schema-invalid
input is refused with a 4xx. Schema-valid input may still be refused with the statuses the design
gives it: 422 when it breaks a business rule (a duplicate employee id, an unknown manager id, an end
before a start), with field errors, 409 when the state moved on (a check-in already submitted), and 400
for text with a NUL character (core.middleware)."""

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings

from cadence.checkins.tests.factories import submitted_check_in
from cadence.core.services import api_token_create
from cadence.feedback import services as feedback_services
from cadence.feedback.tests.factories import feedback, praise
from cadence.goals.tests.factories import kr, make_cycle, make_goal
from cadence.meetings.models import ActionItem, TalkingPoint
from cadence.meetings.tests.factories import make_series
from cadence.people.testing import Org

EXAMPLES_BUDGET = 600  # fuzzed examples over all operations (the coverage phase comes on top)
CONFIG = schemathesis.Config.from_dict(
    {
        "seed": 20240601,
        # Answering 405 to an undeclared method is the framework's job: two methods are enough to check it.
        "phases": {"coverage": {"unexpected-methods": ["put", "delete"]}},
        "checks": {
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "400", "401", "403", "404", "409", "422"]
            }
        },
    }
)


class TestWSGIApp:
    """Django's WSGI handler with what Django's own test client does around a request: the request
    signals must not close the test's database connection (it holds the test transaction), so the
    request runs, and its response is consumed and closed, while that handler is disconnected."""

    __test__ = False

    def __init__(self) -> None:
        self.handler = WSGIHandler()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = self.handler(environ, start_response)
            try:
                return [b"".join(response)]
            finally:
                response.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


# Loaded at collection, so each operation is its own test. (`schemathesis.pytest.from_fixture` would
# load it per test, but its lazy collector sets `Node._nodeid`, which pytest 9.2 no longer has.)
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", TestWSGIApp(), config=CONFIG)
OPERATIONS = [(m.upper(), path) for path, ops in schema.raw_schema["paths"].items() for m in ops]
MAX_EXAMPLES = max(5, min(25, EXAMPLES_BUDGET // max(1, len(OPERATIONS))))

# --- Fixtures ---------------------------------------------------------------------------------------


@pytest.fixture
def hr_token(org: Org) -> str:
    user = org.hr.user
    _token, raw = api_token_create(actor=user, user=user, name="fuzz")
    return raw


@pytest.fixture
def existing_ids(org: Org) -> dict[str, list[int]]:
    """Ids that exist, so that detail routes answer more than 404 (random integers rarely hit) and
    their responses are checked against the schema: one object of every module, visible to HR,
    who takes part in the 1:1 (its agenda and notes are the participants' only)."""
    people = [org.ceo, org.manager, org.report, org.subreport, org.other, org.hr, org.gone]
    goal = make_goal(org.hr.user, make_cycle(), owner=org.hr, key_results=[kr()])
    series = make_series(org.other, org.hr, past=1)
    (request,) = feedback_services.feedback_request_create(
        actor=org.hr.user, subject=org.hr, respondents=[org.report]
    )
    return {
        "person_id": [p.pk for p in people],
        "goal_id": [goal.pk],
        "key_result_id": [goal.key_results.get().pk],
        "praise_id": [praise(org.hr, org.report).pk],
        "feedback_id": [feedback(org.hr, org.report).pk],
        "request_id": [request.pk],
        "check_in_id": [submitted_check_in(org.hr).pk],
        "series_id": [series.pk],
        "meeting_id": list(series.meetings.values_list("pk", flat=True)),
        "point_id": list(TalkingPoint.objects.filter(meeting__series=series).values_list("pk", flat=True)),
        "item_id": list(ActionItem.objects.filter(series=series).values_list("pk", flat=True)),
    }


def _aim_at_existing_objects(case: schemathesis.Case, existing_ids: dict[str, list[int]]) -> None:
    """Two in three generated integer ids are swapped for existing ones; the rest stay as generated."""
    for name, value in (case.path_parameters or {}).items():
        ids = existing_ids.get(name)
        number = int(value) if isinstance(value, str) and value.isascii() and value.isdigit() else value
        if ids and isinstance(number, int) and not isinstance(number, bool) and number % 3 != 1:
            case.path_parameters[name] = ids[number % len(ids)]


# --- The fuzzing --------------------------------------------------------------------------------

# Status codes seen per operation, to show the fuzzing got past authentication.
SEEN: dict[tuple[str, str], set[int]] = defaultdict(set)


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_api(case: schemathesis.Case, hr_token: str, existing_ids: dict[str, list[int]], db: Any) -> None:
    headers = {"Authorization": f"Bearer {hr_token}"}
    _aim_at_existing_objects(case, existing_ids)
    response = case.call(headers=headers)
    SEEN[(case.method.upper(), case.operation.path)].add(response.status_code)
    case.validate_response(response, headers=headers, transport_kwargs={"headers": headers})


# --- Deterministic checks for what the fuzzing found --------------------------------------------

PAGINATED = sorted(
    path
    for path, operations in schema.raw_schema["paths"].items()
    if any(p["name"] == "offset" for p in operations.get("get", {}).get("parameters", []))
)


@pytest.mark.parametrize("path", PAGINATED)
def test_huge_offset_is_rejected(path: str, hr_token: str, existing_ids: dict[str, list[int]]) -> None:
    """An offset beyond a 64-bit integer reached the database (SQLite: "datatype mismatch",
    PostgreSQL: "bigint out of range"): a 500. With cadence.core.pagination it is a 422."""
    url = re.sub(r"\{(\w+)\}", lambda m: str(existing_ids.get(m[1], [1])[0]), path)
    response = Client().get(url, {"offset": 10**20}, HTTP_AUTHORIZATION=f"Bearer {hr_token}")
    assert response.status_code in {404, 422}, response.content
    if response.status_code == 422:
        assert "offset" in response.json()["errors"]


def test_unresolvable_api_path_answers_json(hr_token: str) -> None:
    response = Client().get("/api/v1/people/not-a-number", HTTP_AUTHORIZATION=f"Bearer {hr_token}")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Not found.", "errors": {}}


def test_fuzzing_reached_the_views() -> None:
    """Every read whose ids we can aim answered 200 at least once: the token worked and the
    generated input was not all rejected."""
    aimed = {"person_id", "goal_id", "key_result_id", "praise_id", "feedback_id", "request_id",
             "check_in_id", "series_id", "meeting_id", "point_id", "item_id"}  # fmt: skip
    reads = [
        ("GET", path)
        for path, operations in schema.raw_schema["paths"].items()
        if "get" in operations and set(re.findall(r"\{(\w+)\}", path)) <= aimed
    ]
    if not any(key in SEEN for key in reads):
        pytest.skip("test_api did not run in this session")
    missing = [key for key in reads if key in SEEN and 200 not in SEEN[key]]
    assert not missing, f"never answered 200: {missing}"
