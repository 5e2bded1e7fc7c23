"""Per-row figures as correlated subqueries. An aggregate over a join (`Count("comments")`) makes the
database group every row the filter lets through before ORDER BY and LIMIT cut the page; a subquery
is worked out only for the rows the page shows."""

from django.db.models import Count, IntegerField, Model, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


def count_per_row(related: type[Model], field: str) -> Coalesce:
    """How many `related` rows point at each row through the foreign key `field` (0 when none)."""
    rows = related._default_manager.filter(**{field: OuterRef("pk")}).order_by().values(field)
    counted = rows.annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))
