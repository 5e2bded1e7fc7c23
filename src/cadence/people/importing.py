"""Importing people from an HRIS export (CSV or XLSX).

The whole file is read and checked first; a row-by-row plan (create, update, deactivate,
unchanged) and every error with its row and column come back. Nothing is written unless the whole
file is valid, and importing the same file twice changes nothing. Queries do not grow with the
number of rows: existing people, departments and teams are loaded once, writes are bulk.

The steps live in modules of their own: import_reading.py (the file into rows), import_rows.py (each
row's values and plan, the report), import_checks.py (the rows against the organisation) and
import_writing.py (applying a valid file). This module is the entry point other code uses."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadence.core.errors import Conflict
from cadence.core.models import User
from cadence.core.permissions import is_hr, is_system_admin

from .import_checks import (
    CurrentOrg,
    check_admin_sign_ins,
    check_identity,
    check_managers,
    department_for,
    describe_changes,
    existing_for,
    keep_absent_columns,
)
from .import_columns import import_columns
from .import_reading import FileProblem, read_rows
from .import_rows import ImportReport, RowPlan, plan_rows
from .import_writing import import_write
from .models import PeopleImport


def people_import_plan(
    *, content: bytes, filename: str, dry_run: bool = True
) -> tuple[ImportReport, CurrentOrg, dict]:
    try:
        rows = read_rows(content, filename)
    except FileProblem as exc:
        return (
            ImportReport(
                dry_run=dry_run, rows=[], file_errors=[{"row": 0, "column": "", "message": str(exc)}]
            ),
            CurrentOrg.load(),
            {},
        )
    org = CurrentOrg.load()
    keep_absent_columns(rows, org)
    plans = plan_rows(rows)
    check_identity(plans, org)
    graph = check_managers(plans, org)
    for plan in plans:
        plan.values["department"] = department_for(plan.values["department"], org, plan)
        existing = existing_for(plan.values, org)
        if plan.errors:
            plan.action = "error"
        elif existing is None:
            plan.action = "create"
        else:
            plan.values["department_name"] = plan.values["department"]
            describe_changes(
                plan,
                existing,
                org,
                {**graph, plan.values["employee_id"]: graph.get(plan.values["employee_id"])},
            )
    _check_extra_columns(plans, org)
    return ImportReport(dry_run=dry_run, rows=plans, file_errors=[]), org, graph


def _check_extra_columns(plans: list[RowPlan], org: CurrentOrg) -> None:
    """What other modules' columns say (competencies: track and level): their errors, and a row
    that changes only there is an update."""
    registered = import_columns()
    rows = [(plan, existing_for(plan.values, org)) for plan in plans] if registered else []
    for columns in registered:
        columns.check(rows)
    for plan in plans:
        if plan.errors:
            plan.action = "error"
        elif plan.action == "unchanged" and plan.changes:
            plan.action = "update"


def people_import(*, actor: User, content: bytes, filename: str, dry_run: bool = True) -> ImportReport:
    """Check an HRIS file and, unless dry_run, apply it in one transaction if every row is valid."""
    if not is_hr(actor):
        raise PermissionDenied(_("Only HR admins import people."))
    report, org, graph = people_import_plan(content=content, filename=filename, dry_run=dry_run)
    if not is_system_admin(actor):
        check_admin_sign_ins(report.rows, org)
    if dry_run or not report.valid:
        return report
    try:
        import_write(actor, report, org, graph)
    except ValidationError as exc:  # a reporting line deeper than paths can hold: nothing was written
        message = " ".join(exc.messages)
        report.file_errors.append({"row": 0, "column": "manager_employee_id", "message": message})
        return report
    report.applied = True
    return report


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
