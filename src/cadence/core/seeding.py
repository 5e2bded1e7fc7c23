"""Set-based writing for `cadence seed`: what every module's scale seeder shares.

A module's seeder plans its rows in Python (from its own `random.Random`, so the same seed always
gives the same rows) and adds them to `Table`s, which write them in batches: `cursor.executemany`
on SQLite, `COPY` on PostgreSQL (where executemany costs a round trip per row), several times
faster than `bulk_create` because no model instance is built. Ids are handed out up front from the
table's current maximum, so rows can link to each other before anything is written; PostgreSQL's
sequences are moved past them afterwards.
This is set-up data written while nobody else writes (the seed command), not a way to write from a
request: it bypasses the services on purpose, so it writes no audit events and sends nothing.

`SeedContext` carries what every seeder needs: the organisation just seeded (plain records, not
model instances), the moment "now" the year of history ends at, a random generator per module and
the counts each seeder reports."""

import datetime
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max

BATCH_SIZE = 2000
Converter = Callable[[Any], Any]


def _converter(f: models.Field) -> Converter | None:
    """How a column's Python value becomes what the database driver takes; None: as it is. The
    shortcuts give exactly what Django's own adaptation gives, for the values seeders plan in."""
    ops = connection.ops
    if isinstance(f, models.DateTimeField):
        return _sqlite_datetime if connection.vendor == "sqlite" else ops.adapt_datetimefield_value
    if isinstance(f, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(f, models.DecimalField):
        # Both drivers take a Decimal as it is; seeders quantize to the field's places themselves.
        return lambda value: value if isinstance(value, Decimal) else f.get_db_prep_save(value, connection)
    if isinstance(f, models.JSONField):
        return lambda value: f.get_db_prep_save(value, connection)
    return None


def _sqlite_datetime(value: datetime.datetime) -> Any:
    """Django's SQLite adaptation (naive UTC as text) without its per-value settings lookups."""
    if value.tzinfo is datetime.UTC:
        return str(value.replace(tzinfo=None))
    return connection.ops.adapt_datetimefield_value(value)


def update_column(model: type[models.Model], column: str, values: Iterable[tuple[Any, int]]) -> None:
    """Set one column of many rows, given (value, id) pairs: `executemany` in batches, several
    times faster than `bulk_update`'s CASE expressions on big tables."""
    qn = connection.ops.quote_name
    pk_column = str(model._meta.pk.column)  # type: ignore[union-attr]
    sql = f"UPDATE {qn(model._meta.db_table)} SET {qn(column)} = %s WHERE {qn(pk_column)} = %s"
    pairs = list(values)
    with connection.cursor() as cursor:
        for at in range(0, len(pairs), BATCH_SIZE):
            cursor.executemany(sql, pairs[at : at + BATCH_SIZE])


class Table:
    """Rows for one model (or a many-to-many through model), with ids known before they are written.

    `add(*values)` takes the values of `fields` in order (foreign keys as ids) and returns the new
    row's id. `write()` inserts everything added, in batches, and resets the id sequence. Columns
    not in `fields` get the model's default (or NULL), so a field a module adds later needs no
    change in its seeder. A Table of no fields only plans ids."""

    def __init__(self, model: type[models.Model], fields: Sequence[str]) -> None:
        self.model = model
        meta = model._meta
        given = [meta.get_field(name) for name in fields]
        rest = [f for f in meta.concrete_fields if f is not meta.pk and f not in given] if fields else []
        self.defaults = tuple(f.get_default() for f in rest)
        self.fields = [meta.pk, *given, *rest]
        self.start = (model._default_manager.aggregate(m=Max("pk"))["m"] or 0) + 1
        self.next_id = self.start
        self.rows: list[tuple[Any, ...]] = []
        self.written = 0

    def add(self, *values: Any) -> int:
        pk = self.next_id
        self.next_id += 1
        self.add_planned(pk, *values)
        return pk

    def add_planned(self, pk: int, *values: Any) -> None:
        """A row whose id was planned earlier (see `next_id`), for rows that link both ways."""
        self.rows.append((pk, *values, *self.defaults))

    def __len__(self) -> int:
        return self.written + len(self.rows)

    def write(self) -> int:
        if not self.rows:
            return 0
        qn = connection.ops.quote_name
        columns = ", ".join(qn(str(f.column)) for f in self.fields)  # type: ignore[union-attr]
        marks = ", ".join(["%s"] * len(self.fields))
        table = qn(self.model._meta.db_table)
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
        converters = [(i, c) for i, f in enumerate(self.fields) if (c := _converter(f)) is not None]  # type: ignore[arg-type]
        with connection.cursor() as cursor:
            for at in range(0, len(self.rows), BATCH_SIZE):
                batch = self.rows[at : at + BATCH_SIZE]
                values = _converted(batch, converters) if converters else batch
                if connection.vendor == "postgresql":
                    _copy(cursor, table, columns, values)
                else:
                    cursor.executemany(sql, values)
        written = len(self.rows)
        self.written += written
        self.rows = []
        reset_sequences([self.model])
        return written


def _copy(cursor: Any, table: str, columns: str, rows: Sequence[Sequence[Any]]) -> None:
    """PostgreSQL: COPY the rows in, one statement per batch (psycopg adapts each value as for a
    query). `executemany` would make a round trip per row there."""
    with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _converted(rows: list[tuple[Any, ...]], converters: list[tuple[int, Converter]]) -> list[list[Any]]:
    out = []
    for row in rows:
        values = list(row)
        for i, convert in converters:
            if values[i] is not None:
                values[i] = convert(values[i])
        out.append(values)
    return out


def reset_sequences(model_list: Iterable[type[models.Model]]) -> None:
    """Move the id sequences past ids written explicitly (PostgreSQL; SQLite needs nothing)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(model_list))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


@dataclass(frozen=True)
class SeedPerson:
    id: int
    user_id: int | None
    manager_id: int | None
    path: str
    department_id: int | None
    team_id: int | None
    first_name: str
    last_name: str
    start_date: datetime.date

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True)
class SeedDepartment:
    id: int
    parent_id: int | None
    name: str


@dataclass(frozen=True)
class SeedTeam:
    id: int
    department_id: int | None
    name: str


@dataclass
class SeedContext:
    seed: int
    now: datetime.datetime  # aware; the year of history ends here
    people: list[SeedPerson]  # managers before their reports
    departments: list[SeedDepartment]
    teams: list[SeedTeam]
    counts: dict[str, int] = field(default_factory=dict)
    shared: dict[str, Any] = field(default_factory=dict)  # what one seeder leaves for a later one

    def __post_init__(self) -> None:
        self.by_id = {p.id: p for p in self.people}
        self.reports: dict[int, list[SeedPerson]] = {p.id: [] for p in self.people}
        for person in self.people:
            if person.manager_id in self.reports:
                self.reports[person.manager_id].append(person)
        self.team_members: dict[int, list[SeedPerson]] = {}
        for person in self.people:
            if person.team_id is not None:
                self.team_members.setdefault(person.team_id, []).append(person)

    @property
    def today(self) -> datetime.date:
        return self.now.date()

    @property
    def year_ago(self) -> datetime.datetime:
        return self.now - datetime.timedelta(days=365)

    def rng(self, module: str) -> random.Random:
        """A generator of the module's own: what one module draws does not shift another's rows."""
        return random.Random(f"{self.seed}:{module}")

    def active_since(self, person: SeedPerson) -> datetime.datetime:
        """When the person's history can start: a year ago, or when they joined if later."""
        joined = datetime.datetime.combine(person.start_date, datetime.time(9), tzinfo=datetime.UTC)
        return max(self.year_ago, joined)

    def colleagues(self, person: SeedPerson) -> list[SeedPerson]:
        """The people someone works with most: their manager, their reports and their peers."""
        near = list(self.reports[person.id])
        if person.manager_id is not None:
            near.append(self.by_id[person.manager_id])
            near += [p for p in self.reports[person.manager_id] if p.id != person.id]
        return near

    def write(self, module: str, tables: dict[str, Table]) -> None:
        """Write the module's tables in this order and count each as `<module>.<label>`."""
        for label, table in tables.items():
            table.write()
            self.count(f"{module}.{label}", table)

    def count(self, label: str, table: Table | int) -> None:
        self.counts[label] = self.counts.get(label, 0) + (table if isinstance(table, int) else len(table))


def moment(rng: random.Random, start: datetime.datetime, end: datetime.datetime) -> datetime.datetime:
    """A moment between start and end on a working day's hours (UTC), whole seconds."""
    span = max(0, int((end - start).total_seconds()))
    when = start + datetime.timedelta(seconds=rng.randrange(span + 1))
    if when.weekday() >= 5:
        when -= datetime.timedelta(days=when.weekday() - 4)
    return min(end, max(start, when.replace(hour=8 + rng.randrange(9), microsecond=0)))
