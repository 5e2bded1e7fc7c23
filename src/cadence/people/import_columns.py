"""Columns other modules add to the people import (competencies adds `track` and `level`). A module
registers them from its AppConfig.ready(), so people needs to know no module above it.

- `check(rows)` runs in the dry run after the people columns are checked, with each row and the
  person it matches (None for someone new): it adds errors to `plan.errors` (with their column) and
  what would change to `plan.changes` (keyed by its columns). The text of its columns is in
  `plan.values`; `plan.values["department"]` is the Department the row names (or its name, when the
  import creates it, or None).
- `write(actor, rows)` runs when the file is applied, after people are written, with each row that
  has no errors and the person it is about (created or existing)."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from cadence.core.models import User

from .models import Employee


class ImportRow(Protocol):
    """What a module sees of a row (import_rows.RowPlan)."""

    row: int
    action: str
    values: dict[str, Any]
    changes: dict[str, list[str | None]]
    errors: list[dict[str, str]]


@dataclass(frozen=True)
class ImportColumns:
    columns: tuple[str, ...]
    check: Callable[[Sequence[tuple[ImportRow, Employee | None]]], None]
    write: Callable[[User, Sequence[tuple[ImportRow, Employee]]], None]


_REGISTERED: list[ImportColumns] = []


def import_columns_register(columns: ImportColumns) -> None:
    if columns not in _REGISTERED:
        _REGISTERED.append(columns)


def import_columns() -> list[ImportColumns]:
    return list(_REGISTERED)


def extra_column_names() -> tuple[str, ...]:
    return tuple(name for registered in _REGISTERED for name in registered.columns)
