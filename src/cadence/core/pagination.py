"""API pagination for every list route: use this class, not ninja's, with `@paginate(...)`.

Ninja's LimitOffsetPagination leaves `offset` unbounded, and an offset beyond a 64-bit integer
makes the database driver raise (SQLite: OverflowError; PostgreSQL: out of range): a 500. Here
offsets are bounded, so such input answers 422 with a field error like any other bad input."""

from collections.abc import Callable, Iterable

from django.db.models import Model, QuerySet
from ninja import Field, Schema
from ninja.conf import settings as ninja_settings
from ninja.pagination import LimitOffsetPagination as NinjaLimitOffsetPagination

MAX_OFFSET = 1_000_000_000


class LimitOffsetPagination(NinjaLimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(ninja_settings.PAGINATION_PER_PAGE, ge=1, le=ninja_settings.PAGINATION_MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)


class MarkedPages[M: Model]:
    """A queryset a paginator slices lazily, each page passed through `mark` as it is taken (what
    the actor may read of each row, the links each may follow), so marking costs the same queries
    for a page of 10 as for one of 100, and nothing for the rows outside the page."""

    def __init__(self, qs: QuerySet[M], mark: Callable[[list[M]], Iterable[M]]) -> None:
        self.qs, self.mark = qs, mark

    def count(self) -> int:
        return self.qs.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item: slice) -> list[M]:
        return list(self.mark(list(self.qs[item])))


class IdsFirst[M: Model](MarkedPages[M]):
    """MarkedPages that takes a page in two steps: the page's ids (the sort over narrow rows), then
    those rows with their joined columns and prefetches. Sorting every visible row together with
    its joins was most of a large list's time (the praise wall at 10,000 people: 136 ms -> ...)."""

    def __getitem__(self, item: slice) -> list[M]:
        ids = list(self.qs.values_list("pk", flat=True)[item])
        rows = self.qs.order_by().in_bulk(ids)
        return list(self.mark([rows[pk] for pk in ids]))
