"""Schemas of the careers API, and the filters the pages read with the same definitions
(core.http.parse_query)."""

import datetime
from typing import Literal

from ninja import Field, Schema

from cadence.core.http import Id
from cadence.core.schemas import InputSchema, IsoDate
from cadence.people.schemas import PersonRef

from .models import Placement, PromotionReadiness

# Filters ------------------------------------------------------------------------------------------


class GapFilters(Schema):
    group_by: Literal["department", "team", "track"] = "department"
    department: Id | None = Field(None, description="A department id: it and the departments below it.")
    track: Id | None = Field(None, description="A track id of a published version.")


class ReadinessFilters(Schema):
    department: Id | None = Field(None, description="A department id: it and the departments below it.")
    track: str = Field("", max_length=60, description="A track key: people currently on that track.")
    readiness: Literal["", "ready_now", "ready_soon", "not_yet"] = ""


# Placement --------------------------------------------------------------------------------------


class LevelOut(Schema):
    id: int
    key: str
    code: str
    title: str
    track_id: int
    track_key: str = Field(alias="track.key")
    track_name: str = Field(alias="track.name")
    framework_id: int = Field(alias="track.framework_version.framework_id")
    framework_version: int = Field(alias="track.framework_version.number")


class PlacementOut(Schema):
    id: int
    level: LevelOut
    effective_from: datetime.date
    reason: str
    note: str
    created_at: datetime.datetime


class PlacementsOut(Schema):
    current: PlacementOut | None
    current_level: LevelOut | None = Field(
        description="The current placement's level read in the published version (null when removed)."
    )
    history: list[PlacementOut]


class PlacementIn(InputSchema):
    level: Id = Field(description="A level id of a published framework version.")
    effective_from: IsoDate | None = Field(None, description="Default: today.")
    reason: Literal["", *Placement.Reason.values] = Field("", description="Empty: derived.")  # type: ignore[valid-type]
    note: str = Field("", max_length=2000)


# Competencies and gaps ----------------------------------------------------------------------------


class AssessmentOut(Schema):
    id: int
    competency_key: str = Field(alias="competency.key")
    level: LevelOut
    source: str
    comment: str
    assessed_at: datetime.datetime


class CompetencyGapOut(Schema):
    key: str
    name: str
    theme: str
    expectation: str
    next_expectation: str
    assessed_level: LevelOut | None = Field(
        description="The latest assessment's level, in the published version."
    )
    source: str | None
    assessed_at: datetime.datetime | None
    state: str = Field(description="below, at, above or not_assessed: against the person's level.")
    gap: int | None = Field(description="Levels above (positive) or below (negative) the person's level.")
    next_state: str | None = Field(description="Against the next level (null at the top of the track).")
    next_gap: int | None


class CompetenciesOut(Schema):
    person: PersonRef
    level: LevelOut | None
    next_level: LevelOut | None
    competencies: list[CompetencyGapOut]
    assessments: list[AssessmentOut]


class AssessmentIn(InputSchema):
    competency: Id = Field(description="A competency id of the person's published framework version.")
    level: Id = Field(description="A level id of the same version.")
    comment: str = Field(min_length=1, max_length=5000)


# The heatmap --------------------------------------------------------------------------------------


class GapCellOut(Schema):
    group_id: int | None
    above: int
    at: int
    below: int
    not_assessed: int
    total: int


class GapRowOut(Schema):
    key: str
    name: str
    framework: str
    cells: list[GapCellOut] = Field(description="Groups in which someone is measured on the competency.")


class GapGroupOut(Schema):
    id: int | None
    name: str
    people: int


class GapsOut(Schema):
    group_by: str
    groups: list[GapGroupOut]
    competencies: list[GapRowOut]
    people: int
    unplaced: int


# Promotion readiness --------------------------------------------------------------------------------


class ReadinessOut(Schema):
    id: int
    person: PersonRef = Field(alias="employee")
    readiness: str
    evidence: str
    target_level_id: int | None
    marked_at: datetime.datetime
    track_key: str | None = None


class ReadinessIn(InputSchema):
    readiness: Literal[*PromotionReadiness.Readiness.values]  # type: ignore[valid-type]
    evidence: str = Field(min_length=1, max_length=5000)
    target_level: Id | None = None


class DirectoryFilters(Schema):
    """The people directory's query string (/people/?...), for placing its selection in bulk: the
    parameters of cadence.people.selectors.person_list."""

    search: str = Field("", max_length=200)
    department: Id | None = None
    manager: Id | None = None
    under: Id | None = None
    team: Id | None = None
    location: str = Field("", max_length=100)
    status: str = Field("", max_length=20)
