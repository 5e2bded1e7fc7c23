"""The base of every request body schema, and the types its fields need to read JSON strictly."""

import datetime
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import BeforeValidator, ModelWrapValidatorHandler, StrictInt, ValidationInfo, model_validator
from pydantic_core import PydanticCustomError

from .text import cleaned_titles_and_names


class InputSchema(Schema):
    """A JSON object sent by a client. Ninja's Schema reads its input by attribute, so that it can
    load model instances; for a request body that takes a JSON array or string for an object with
    every field left out (a PATCH that changes nothing, answered 200). A body is JSON, so here it
    is read as the object it must be, and anything else is invalid input (422)."""

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(
        cls, values: Any, handler: ModelWrapValidatorHandler[Any], info: ValidationInfo
    ) -> Any:
        # Same name as ninja's validator on Schema, so that it replaces it for request bodies.
        if not isinstance(values, dict):
            raise PydanticCustomError("object_type", _("Send a JSON object."))
        # The API's input boundary for titles and names (core.text); nested bodies are InputSchemas too.
        return handler(cleaned_titles_and_names(values.items()))


def _text(value: Any) -> Any:
    # JSON has no date type: a date is text. Pydantic would also read a number as a Unix time
    # (0 as 1970-01-01), which a client never means.
    if not isinstance(value, str | datetime.date):
        raise PydanticCustomError("date_text", _("Send dates as text (ISO 8601)."))
    return value


IsoDate = Annotated[datetime.date, BeforeValidator(_text)]
IsoDateTime = Annotated[datetime.datetime, BeforeValidator(_text)]


class VersionedInput(InputSchema):
    """The body of an edit of a versioned object (core.versioning): it carries the version it was
    made from, here or as If-Match."""

    version: StrictInt | None = Field(
        None,
        ge=1,
        le=2**31 - 1,
        description="The version you started editing from (every answer carries it; also the ETag). "
        'Required for an edit, here or as an If-Match: "<version>" header; a stale one answers 409.',
    )
