"""One row of the people import: its plan (what will happen, the changes, the errors with their
column), its typed values, and the report over all rows. Each row is checked on its own here and
against the other rows of the file (duplicates); import_checks.py checks it against the organisation."""

import datetime
from dataclasses import asdict, dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.utils.translation import gettext as _

from cadence.core.text import without_bidi_controls

from .import_columns import extra_column_names
from .import_reading import OPTIONAL, REQUIRED
from .models import Employee


@dataclass
class RowPlan:
    row: int
    employee_id: str
    name: str
    action: str = "unchanged"  # create | update | deactivate | reactivate | unchanged | error
    changes: dict[str, list[str | None]] = field(default_factory=dict)
    errors: list[dict[str, str]] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class ImportReport:
    dry_run: bool
    rows: list[RowPlan]
    file_errors: list[dict[str, str | int]]
    applied: bool = False

    @property
    def valid(self) -> bool:
        return not self.file_errors and not any(r.errors for r in self.rows)

    @property
    def errors(self) -> list[dict[str, str | int]]:
        return self.file_errors + [{"row": r.row, **e} for r in self.rows for e in r.errors]

    @property
    def counts(self) -> dict[str, int]:
        counts = {a: 0 for a in ("create", "update", "deactivate", "reactivate", "unchanged", "error")}
        for r in self.rows:
            counts["error" if r.errors else r.action] += 1
        return counts

    def as_dict(self) -> dict[str, Any]:
        rows = [{k: v for k, v in asdict(r).items() if k != "values"} for r in self.rows]
        return {
            "dry_run": self.dry_run,
            "valid": self.valid,
            "applied": self.applied,
            "counts": self.counts,
            "errors": self.errors,
            "rows": rows,
        }


def cell_text(value: Any) -> str:
    """A cell as text. Every column is a short one-line value (names, titles, emails, dates), so
    bidirectional controls go, as they do from titles and names typed into forms (core.text)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return without_bidi_controls(str(value).strip())


def _parse_date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = cell_text(value)
    if not text:
        return None
    for fmt in ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(_("“%(value)s” is not a date; use YYYY-MM-DD.") % {"value": text})


def _choice(value: str, choices: type[models.TextChoices], column: str, default: str = "") -> str:
    key = value.lower().replace(" ", "_").replace("-", "_")
    if not key:
        return default
    if key in choices.values:
        return key
    for choice_value, label in choices.choices:
        if key == str(label).lower().replace(" ", "_").replace("-", "_"):
            return choice_value
    raise ValueError(
        _("“%(value)s” is not one of: %(choices)s.") % {"value": value, "choices": ", ".join(choices.values)}
    )


def clean_row(raw: dict[str, Any], plan: RowPlan) -> dict[str, Any]:
    """Typed values for one row; problems are added to plan.errors with their column."""
    names = (*REQUIRED, *OPTIONAL, *extra_column_names())
    values: dict[str, Any] = {name: cell_text(raw.get(name)) for name in names}
    values["email"] = values["email"].lower()
    values["manager_email"] = values["manager_email"].lower()

    def error(column: str, message: str) -> None:
        plan.errors.append({"column": column, "message": message})

    for column in REQUIRED:
        if not values[column]:
            error(column, _("This column is required."))
    if values["email"]:
        try:
            validate_email(values["email"])
        except ValidationError:
            error("email", _("“%(value)s” is not a valid email address.") % {"value": values["email"]})
    try:
        values["start_date"] = _parse_date(raw.get("start_date"))
    except ValueError as exc:
        error("start_date", str(exc))
    for column, choices, default in (
        ("employment_type", Employee.EmploymentType, Employee.EmploymentType.FULL_TIME),
        ("status", Employee.Status, Employee.Status.ACTIVE),
        ("gender", Employee.Gender, ""),
    ):
        try:
            values[column] = _choice(values[column], choices, column, default)
        except ValueError as exc:
            error(column, str(exc))
    if year := values["birth_year"]:
        # isascii(): str.isdecimal() also takes other scripts' digits ("١٩٩٠"), which int() reads.
        if not (year.isascii() and year.isdecimal() and 1900 <= int(year) <= 2100):
            error("birth_year", _("Enter a four-digit year."))
        else:
            values["birth_year"] = int(year)
    values["birth_year"] = values["birth_year"] or None
    for column, limit in (
        ("employee_id", 50),
        # validate_email allows 320 characters, the EmailField column 254: PostgreSQL would refuse the apply.
        ("email", 254),
        ("first_name", 100),
        ("last_name", 100),
        ("job_title", 150),
        ("job_level", 30),
        ("location", 100),
        ("department", 150),
        ("team", 150),
    ):
        if len(values[column]) > limit:
            error(column, _("At most %(n)s characters.") % {"n": limit})
    return values


def plan_rows(rows: list[dict[str, Any]]) -> list[RowPlan]:
    """Each row's plan with its typed values, and the rows that repeat an employee ID or email."""
    plans: list[RowPlan] = []
    seen_ids: dict[str, int] = {}
    seen_emails: dict[str, int] = {}
    for index, raw in enumerate(rows, start=2):  # row 1 is the header
        plan = RowPlan(
            row=index,
            employee_id=cell_text(raw.get("employee_id")),
            name=f"{cell_text(raw.get('first_name'))} {cell_text(raw.get('last_name'))}".strip(),
        )
        values = clean_row(raw, plan)
        for key, seen, column in (
            (values["employee_id"], seen_ids, "employee_id"),
            (values["email"], seen_emails, "email"),
        ):
            if key and key in seen:
                plan.errors.append(
                    {"column": column, "message": _("Duplicate of row %(row)s.") % {"row": seen[key]}}
                )
            elif key:
                seen[key] = index
        plan.values = values
        plans.append(plan)
    return plans
