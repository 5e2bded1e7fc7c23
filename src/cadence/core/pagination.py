"""API pagination for every list route: use this class, not ninja's, with `@paginate(...)`.

Ninja's LimitOffsetPagination leaves `offset` unbounded, and an offset beyond a 64-bit integer
makes the database driver raise (SQLite: OverflowError; PostgreSQL: out of range): a 500. Here
offsets are bounded, so such input answers 422 with a field error like any other bad input."""

from ninja import Field, Schema
from ninja.conf import settings as ninja_settings
from ninja.pagination import LimitOffsetPagination as NinjaLimitOffsetPagination

MAX_OFFSET = 1_000_000_000


class LimitOffsetPagination(NinjaLimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(ninja_settings.PAGINATION_PER_PAGE, ge=1, le=ninja_settings.PAGINATION_MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)
