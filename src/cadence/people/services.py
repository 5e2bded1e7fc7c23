"""Writes on the organisation. Every function is atomic and writes an audit event."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadence.core.accounts import sign_ins_end
from cadence.core.audit import audit_events_build, audit_record, audit_snapshot
from cadence.core.models import AuditEvent, User
from cadence.core.permissions import can_change_sign_in, is_hr
from cadence.core.services import user_set_role
from cadence.core.tree import tree_insert, tree_lift_children, tree_move
from cadence.core.versioning import check_version, edit_values, save_versioned

from .models import Department, Employee, Team

PERSON_FIELDS = Employee.edit_fields
AUDITED_FIELDS = (*PERSON_FIELDS, "status")


def _require_hr(actor: User) -> None:
    if not is_hr(actor):
        raise PermissionDenied(_("Only HR admins manage people."))


def _check_may_change_sign_in(actor: User, person: Employee, fields: set[str]) -> None:
    if person.user is None or can_change_sign_in(actor, person.user):
        return
    message = _("Only a system admin can change the email or status of a system admin.")
    raise ValidationError({name: [message] for name in sorted(fields)})


def _check_manager_active(person: Employee) -> None:
    """Nobody active reports to an inactive person (the form and the import check this too)."""
    if person.manager is not None and not person.manager.is_active and person.is_active:
        raise ValidationError({"manager": [_("%(name)s is inactive.") % {"name": person.manager.full_name}]})


def _check_no_cycle(person: Employee, manager: Employee | None) -> None:
    if manager is not None and manager.is_within(person):
        raise ValidationError(
            {
                "manager": [
                    _("%(name)s reports to %(person)s; that would make a reporting cycle.")
                    % {"name": manager.full_name, "person": person.full_name}
                ]
            }
        )


def _validate(person: Employee) -> None:
    person.full_clean(exclude=["user", "path"])
    taken = User.objects.filter(email__iexact=person.email)
    if person.user_id:
        taken = taken.exclude(pk=person.user_id)
    if taken.exists():
        raise ValidationError({"email": [_("Another account already uses this email.")]})


def _sync_user(person: Employee) -> None:
    """Keep the person's login in step with their record: email, name, active."""
    if person.user is None:
        person.user = User.objects.create_user(
            person.email, first_name=person.first_name, last_name=person.last_name
        )
        return
    user = person.user
    user.email, user.first_name, user.last_name = person.email, person.first_name, person.last_name
    user.is_active = person.is_active
    user.save(update_fields=["email", "first_name", "last_name", "is_active"])


@transaction.atomic
def person_create(*, actor: User, role: str = User.Role.EMPLOYEE, **fields: Any) -> Employee:
    _require_hr(actor)
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise ValidationError({name: [_("Unknown field.")] for name in unknown})
    fields["email"] = (fields.get("email") or "").strip().lower()
    person = Employee(**fields)
    _check_manager_active(person)
    _validate(person)
    _sync_user(person)
    person.save()
    tree_insert(person, parent=person.manager)
    if role != User.Role.EMPLOYEE:
        user_set_role(actor=actor, user=person.user, role=role)  # type: ignore[arg-type]
    audit_record(
        actor=actor, action="person.create", target=person, after=audit_snapshot(person, AUDITED_FIELDS)
    )
    return person


def person_lock(person: Employee) -> None:
    """Hold the person's row until the caller's transaction ends: for another module's writes about
    one person that must not interleave (two assessments recorded at once, each deciding which is
    the latest)."""
    Employee.objects.select_for_update().filter(pk=person.pk).values_list("pk", flat=True).first()


@transaction.atomic
def person_update(
    *, actor: User, person: Employee, version: int | None, role: str | None = None, **changes: Any
) -> Employee:
    """HR edits a person from the `version` they opened (core.versioning): two HR admins editing
    one record never overwrite each other; only the fields that differ are written."""
    _require_hr(actor)
    unknown = set(changes) - set(PERSON_FIELDS)
    if unknown:
        raise ValidationError({name: [_("Unknown field.")] for name in unknown})
    # of=("self",): PostgreSQL cannot lock the nullable side of the outer joins that select_related adds.
    person = (
        Employee.objects.select_for_update(of=("self",)).select_related("user", "manager").get(pk=person.pk)
    )
    check_version(person, version)
    before, saved, had_login = audit_snapshot(person, AUDITED_FIELDS), edit_values(person), person.user_id
    if "email" in changes:
        changes["email"] = (changes["email"] or "").strip().lower()
    if "email" in changes and changes["email"] != person.email:
        _check_may_change_sign_in(actor, person, {"email"})
    for name, value in changes.items():
        setattr(person, name, value)
    _check_no_cycle(person, person.manager)
    if "manager" in changes:
        _check_manager_active(person)
    _validate(person)
    if "manager" in changes:
        tree_move(person, parent=person.manager)
    _sync_user(person)
    written = [name for name, value in edit_values(person).items() if value != saved[name]]
    written += ["path"] if "manager" in written else []
    written += ["user"] if person.user_id != had_login else []
    role_changes = role is not None and person.user is not None and person.user.role != role
    if written or role_changes:  # a new role is an edit of the person too: one version for both
        save_versioned(person, version=version, fields=written)
    if role_changes:
        user_set_role(actor=actor, user=person.user, role=role)  # type: ignore[arg-type]
    after = audit_snapshot(person, AUDITED_FIELDS)
    if after != before:
        audit_record(actor=actor, action="person.update", target=person, before=before, after=after)
    return person


