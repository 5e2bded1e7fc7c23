"""Importing people from an HRIS export (CSV or XLSX).

The whole file is read and checked first; a row-by-row plan (create, update, deactivate,
unchanged) and every error with its row and column come back. Nothing is written unless the whole
file is valid, and importing the same file twice changes nothing. Queries do not grow with the
number of rows: existing people, departments and teams are loaded once, writes are bulk."""

import csv
import datetime
import io
from dataclasses import asdict, dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadence.core.accounts import sign_ins_end
from cadence.core.audit import audit_events_build, audit_record
from cadence.core.errors import Conflict
from cadence.core.models import AuditEvent, User
from cadence.core.permissions import ADMIN_RIGHTS, is_hr, is_system_admin
from cadence.core.text import without_bidi_controls
from cadence.core.tree import tree_path

from .models import Department, Employee, PeopleImport, Team
from .services import PERSON_FIELDS

REQUIRED = ("employee_id", "first_name", "last_name", "email")
OPTIONAL = (
    "job_title",
    "job_level",
    "department",
    "team",
    "location",
    "manager_email",
    "manager_employee_id",
    "start_date",
    "employment_type",
    "status",
    "gender",
    "birth_year",
)
ALIASES = {
    "work_email": "email",
    "email_address": "email",
    "id": "employee_id",
    "employee_number": "employee_id",
    "title": "job_title",
    "level": "job_level",
    "manager": "manager_email",
    "manager_id": "manager_employee_id",
    "hire_date": "start_date",
    "office": "location",
    "given_name": "first_name",
    "family_name": "last_name",
    "surname": "last_name",
}
# Fields compared to decide whether a row changes anything.
# Fields an import row sets as they are; department, team and manager are resolved to objects.
RELATED = ("department", "team", "manager")
PLAIN_FIELDS = (*(f for f in PERSON_FIELDS if f not in RELATED), "status")
# Fields compared to decide whether a row changes anything (the employee ID is how rows match).
COMPARED = (*(f for f in PLAIN_FIELDS if f != "employee_id"), *RELATED)


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


class FileProblem(Exception):
    pass


# --- reading -------------------------------------------------------------------------------


def _header_key(name: object) -> str:
    key = str(name or "").strip().lower().replace(" ", "_").replace("-", "_")
    return ALIASES.get(key, key)


