"""Checking the rows of a people import against the organisation as it is: who each row is (by
employee ID or email), whose login an email belongs to, the reporting lines the file leaves (managers
known, no cycle, nobody left reporting to someone inactive), departments, what changes for existing
people, and the rule that only a system admin changes a system admin's email or status. The
organisation is loaded once (CurrentOrg), so nothing here queries per row."""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from cadence.core.models import User
from cadence.core.permissions import ADMIN_RIGHTS

from .import_rows import RowPlan, cell_text
from .models import Department, Employee, Team
from .services import PERSON_FIELDS

# Fields an import row sets as they are; department, team and manager are resolved to objects.
RELATED = ("department", "team", "manager")


PLAIN_FIELDS = (*(f for f in PERSON_FIELDS if f not in RELATED), "status")


# Fields compared to decide whether a row changes anything (the employee ID is how rows match).
COMPARED = (*(f for f in PLAIN_FIELDS if f != "employee_id"), *RELATED)


@dataclass
class CurrentOrg:
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
    def load(cls) -> "CurrentOrg":
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


def existing_for(values: dict[str, Any], org: CurrentOrg) -> Employee | None:
    return org.by_employee_id.get(values["employee_id"]) or org.by_email.get(values["email"])


def check_identity(plans: list[RowPlan], org: CurrentOrg) -> None:
    for plan in plans:
        values = plan.values
        existing = existing_for(values, org)
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
    plan: RowPlan, org: CurrentOrg, file_by_email: dict[str, RowPlan], file_by_id: dict[str, RowPlan]
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


def check_managers(plans: list[RowPlan], org: CurrentOrg) -> dict[str, str | None]:
    """Resolve managers to employee ids and check the final reporting graph has no cycle."""
    file_by_email = {p.values["email"]: p for p in plans if p.values.get("email")}
    file_by_id = {p.values["employee_id"]: p for p in plans if p.values.get("employee_id")}
    column_of = {
        p.row: "manager_employee_id" if p.values["manager_employee_id"] else "manager_email" for p in plans
    }
    # A row may rename someone's employee ID: the graph uses the new IDs, and references to the
    # old ID (from the file or from people not in it) still mean that person.
    for plan in plans:
        existing = existing_for(plan.values, org)
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
        existing = existing_for(plan.values, org)
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
        existing = existing_for(plan.values, org)
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


def department_for(name: str, org: CurrentOrg, plan: RowPlan) -> Department | str | None:
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


def describe_changes(
    plan: RowPlan, existing: Employee, org: CurrentOrg, graph: dict[str, str | None]
) -> None:
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


def _current_values(person: Employee, org: CurrentOrg) -> dict[str, Any]:
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


def keep_absent_columns(rows: list[dict[str, Any]], org: CurrentOrg) -> None:
    """An HRIS export often has only some columns: for people already in Cadence, the columns the file
    does not have keep their current values instead of being cleared."""
    if not rows:
        return
    present = set(rows[0])
    if present & {"manager_email", "manager_employee_id"}:
        present |= {"manager_email", "manager_employee_id"}
    for raw in rows:
        existing = org.by_employee_id.get(cell_text(raw.get("employee_id"))) or org.by_email.get(
            cell_text(raw.get("email")).lower()
        )
        if existing is not None:
            current = _current_values(existing, org)
            raw.update({column: value for column, value in current.items() if column not in present})


def check_admin_sign_ins(plans: list[RowPlan], org: CurrentOrg) -> None:
    """The import follows person_update: only a system admin changes an admin's email or status."""
    for plan in plans:
        existing = existing_for(plan.values, org)
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
