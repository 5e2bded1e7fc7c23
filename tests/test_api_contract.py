"""The OpenAPI document is a contract a real client can use: a client generated from the live
schema by openapi-python-client imports, and reads and writes every module with an API token.

Also here: the schema's names are unique (the guard in cadence.config.api) and every request
body answers 422 to JSON that is not an object."""

import datetime
import importlib
import importlib.util
import json
import os
import pkgutil
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from django.test import Client
from ninja import Schema

from cadence.config.api import CadenceAPI, SchemaNameCollision, api
from cadence.core.services import api_token_create
from cadence.feedback.services import company_value_create
from cadence.people.testing import Org

CLIENT_PACKAGE = "cadence_client"


@pytest.fixture(scope="module")
def cadence_client(live_server: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """The client openapi-python-client generates from the schema the running server publishes."""
    workdir = tmp_path_factory.mktemp("client")
    schema = httpx.get(f"{live_server.url}/api/v1/openapi.json").raise_for_status().json()
    (workdir / "openapi.json").write_text(json.dumps(schema))
    # The generator formats its output with ruff, found on PATH next to this interpreter.
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(
        [Path(sys.executable).parent / "openapi-python-client", "generate", "--path", "openapi.json",
         "--meta", "none", "--output-path", CLIENT_PACKAGE],
        cwd=workdir, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    # Any warning means a schema or an operation was left out of the client.
    assert result.returncode == 0 and "Warning" not in result.stdout, result.stdout + result.stderr
    sys.path.insert(0, str(workdir))
    try:
        yield importlib.import_module(CLIENT_PACKAGE)
    finally:
        sys.path.remove(str(workdir))
        for name in [m for m in sys.modules if m == CLIENT_PACKAGE or m.startswith(f"{CLIENT_PACKAGE}.")]:
            del sys.modules[name]


def _client_as(package: ModuleType, live_server: Any, employee: Any) -> Any:
    _token, raw = api_token_create(actor=employee.user, user=employee.user, name="contract")
    return package.AuthenticatedClient(base_url=live_server.url, token=raw, raise_on_unexpected_status=True)


def _call(package: ModuleType, operation: str, **kwargs: Any) -> Any:
    """Call an operation by its id (`goals_create`) and return the parsed success response. The
    client groups operations by tag: `cadence_client.api.goals.goals_create`."""
    tags = pkgutil.iter_modules(importlib.import_module(f"{package.__name__}.api").__path__)
    (tag_module,) = (
        importlib.import_module(f"{package.__name__}.api.{tag.name}.{operation}")
        for tag in tags
        if importlib.util.find_spec(f"{package.__name__}.api.{tag.name}.{operation}")
    )
    response = tag_module.sync_detailed(**kwargs)
    assert response.status_code < 300, (response.status_code, response.content)
    return response.parsed


def _models(package: ModuleType) -> ModuleType:
    return importlib.import_module(f"{package.__name__}.models")


# The server runs in another thread: it sees only committed rows.
LIVE = pytest.mark.django_db(transaction=True)


@LIVE
def test_people(cadence_client: ModuleType, live_server: Any, org: Org) -> None:
    models = _models(cadence_client)
    hr = _client_as(cadence_client, live_server, org.hr)
    page = _call(cadence_client, "people_list", client=hr, search="Rita")
    assert [p.full_name for p in page.items] == ["Rita Report"]
    person = _call(
        cadence_client, "people_update", client=hr, person_id=org.report.pk,
        body=models.PersonPatch(job_title="Staff engineer", version=page.items[0].version),
    )  # fmt: skip
    assert person.job_title == "Staff engineer"
    org.report.refresh_from_db()
    assert org.report.job_title == "Staff engineer"


@LIVE
def test_goals(cadence_client: ModuleType, live_server: Any, org: Org) -> None:
    models = _models(cadence_client)
    hr = _client_as(cadence_client, live_server, org.hr)
    today = datetime.date.today()
    cycle = _call(
        cadence_client, "goal_cycles_create", client=hr,
        body=models.GoalCycleIn(name="Q1", start_date=today, end_date=today + datetime.timedelta(days=90),
                                status=models.GoalCycleStatus.ACTIVE),
    )  # fmt: skip
    me = _client_as(cadence_client, live_server, org.report)
    goal = _call(
        cadence_client, "goals_create", client=me,
        body=models.GoalIn(cycle_id=cycle.id, title="Ship the API", visibility=models.GoalVisibility.PRIVATE,
                           key_results=[models.KeyResultIn(title="Clients", baseline="0", target="3")]),
    )  # fmt: skip
    assert goal.visibility == "private" and goal.owner_employee_id == org.report.pk
    read = _call(cadence_client, "goals_get", client=me, goal_id=goal.id)
    assert read.title == "Ship the API" and [kr.title for kr in read.key_results] == ["Clients"]
    comment = _call(
        cadence_client, "goal_comments_create", client=me, goal_id=goal.id,
        body=models.GoalCommentIn(body="On it"),
    )  # fmt: skip
    assert isinstance(comment.author, str)  # goal comments name their author as text


@LIVE
def test_praise(cadence_client: ModuleType, live_server: Any, org: Org) -> None:
    models = _models(cadence_client)
    value = company_value_create(actor=org.hr.user, name="Courage")
    me = _client_as(cadence_client, live_server, org.report)
    praise = _call(
        cadence_client, "praise_create", client=me,
        body=models.PraiseIn(recipient_ids=[org.report2.pk], value_ids=[value.pk], message="Thanks!",
                             visibility=models.PraiseVisibility.PUBLIC),
    )  # fmt: skip
    assert praise.author.id == org.report.pk
    comment = _call(
        cadence_client, "praise_comment", client=me, praise_id=praise.id,
        body=models.PraiseCommentIn(body="Well deserved"),
    )  # fmt: skip
    assert comment.author.id == org.report.pk  # praise comments carry their author as an object
    page = _call(cadence_client, "praise_list", client=me)
    assert [p.message for p in page.items] == ["Thanks!"]


@LIVE
def test_checkins(cadence_client: ModuleType, live_server: Any, org: Org) -> None:
    models = _models(cadence_client)
    me = _client_as(cadence_client, live_server, org.report)
    checkin = _call(
        cadence_client, "check_in_submit", client=me,
        body=models.CheckInIn(mood=4, priorities=["Write the contract test"]),
    )  # fmt: skip
    read = _call(cadence_client, "check_in_get", client=_client_as(cadence_client, live_server, org.manager),
                 check_in_id=checkin.id)  # fmt: skip
    assert read.mood == 4 and [p.text for p in read.priorities] == ["Write the contract test"]


@LIVE
def test_one_on_ones(cadence_client: ModuleType, live_server: Any, org: Org) -> None:
    models = _models(cadence_client)
    manager = _client_as(cadence_client, live_server, org.manager)
    first = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1)
    series = _call(
        cadence_client, "series_create", client=manager,
        body=models.SeriesIn(employee_id=org.report.pk, first_meeting_at=first,
                             cadence=models.Cadence.BIWEEKLY),
    )  # fmt: skip
    read = _call(cadence_client, "series_get", client=manager, series_id=series.id)
    assert read.employee.id == org.report.pk and read.cadence == models.Cadence.BIWEEKLY


# --- The schema itself -------------------------------------------------------------------------


def _json_body_operations() -> list[tuple[str, str]]:
    schema = api.get_openapi_schema()
    return [
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if "application/json" in operation.get("requestBody", {}).get("content", {})
    ]


@pytest.mark.parametrize("body", [[], ["x"], "x", 1], ids=["empty array", "array", "string", "number"])
@pytest.mark.parametrize(("method", "path"), _json_body_operations())
def test_a_body_that_is_not_an_object_is_invalid(method: str, path: str, body: Any, hr_token: str) -> None:
    """A JSON array as a PATCH body was answered 200: ninja read it as an object with every field
    left out. Bodies are read before the view runs, so any id in the path will do."""
    response = Client().generic(
        method, re.sub(r"\{\w+\}", "1", path), json.dumps(body), content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {hr_token}",
    )  # fmt: skip
    assert response.status_code == 422, response.content
    assert response.json()["errors"] == {"__all__": ["Send a JSON object."]}


@pytest.fixture
def hr_token(org: Org) -> str:
    _token, raw = api_token_create(actor=org.hr.user, user=org.hr.user, name="shape")
    return raw


def _api_with(*views: Any) -> CadenceAPI:
    contract = CadenceAPI(urls_namespace="contract-guard")
    for number, (view, schema) in enumerate(views):
        contract.post(f"/thing{number}", response={200: schema})(view)
    return contract


def test_two_schemas_under_one_name_fail_the_schema() -> None:
    def make(field: str) -> type[Schema]:
        return type("Thing", (Schema,), {"__annotations__": {field: int}})

    def one(request: Any) -> None: ...
    def two(request: Any) -> None: ...

    with pytest.raises(SchemaNameCollision, match="'Thing'"):
        _api_with((one, list[make("a")]), (two, list[make("b")])).get_openapi_schema(path_prefix="")


def test_two_operations_under_one_name_fail_the_schema() -> None:
    def view(request: Any) -> None: ...

    with pytest.raises(SchemaNameCollision, match="'view'"):
        _api_with((view, None), (view, None)).get_openapi_schema(path_prefix="")
