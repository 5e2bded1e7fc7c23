"""Writing a checked people import, in one transaction and in bulk: the departments and teams it
names, new people with their logins, updates to existing people, then managers and every reporting
path that changed, the sign-ins of people it deactivates, and the audit trail."""

from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from cadence.core.accounts import sign_ins_end
from cadence.core.audit import audit_events_build, audit_record
from cadence.core.models import AuditEvent, User
from cadence.core.tree import tree_path

from .import_checks import PLAIN_FIELDS, CurrentOrg, existing_for
from .import_columns import extra_column_names, import_columns
from .import_rows import ImportReport, RowPlan
from .models import Department, Employee, Team


def _name_of(value: Department | str | None) -> str:
    return value.name if isinstance(value, Department) else (value or "")


def _ensure_departments(plans: list[RowPlan], org: CurrentOrg) -> dict[str, Department]:
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


def _ensure_teams(
    plans: list[RowPlan], org: CurrentOrg, departments: dict[str, Department]
) -> dict[tuple, Team]:
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


PERSON_WRITE_FIELDS = [*PLAIN_FIELDS, "department", "team", "deactivated_at", "search_name"]


def _fill(person: Employee, values: dict[str, Any], departments: dict, teams: dict) -> None:
    dept = departments.get(_name_of(values["department"]).lower()) if values["department"] else None
    for name in PLAIN_FIELDS:
        setattr(person, name, values[name])
    person.search_name = person.folded_search_text()  # bulk writes bypass save()
    person.department = dept
    person.team = teams.get((dept.pk if dept else None, values["team"].lower())) if values["team"] else None
    if person.status == Employee.Status.INACTIVE and person.deactivated_at is None:
        person.deactivated_at = timezone.now()
    elif person.status == Employee.Status.ACTIVE:
        person.deactivated_at = None


@transaction.atomic
def import_write(actor: User, report: ImportReport, org: CurrentOrg, graph: dict[str, str | None]) -> None:
    changing = [p for p in report.rows if p.action != "unchanged"]
    if not changing:
        return
    departments = _ensure_departments(changing, org)
    teams = _ensure_teams(changing, org, departments)
    creating = [p for p in changing if p.action == "create"]
    new_people = _create_people(actor, creating, departments, teams)
    # A row that changes only other modules' columns (a new level) leaves the person's record alone.
    extra = set(extra_column_names())
    updating = [p for p in changing if p.action != "create" and set(p.changes) - extra]
    updated = _update_people(actor, updating, org, departments, teams)
    _set_managers_and_paths(graph, {p.employee_id: p for p in [*new_people, *updated]})
    _write_extra_columns(actor, report, org, dict(zip([p.row for p in creating], new_people, strict=True)))
    leaving = (existing_for(p.values, org) for p in changing if p.action == "deactivate")
    sign_ins_end(user_ids=[person.user_id for person in leaving if person and person.user_id])
    audit_record(actor=actor, action="people.import", target=actor, after={"counts": report.counts})


def _write_extra_columns(
    actor: User, report: ImportReport, org: CurrentOrg, created: dict[int, Employee]
) -> None:
    """Other modules write their columns (competencies: placements) for every row, each with its
    person: the one just created, or the one it matched (fields as written just now)."""
    registered = import_columns()
    if not registered:
        return
    rows = []
    for plan in report.rows:
        person = created.get(plan.row) or existing_for(plan.values, org)
        if person is not None:
            rows.append((plan, person))
    for columns in registered:
        columns.write(actor, rows)


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
    actor: User, plans: list[RowPlan], org: CurrentOrg, departments: dict, teams: dict
) -> list[Employee]:
    people, users, items = [], [], []
    for plan in plans:
        person = existing_for(plan.values, org)
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
    for person in people:  # an import is an edit too: forms opened before it see a Conflict
        person.version = F("version") + 1  # type: ignore[assignment]
    Employee.objects.bulk_update(people, [*PERSON_WRITE_FIELDS, "version"], batch_size=1000)
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
