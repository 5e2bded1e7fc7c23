"""The one JSON API at /api/v1/. Each app contributes a Router.

The OpenAPI document is a contract that generated clients rely on, so two rules hold here:
every component has its own name (an enum is named after the class that holds it: `Goal.Visibility`
is `GoalVisibility`, `Praise.Visibility` is `PraiseVisibility`) and every operation id is the
view function's name (`goals_list`) unless the route gives one (`published_as`, for a function renamed
after clients were generated). Building the schema fails when either name is taken twice."""

from typing import Any

import ninja.openapi.schema
from django.utils import translation
from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation
from ninja.schema import NinjaGenerateJsonSchema
from pydantic.json_schema import CoreModeRef, DefsRef

from cadence.checkins.api import router as checkins_router
from cadence.competencies.api import router as careers_router
from cadence.competencies.framework_api import router as frameworks_router
from cadence.core.auth import API_AUTH
from cadence.core.errors import install_error_handlers
from cadence.feedback.api import router as feedback_router
from cadence.goals.api import router as goals_router
from cadence.meetings.api import router as meetings_router
from cadence.notifications.api import router as notifications_router
from cadence.people.api import router as people_router


class SchemaNameCollision(Exception):
    """Two different schemas or operations would be published under one name."""


# Classes published under another name than their own. The goals app's KeyResultUpdate was called
# CheckIn when clients were generated, and its enums were published as KeyResultCheckIn...: they keep
# that name (`KeyResultCheckInConfidence`), like the schemas KeyResultCheckInOut and KeyResultCheckInIn.
PUBLISHED_CLASS_NAMES = {"cadence.goals.models.KeyResultUpdate": "cadence.goals.models.KeyResultCheckIn"}


def qualified_name(core_ref: str) -> str | None:
    """`cadence.goals.models.Goal.Visibility:1234` → `GoalVisibility`: the class's qualified name
    without its module. None for generic types, which keep pydantic's own naming."""
    if "[" in core_ref:
        return None
    path = core_ref.rsplit(":", 1)[0]
    for own, published in PUBLISHED_CLASS_NAMES.items():
        if path.startswith(f"{own}."):
            path = published + path.removeprefix(own)
    dotted = path.split(".")
    first_class = next((i for i, part in enumerate(dotted) if part[:1].isupper()), len(dotted) - 1)
    return "".join(dotted[first_class:])


class ComponentNames(NinjaGenerateJsonSchema):
    """Names each component after its class's qualified name, so the `Visibility` of a goal and
    the `Visibility` of a praise stay two components instead of one silently replacing the other."""

    def get_defs_ref(self, core_mode_ref: CoreModeRef) -> DefsRef:
        defs_ref = super().get_defs_ref(core_mode_ref)
        name = qualified_name(core_mode_ref[0])
        if name:
            self._prioritized_defsref_choices[defs_ref].insert(0, DefsRef(name))
        return defs_ref


# Ninja builds every component with this generator and offers no setting to replace it
# (vitalik/django-ninja#1047 proposes one); ComponentNames only adds the naming above.
ninja.openapi.schema.NinjaGenerateJsonSchema = ComponentNames  # type: ignore[misc]


class ContractSchema(OpenAPISchema):
    """Ninja's OpenAPI document, refusing to publish two schemas or two operations under one name
    (ninja itself lets the last one win, or prints a warning)."""

    def add_schema_definitions(self, definitions: dict[str, Any]) -> None:
        # Each title is the component's name: client generators name enums after the title, which
        # pydantic sets to the bare class name (two enums both titled "Visibility" again).
        titled = {name: {**definition, "title": name} for name, definition in definitions.items()}
        for name, definition in titled.items():
            if name in self.schemas and self.schemas[name] != definition:
                raise SchemaNameCollision(f"Two different schemas are both called {name!r}.")
        super().add_schema_definitions(titled)

    def operation_details(self, operation: Operation) -> dict[str, Any]:
        operation_id = operation.operation_id or self.api.get_openapi_operation_id(operation)
        if operation_id in self.all_operation_ids:
            raise SchemaNameCollision(f"Two operations are both called {operation_id!r}.")
        return super().operation_details(operation)


class CadenceAPI(NinjaAPI):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._built_schemas: dict[tuple[str, str | None], OpenAPISchema] = {}

    def get_openapi_operation_id(self, operation: Operation) -> str:
        """The view function's name: short, and stable as long as the function keeps it. A function
        renamed after clients were generated keeps its published id with `published_as`."""
        return operation.view_func.__name__

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        """Built once per worker, prefix and language: the routes are fixed once the URLconf is
        loaded, and building the document walks every schema (about 250 ms per request otherwise)."""
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        key = (path_prefix, translation.get_language())
        if key not in self._built_schemas:
            self._built_schemas[key] = ContractSchema(self, path_prefix)
        return self._built_schemas[key]


api = CadenceAPI(
    title="Cadence API",
    version="1",
    description="Performance management. Authenticate with a session or `Authorization: Bearer <token>`; "
    "create tokens on your profile page or with `cadence createtoken EMAIL`.",
    auth=API_AUTH,
    urls_namespace="api",
)
install_error_handlers(api)
api.add_router("/", people_router)
api.add_router("/", notifications_router)
api.add_router("/", goals_router)
api.add_router("/", feedback_router)
api.add_router("/", checkins_router)
api.add_router("/", meetings_router)
api.add_router("/", frameworks_router)
api.add_router("/", careers_router)
