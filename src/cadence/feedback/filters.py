"""The praise wall's filters: one definition for /feedback/ and GET /api/v1/praise. The API answers
422 for a bad value; the page ignores it and says so (core.http.parse_query)."""

from ninja import Schema

from cadence.core.http import Id


class PraiseFilters(Schema):
    value: Id | None = None
    department: Id | None = None
    person: Id | None = None
