"""Schemas of the competency frameworks API: a version's whole content, the edits HR makes, and
import and export documents."""

import datetime
from typing import Literal

from ninja import Field, Schema
from pydantic import StrictBool

from cadence.core.schemas import InputSchema, VersionedInput


class FrameworkOut(Schema):
    id: int
    name: str
    description: str
    is_general: bool
    published_version: int | None = Field(None, description="The number everyone reads.")
    draft_version: int | None = Field(None, description="HR only: the draft's number, if there is one.")


class FrameworkLevelOut(Schema):
    id: int
    key: str
    code: str
    title: str
    summary: str


class FrameworkTrackOut(Schema):
    id: int
    key: str
    name: str
    description: str
    levels: list[FrameworkLevelOut]


class FrameworkThemeOut(Schema):
    id: int
    key: str
    name: str
    description: str


class FrameworkExpectationOut(Schema):
    id: int
    level_key: str
    track_key: str
    text: str = Field(description="Markdown.")
    version: int


class FrameworkCompetencyOut(Schema):
    id: int
    key: str
    name: str
    description: str
    theme_key: str
    tracks: list[str] = Field(description="Track keys it is limited to; empty: every track.")
    expectations: list[FrameworkExpectationOut]


class FrameworkVersionOut(Schema):
    framework: FrameworkOut
    number: int
    status: Literal["draft", "published", "retired"]
    notes: str
    published_at: datetime.datetime | None
    tracks: list[FrameworkTrackOut]
    themes: list[FrameworkThemeOut]
    competencies: list[FrameworkCompetencyOut]


class FrameworkIn(InputSchema):
    name: str = Field(min_length=1, max_length=150)
    description: str = Field("", max_length=5000)
    is_general: StrictBool = False


class ExpectationPatchIn(VersionedInput):
    text: str = Field(max_length=10_000)


class FrameworkPublishIn(InputSchema):
    notes: str = Field(min_length=1, max_length=5000, description="What changed, for everyone to read.")


class FrameworkImportIn(InputSchema):
    text: str = Field(max_length=2_000_000, description="A YAML or JSON document (docs/competencies.md).")
    dry_run: StrictBool = Field(True, description="Say what importing would do, and write nothing.")


class FrameworkChangeOut(Schema):
    kind: str
    created: list[str]
    changed: list[str]
    removed: list[str]


class FrameworkImportOut(Schema):
    framework_name: str
    new_framework: bool
    draft_number: int
    dry_run: bool
    framework_id: int | None
    changes: list[FrameworkChangeOut]


class FrameworkExportOut(Schema):
    format: Literal["yaml", "json"]
    filename: str
    document: str = Field(description="The version as YAML or JSON text, as the import reads it.")
