"""The directory's filters: one definition for /people/ and GET /api/v1/people. The API answers
422 for a bad value; the page ignores it and says so (core.http.parse_query)."""

from ninja import Schema

from cadence.core.http import Id


class PeopleFilters(Schema):
    search: str = ""
    department: Id | None = None
    manager: Id | None = None
    under: Id | None = None
    team: Id | None = None
    location: str = ""
    status: str = ""


class OrgChartFilters(Schema):
    focus: Id | None = None  # the person the chart opens at, with their manager chain


class TeamFilters(Schema):
    """The team list of the departments page: a name search and one department."""

    search: str = ""
    department: Id | None = None