def _reports_move_up(actor: User, person: Employee) -> None:
    """Give `person`'s direct reports to `person`'s manager: two set-based UPDATEs whatever the team size."""
    reports = list(Employee.objects.filter(manager=person))
    if not reports:
        return
    tree_lift_children(person)
    Employee.objects.filter(manager=person).update(manager=person.manager)
    before, after = {"manager": str(person)}, {"manager": str(person.manager or "")}
    AuditEvent.objects.bulk_create(
        audit_events_build(actor=actor, action="person.update", items=[(r, before, after) for r in reports])
    )


@transaction.atomic
def person_deactivate(*, actor: User, person: Employee) -> Employee:
    """Deactivate someone who left. Their history stays; their direct reports move up to their
    manager so that nobody active reports to an inactive person."""
    _require_hr(actor)
    person = (
        Employee.objects.select_for_update(of=("self",)).select_related("user", "manager").get(pk=person.pk)
    )
    if not person.is_active:
        return person
    if person.user_id == getattr(actor, "pk", None):
        raise ValidationError({"status": [_("You cannot deactivate yourself.")]})
    _check_may_change_sign_in(actor, person, {"status"})
    _reports_move_up(actor, person)
    person.status, person.deactivated_at = Employee.Status.INACTIVE, timezone.now()
    person.version += 1  # a lifecycle action, on the locked row: open edit forms hear of it
    person.save(update_fields=["status", "deactivated_at", "updated_at", "version"])
    _sync_user(person)
    if person.user_id:
        sign_ins_end(user_ids=[person.user_id])
    audit_record(
        actor=actor,
        action="person.deactivate",
        target=person,
        before={"status": Employee.Status.ACTIVE},
        after={"status": Employee.Status.INACTIVE},
    )
    return person


@transaction.atomic
def person_reactivate(*, actor: User, person: Employee) -> Employee:
    _require_hr(actor)
    person = (
        Employee.objects.select_for_update(of=("self",)).select_related("user", "manager").get(pk=person.pk)
    )
    if person.is_active:
        return person
    _check_may_change_sign_in(actor, person, {"status"})
    person.status, person.deactivated_at = Employee.Status.ACTIVE, None
    _check_manager_active(person)
    person.version += 1  # a lifecycle action, on the locked row: open edit forms hear of it
    person.save(update_fields=["status", "deactivated_at", "updated_at", "version"])
    _sync_user(person)
    audit_record(
        actor=actor,
        action="person.reactivate",
        target=person,
        before={"status": Employee.Status.INACTIVE},
        after={"status": Employee.Status.ACTIVE},
    )
    return person


@transaction.atomic
def department_create(*, actor: User, name: str, parent: Department | None = None) -> Department:
    _require_hr(actor)
    department = Department(name=name.strip(), parent=parent)
    department.full_clean(exclude=["path"])
    department.save()
    tree_insert(department, parent=parent)
    audit_record(
        actor=actor,
        action="department.create",
        target=department,
        after={"name": department.name, "parent": str(parent or "")},
    )
    return department


@transaction.atomic
def department_update(
    *, actor: User, department: Department, name: str, parent: Department | None
) -> Department:
    _require_hr(actor)
    before = {"name": department.name, "parent": str(department.parent or "")}
    if parent and parent.is_within(department):
        raise ValidationError({"parent": [_("A department cannot sit inside itself.")]})
    department.name, department.parent = name.strip(), parent
    department.full_clean(exclude=["path"])
    tree_move(department, parent=parent)
    department.save()
    audit_record(
        actor=actor,
        action="department.update",
        target=department,
        before=before,
        after={"name": department.name, "parent": str(parent or "")},
    )
    return department


@transaction.atomic
def team_create(*, actor: User, name: str, department: Department | None = None) -> Team:
    _require_hr(actor)
    team = Team(name=name.strip(), department=department)
    team.full_clean()
    team.save()
    audit_record(actor=actor, action="team.create", target=team, after={"name": team.name})
    return team