def _read_rows(content: bytes, filename: str) -> list[dict[str, Any]]:
    if filename.lower().endswith((".xlsx", ".xlsm")) or content[:2] == b"PK":
        table = _read_xlsx(content)
    else:
        table = _read_csv(content)
    table = [row for row in table if any(str(c or "").strip() for c in row)]
    if not table:
        raise FileProblem(_("The file is empty."))
    header = [_header_key(h) for h in table[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise FileProblem(_("Missing required columns: %(cols)s.") % {"cols": ", ".join(missing)})
    if len(table) - 1 > settings.CADENCE_IMPORT_MAX_ROWS:
        raise FileProblem(_("The file has more than %(n)s rows.") % {"n": settings.CADENCE_IMPORT_MAX_ROWS})
    width = len(header)
    return [dict(zip(header, [*row, *[None] * (width - len(row))][:width], strict=True)) for row in table[1:]]


def _read_csv(content: bytes) -> list[list[Any]]:
    if b"\x00" in content:
        raise FileProblem(_("This is not a CSV or XLSX file."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("latin-1")
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return list(csv.reader(io.StringIO(text), dialect))
    except csv.Error as exc:
        raise FileProblem(_("This CSV file cannot be read: %(error)s.") % {"error": exc}) from exc


def _read_xlsx(content: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise FileProblem(_("This is not a readable XLSX file.")) from exc
    sheet = workbook.worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


# --- checking ------------------------------------------------------------------------------


def _text(value: Any) -> str:
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
    text = _text(value)
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


def _clean_row(raw: dict[str, Any], plan: RowPlan) -> dict[str, Any]:
    """Typed values for one row; problems are added to plan.errors with their column."""
    values: dict[str, Any] = {name: _text(raw.get(name)) for name in (*REQUIRED, *OPTIONAL)}
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


@dataclass
class _Org:
    """The organisation as it is now, loaded in a fixed number of queries."""

    by_employee_id: dict[str, Employee]
    by_email: dict[str, Employee]
    by_pk: dict[int, Employee]
    departments: dict[str, list[Department]]
    teams: dict[tuple[int | None, str], Team]
    user_emails: dict[str, int]
    admin_users: set[int]  # logins with admin rights: only a system admin may change their email or status
    renamed: dict[str, str] = field(default_factory=dict)  # old employee ID -> new one, set by the file

    @classmethod
    def load(cls) -> "_Org":
        people = list(Employee.objects.select_related("department", "team"))
        departments: dict[str, list[Department]] = {}
        for dept in Department.objects.all():
            departments.setdefault(dept.name.lower(), []).append(dept)
        teams = {(t.department_id, t.name.lower()): t for t in Team.objects.all()}
        user_emails = {email.lower(): pk for pk, email in User.objects.values_list("pk", "email")}
        admin_users = set(User.objects.filter(ADMIN_RIGHTS).values_list("pk", flat=True))
        return cls(
            by_employee_id={p.employee_id: p for p in people},
            by_email={p.email.lower(): p for p in people},
            by_pk={p.pk: p for p in people},
            departments=departments,
            teams=teams,
            user_emails=user_emails,
            admin_users=admin_users,
        )


def _plan_rows(rows: list[dict[str, Any]], org: _Org) -> list[RowPlan]:
    plans: list[RowPlan] = []
    seen_ids: dict[str, int] = {}
    seen_emails: dict[str, int] = {}
    for index, raw in enumerate(rows, start=2):  # row 1 is the header
        plan = RowPlan(
            row=index,
            employee_id=_text(raw.get("employee_id")),
            name=f"{_text(raw.get('first_name'))} {_text(raw.get('last_name'))}".strip(),
        )
        values = _clean_row(raw, plan)
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


def _existing_for(values: dict[str, Any], org: _Org) -> Employee | None:
    return org.by_employee_id.get(values["employee_id"]) or org.by_email.get(values["email"])


def _check_identity(plans: list[RowPlan], org: _Org) -> None:
    for plan in plans:
        values = plan.values
        existing = _existing_for(values, org)
        owner = org.by_email.get(values["email"])
        login = org.user_emails.get(values["email"])
        if owner is not None and existing is not None and owner.pk != existing.pk:
            plan.errors.append(
                {
                    "column": "email",
                    "message": _("%(email)s already belongs to %(name)s (%(id)s).")
                    % {"email": values["email"], "name": owner.full_name, "id": owner.employee_id},
                }
            )
        elif login is not None and login != (existing.user_id if existing else None):
            # Also for an update: login emails are unique, so taking another login's email would fail.
            plan.errors.append({"column": "email", "message": _("Another account already uses this email.")})


def _manager_key(
    plan: RowPlan, org: _Org, file_by_email: dict[str, RowPlan], file_by_id: dict[str, RowPlan]
) -> tuple[str | None, str | None]:
    """The employee_id of the row's manager, or an error message."""
    values = plan.values
    ref_email, ref_id = values["manager_email"], values["manager_employee_id"]
    if not ref_email and not ref_id:
        return None, None
    if ref_id:
        if ref_id in file_by_id or ref_id in org.by_employee_id:
            return ref_id, None
        return None, _("No person with employee ID “%(ref)s” in the file or in Cadence.") % {"ref": ref_id}
    if ref_email in file_by_email:
        return file_by_email[ref_email].values["employee_id"], None
    if ref_email in org.by_email:
        return org.by_email[ref_email].employee_id, None
    return None, _("Unknown manager “%(ref)s”: not in the file and not in Cadence.") % {"ref": ref_email}


def _check_managers(plans: list[RowPlan], org: _Org) -> dict[str, str | None]:
    """Resolve managers to employee ids and check the final reporting graph has no cycle."""
    file_by_email = {p.values["email"]: p for p in plans if p.values.get("email")}
    file_by_id = {p.values["employee_id"]: p for p in plans if p.values.get("employee_id")}
    column_of = {
        p.row: "manager_employee_id" if p.values["manager_employee_id"] else "manager_email" for p in plans
    }
    # A row may rename someone's employee ID: the graph uses the new IDs, and references to the
    # old ID (from the file or from people not in it) still mean that person.
    for plan in plans:
        existing = _existing_for(plan.values, org)
        if existing and plan.values["employee_id"] and existing.employee_id != plan.values["employee_id"]:
            org.renamed[existing.employee_id] = plan.values["employee_id"]

    def current_id(employee_id: str) -> str:
        return org.renamed.get(employee_id, employee_id)

    # The final graph: everyone already in Cadence, overridden by the file.
    graph: dict[str, str | None] = {
        current_id(p.employee_id): (
            current_id(org.by_pk[p.manager_id].employee_id) if p.manager_id in org.by_pk else None
        )
        for p in org.by_pk.values()
    }
    status: dict[str, str] = {current_id(p.employee_id): p.status for p in org.by_pk.values()}
    for plan in plans:
        key, problem = _manager_key(plan, org, file_by_email, file_by_id)
        key = current_id(key) if key else key
        if problem:
            plan.errors.append({"column": column_of[plan.row], "message": problem})
        elif key == plan.values["employee_id"]:
            plan.errors.append(
                {"column": column_of[plan.row], "message": _("A person cannot manage themselves.")}
            )
            key = None
        existing = _existing_for(plan.values, org)
        if existing and existing.employee_id != plan.values["employee_id"]:
            graph.pop(existing.employee_id, None)  # the row renames this person's employee ID
        graph[plan.values["employee_id"]] = key
        status[plan.values["employee_id"]] = plan.values["status"]
    for plan in plans:
        employee_id = plan.values["employee_id"]
        if _in_cycle(employee_id, graph):
            plan.errors.append(
                {
                    "column": column_of[plan.row],
                    "message": _("Reporting cycle: %(id)s ends up managing themselves.")
                    % {"id": employee_id},
                }
            )
        manager = graph.get(employee_id)
        if (
            manager
            and plan.values["status"] == Employee.Status.ACTIVE
            and status.get(manager) == Employee.Status.INACTIVE
        ):
            plan.errors.append(
                {
                    "column": column_of[plan.row],
                    "message": _("The manager %(id)s is inactive.") % {"id": manager},
                }
            )
    # Deactivating someone whose active reports are not in the file would leave them reporting to an
    # inactive person: the file has to give them a new manager too.
    in_file = {p.values["employee_id"] for p in plans}
    stranded: dict[str, int] = {}
    for employee_id, manager in graph.items():
        if manager and employee_id not in in_file and status.get(employee_id) == Employee.Status.ACTIVE:
            stranded[manager] = stranded.get(manager, 0) + 1
    for plan in plans:
        existing = _existing_for(plan.values, org)
        if existing is None or not existing.is_active or plan.values["status"] != Employee.Status.INACTIVE:
            continue
        if left := stranded.get(current_id(existing.employee_id)):
            message = _(
                "%(n)s active people who are not in this file still report to %(name)s; "
                "give them a new manager in the file."
            ) % {"n": left, "name": existing.full_name}
            plan.errors.append({"column": "status", "message": message})
    return graph


def _in_cycle(start: str, graph: dict[str, str | None]) -> bool:
    seen = {start}
    current = graph.get(start)
    while current is not None:
        if current in seen:
            return current == start
        seen.add(current)
        current = graph.get(current)
    return False


def _department_for(name: str, org: _Org, plan: RowPlan) -> Department | str | None:
    """An existing department, or the name of one the import will create."""
    if not name:
        return None
    matches = org.departments.get(name.lower(), [])
    if len(matches) > 1:
        plan.errors.append(
            {
                "column": "department",
                "message": _("Several departments are called “%(name)s”.") % {"name": name},
            }
        )
        return None
    return matches[0] if matches else name


def _describe_changes(plan: RowPlan, existing: Employee, org: _Org, graph: dict[str, str | None]) -> None:
    values = plan.values
    manager = org.by_pk.get(existing.manager_id) if existing.manager_id else None
    current = {
        "first_name": existing.first_name,
        "last_name": existing.last_name,
        "email": existing.email,
        "job_title": existing.job_title,
        "job_level": existing.job_level,
        "department": existing.department.name if existing.department else "",
        "team": existing.team.name if existing.team else "",
        "location": existing.location,
        "manager": org.renamed.get(manager.employee_id, manager.employee_id) if manager else "",
        "start_date": str(existing.start_date or ""),
        "employment_type": existing.employment_type,
        "status": existing.status,
        "gender": existing.gender,
        "birth_year": str(existing.birth_year or ""),
    }
    incoming = {
        **{k: values[k] for k in COMPARED if k in values},
        "manager": graph.get(values["employee_id"]) or "",
        "start_date": str(values["start_date"] or ""),
        "birth_year": str(values["birth_year"] or ""),
    }
    if existing.employee_id != values["employee_id"]:
        plan.changes["employee_id"] = [existing.employee_id, values["employee_id"]]
    for key in COMPARED:
        old, new = str(current[key] or ""), str(incoming[key] or "")
        if key in ("department", "team") and old.lower() == new.lower():
            continue
        if old != new:
            plan.changes[key] = [old or None, new or None]
    if "status" in plan.changes:
        plan.action = "deactivate" if values["status"] == Employee.Status.INACTIVE else "reactivate"
    elif plan.changes:
        plan.action = "update"


def _current_values(person: Employee, org: _Org) -> dict[str, Any]:
    """A person's record as import columns, so a column missing from the file keeps its value."""
    manager = org.by_pk.get(person.manager_id) if person.manager_id else None
    return {
        "job_title": person.job_title,
        "job_level": person.job_level,
        "location": person.location,
        "department": person.department.name if person.department else "",
        "team": person.team.name if person.team else "",
        "manager_employee_id": manager.employee_id if manager else "",
        "start_date": person.start_date,
        "employment_type": person.employment_type,
        "status": person.status,
        "gender": person.gender,
        "birth_year": person.birth_year or "",
    }


def _keep_absent_columns(rows: list[dict[str, Any]], org: _Org) -> None:
    """An HRIS export often has only some columns: for people already in Cadence, the columns the file
    does not have keep their current values instead of being cleared."""
    if not rows:
        return
    present = set(rows[0])
    if present & {"manager_email", "manager_employee_id"}:
        present |= {"manager_email", "manager_employee_id"}
    for raw in rows:
        existing = org.by_employee_id.get(_text(raw.get("employee_id"))) or org.by_email.get(
            _text(raw.get("email")).lower()
        )
        if existing is not None:
            current = _current_values(existing, org)
            raw.update({column: value for column, value in current.items() if column not in present})


def people_import_plan(
    *, content: bytes, filename: str, dry_run: bool = True
) -> tuple[ImportReport, _Org, dict]:
    try:
        rows = _read_rows(content, filename)
    except FileProblem as exc:
        return (
            ImportReport(
                dry_run=dry_run, rows=[], file_errors=[{"row": 0, "column": "", "message": str(exc)}]
            ),
            _Org.load(),
            {},
        )
    org = _Org.load()
    _keep_absent_columns(rows, org)
    plans = _plan_rows(rows, org)
    _check_identity(plans, org)
    graph = _check_managers(plans, org)
    for plan in plans:
        plan.values["department"] = _department_for(plan.values["department"], org, plan)
        existing = _existing_for(plan.values, org)
        if plan.errors:
            plan.action = "error"
        elif existing is None:
            plan.action = "create"
        else:
            plan.values["department_name"] = plan.values["department"]
            _describe_changes(
                plan,
                existing,
                org,
                {**graph, plan.values["employee_id"]: graph.get(plan.values["employee_id"])},
            )
    return ImportReport(dry_run=dry_run, rows=plans, file_errors=[]), org, graph


def people_import(*, actor: User, content: bytes, filename: str, dry_run: bool = True) -> ImportReport:
    """Check an HRIS file and, unless dry_run, apply it in one transaction if every row is valid."""
    if not is_hr(actor):
        raise PermissionDenied(_("Only HR admins import people."))
    report, org, graph = people_import_plan(content=content, filename=filename, dry_run=dry_run)
    if not is_system_admin(actor):
        _check_admin_sign_ins(report.rows, org)
    if dry_run or not report.valid:
        return report
    try:
        _apply(actor, report, org, graph)
    except ValidationError as exc:  # a reporting line deeper than paths can hold: nothing was written
        message = " ".join(exc.messages)
        report.file_errors.append({"row": 0, "column": "manager_employee_id", "message": message})
        return report
    report.applied = True
    return report


def _check_admin_sign_ins(plans: list[RowPlan], org: _Org) -> None:
    """The import follows person_update: only a system admin changes an admin's email or status."""
    for plan in plans:
        existing = _existing_for(plan.values, org)
        if existing is None or existing.user_id not in org.admin_users:
            continue
        for column in ("email", "status"):
            if column in plan.changes:
                plan.errors.append(
                    {
                        "column": column,
                        "message": _("Only a system admin can change the email or status of a system admin."),
                    }
                )
                plan.action = "error"


# --- writing -------------------------------------------------------------------------------


def _name_of(value: Department | str | None) -> str:
    return value.name if isinstance(value, Department) else (value or "")


def _ensure_departments(plans: list[RowPlan], org: _Org) -> dict[str, Department]:
    wanted = {
        p.values["department"].lower(): p.values["department"]
        for p in plans
        if isinstance(p.values["department"], str) and p.values["department"]
    }
    created = Department.objects.bulk_create([Department(name=name) for name in wanted.values()])
    for dept in created:
        dept.path = tree_path("", dept.pk)
    Department.objects.bulk_update(created, ["path"])
    found = {name: depts[0] for name, depts in org.departments.items()}
    found.update({d.name.lower(): d for d in created})
    return found


def _ensure_teams(plans: list[RowPlan], org: _Org, departments: dict[str, Department]) -> dict[tuple, Team]:
    needed: dict[tuple, Team] = {}
    for plan in plans:
        name = plan.values["team"]
        if not name:
            continue
        dept = departments.get(_name_of(plan.values["department"]).lower())
        key = (dept.pk if dept else None, name.lower())
        if key not in org.teams and key not in needed:
            needed[key] = Team(name=name, department=dept)
    created = Team.objects.bulk_create(list(needed.values()))
    return {**org.teams, **{(t.department_id, t.name.lower()): t for t in created}}


PERSON_WRITE_FIELDS = [*PLAIN_FIELDS, "department", "team", "deactivated_at"]


def _fill(person: Employee, values: dict[str, Any], departments: dict, teams: dict) -> None:
    dept = departments.get(_name_of(values["department"]).lower()) if values["department"] else None
    for name in PLAIN_FIELDS:
        setattr(person, name, values[name])
    person.department = dept
    person.team = teams.get((dept.pk if dept else None, values["team"].lower())) if values["team"] else None
    if person.status == Employee.Status.INACTIVE and person.deactivated_at is None:
        person.deactivated_at = timezone.now()
    elif person.status == Employee.Status.ACTIVE:
        person.deactivated_at = None


@transaction.atomic
def _apply(actor: User, report: ImportReport, org: _Org, graph: dict[str, str | None]) -> None:
    changing = [p for p in report.rows if p.action != "unchanged"]
    if not changing:
        return
    departments = _ensure_departments(changing, org)
    teams = _ensure_teams(changing, org, departments)
    new_people = _create_people(actor, [p for p in changing if p.action == "create"], departments, teams)
    updated = _update_people(actor, [p for p in changing if p.action != "create"], org, departments, teams)
    _set_managers_and_paths(graph, {p.employee_id: p for p in [*new_people, *updated]})
    leaving = (_existing_for(p.values, org) for p in changing if p.action == "deactivate")
    sign_ins_end(user_ids=[person.user_id for person in leaving if person and person.user_id])
    audit_record(actor=actor, action="people.import", target=actor, after={"counts": report.counts})


def _create_people(actor: User, plans: list[RowPlan], departments: dict, teams: dict) -> list[Employee]:
    unusable = make_password(None)
    users = User.objects.bulk_create(
        [
            User(
                email=p.values["email"],
                first_name=p.values["first_name"],
                last_name=p.values["last_name"],
                password=unusable,
                is_active=p.values["status"] == Employee.Status.ACTIVE,
            )
            for p in plans
        ],
        batch_size=1000,
    )
    people = []
    for plan, user in zip(plans, users, strict=True):
        person = Employee(user=user)
        _fill(person, plan.values, departments, teams)
        people.append(person)
    people = Employee.objects.bulk_create(people, batch_size=1000)
    AuditEvent.objects.bulk_create(
        audit_events_build(
            actor=actor, action="person.create", items=[(p, {}, {"source": "import"}) for p in people]
        ),
        batch_size=1000,
    )
    return people


def _update_people(
    actor: User, plans: list[RowPlan], org: _Org, departments: dict, teams: dict
) -> list[Employee]:
    people, users, items = [], [], []
    for plan in plans:
        person = _existing_for(plan.values, org)
        assert person is not None
        _fill(person, plan.values, departments, teams)
        people.append(person)
        if person.user_id:
            users.append(
                User(
                    pk=person.user_id,
                    email=person.email,
                    first_name=person.first_name,
                    last_name=person.last_name,
                    is_active=person.is_active,
                )
            )
        items.append(
            (person, {k: v[0] for k, v in plan.changes.items()}, {k: v[1] for k, v in plan.changes.items()})
        )
    Employee.objects.bulk_update(people, PERSON_WRITE_FIELDS, batch_size=1000)
    User.objects.bulk_update(users, ["email", "first_name", "last_name", "is_active"], batch_size=1000)
    AuditEvent.objects.bulk_create(
        audit_events_build(actor=actor, action="person.update", items=items), batch_size=1000
    )
    return people


def _set_managers_and_paths(graph: dict[str, str | None], touched: dict[str, Employee]) -> None:
    """Set managers from the final graph and recompute every reporting path that changed."""
    ids = dict(Employee.objects.values_list("employee_id", "pk"))
    rows = list(Employee.objects.values_list("pk", "employee_id", "manager_id", "path"))
    manager_of: dict[int, int | None] = {pk: manager_id for pk, _eid, manager_id, _path in rows}
    for employee_id, person in touched.items():
        boss = graph.get(employee_id)
        manager_of[person.pk] = ids.get(boss) if boss else None
    paths: dict[int, str] = {}

    def path_of(pk: int) -> str:
        if pk not in paths:
            parent = manager_of.get(pk)
            paths[pk] = tree_path(path_of(parent) if parent else "", pk)
        return paths[pk]

    changed = [
        Employee(pk=pk, manager_id=manager_of[pk], path=path_of(pk))
        for pk, _eid, manager_id, path in rows
        if manager_of[pk] != manager_id or path_of(pk) != path
    ]
    Employee.objects.bulk_update(changed, ["manager", "path"], batch_size=1000)


def import_store(*, actor: User, content: bytes, filename: str) -> PeopleImport:
    """Keep an uploaded file with its dry-run report so HR can apply exactly what they reviewed."""
    report = people_import(actor=actor, content=content, filename=filename, dry_run=True)
    return PeopleImport.objects.create(
        uploaded_by=actor, filename=filename[:255], content=content, report=report.as_dict()
    )


@transaction.atomic
def import_apply(*, actor: User, stored: PeopleImport) -> ImportReport:
    """Apply a stored upload once: the row is locked, so a second click meets Conflict. When the
    organisation changed since the dry run and the file now has errors, nothing is imported and the
    stored report shows the new errors."""
    locked = PeopleImport.objects.select_for_update().get(pk=stored.pk)
    if locked.applied_at:
        raise Conflict(_("This file was already imported."))
    report = people_import(
        actor=actor, content=bytes(locked.content), filename=locked.filename, dry_run=False
    )
    locked.report, locked.applied_at = report.as_dict(), timezone.now() if report.applied else None
    locked.save(update_fields=["report", "applied_at"])
    return report
