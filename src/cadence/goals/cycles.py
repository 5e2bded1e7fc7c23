"""Goal cycles: HR plans, opens for drafting, edits, closes and (while empty) deletes them; closing
carries unfinished objectives into the next. A new cycle is *planned*: nobody is asked anything
until HR opens it for drafting, on a page that says how many people will be asked. Dates in the
past or far from today need HR's confirmation. Closing or deleting a cycle takes its to-dos
(writing goals, check-ins, approvals) off everyone's list."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cadence.core.audit import audit_record, audit_snapshot
from cadence.core.tree import tree_insert
from cadence.core.versioning import changed_fields, check_version, save_versioned
from cadence.notifications.services import todos_resolve_about

from . import permissions
from .models import (
    Goal,
    GoalCycle,
    KeyResult,
    KeyResultUpdate,
    Milestone,
    ProgressPoint,
)
from .services import Actor, recompute_upwards

CYCLE_FIELDS = ("name", "kind", "start_date", "end_date", "checkin_cadence")
FAR_YEARS = 1  # a cycle starting or ending more than this many years from today's needs confirming
DRAFTING_KEY = "goals:draft:"  # + cycle id: the to-do "Write your goals for …" (goals/reminders.py)


def cycle_date_warnings(
    start: datetime.date | None, end: datetime.date | None, today: datetime.date | None = None
) -> list[str]:
    """What HR is asked to confirm about a cycle's dates: a cycle that has ended or started already,
    or a year far from today's (1999 for 2026, a slip of the keyboard)."""
    if start is None or end is None:
        return []
    today = today or timezone.localdate()
    warnings = []
    if end < today:
        warnings.append(_("This cycle ended in the past (%(end)s).") % {"end": end})
    elif start < today:
        warnings.append(_("This cycle started in the past (%(start)s).") % {"start": start})
    if any(abs(day.year - today.year) > FAR_YEARS for day in (start, end)):
        warnings.append(
            _("Its dates are more than a year away from today (%(start)s – %(end)s).")
            % {"start": start, "end": end}
        )
    return warnings


def dates_to_confirm(start: datetime.date | None, end: datetime.date | None) -> list[str]:
    """The warnings about these dates with what to do about them, or [] when there is nothing to say."""
    warnings = cycle_date_warnings(start, end)
    return [*warnings, _("Check the dates, then confirm them.")] if warnings else []


def _confirm_dates(cycle: GoalCycle, confirmed: bool) -> None:
    errors = dates_to_confirm(cycle.start_date, cycle.end_date)
    if errors and not confirmed:
        raise ValidationError({"confirm_dates": errors})


@transaction.atomic
def cycle_create(*, actor: Actor, confirm_dates: bool = False, **fields: Any) -> GoalCycle:
    """A new cycle, planned (or active): drafting starts with `cycle_open_drafting`."""
    if not permissions.can_manage_cycles(actor):
        raise PermissionDenied(_("Only HR admins manage goal cycles."))
    cycle = GoalCycle(**{k: v for k, v in fields.items() if k in (*CYCLE_FIELDS, "status")})
    if cycle.status == GoalCycle.Status.DRAFTING:
        raise ValidationError({"status": [_("Create the cycle, then open it for drafting from its page.")]})
    cycle.full_clean()
    _confirm_dates(cycle, confirm_dates)
    cycle.save()
    audit_record(
        actor=actor, action="goal_cycle.create", target=cycle, after=audit_snapshot(cycle, CYCLE_FIELDS)
    )
    return cycle


@transaction.atomic
def cycle_update(
    *, actor: Actor, cycle: GoalCycle, version: int | None, confirm_dates: bool = False, **changes: Any
) -> GoalCycle:
    """Edit a cycle from the `version` HR opened (core.versioning); only changed fields are written.
    The status may move on to active; drafting and closing have actions of their own."""
    if not permissions.can_manage_cycles(actor):
        raise PermissionDenied(_("Only HR admins manage goal cycles."))
    cycle = GoalCycle.objects.select_for_update().get(pk=cycle.pk)
    check_version(cycle, version)
    before = audit_snapshot(cycle, (*CYCLE_FIELDS, "status"))
    changed = changed_fields(cycle, {k: v for k, v in changes.items() if k in (*CYCLE_FIELDS, "status")})
    for name, value in changed.items():
        setattr(cycle, name, value)
    if cycle.status == GoalCycle.Status.CLOSED and cycle.closed_at is None:
        raise ValidationError({"status": [_("Close a cycle with “Close cycle”, which scores its goals.")]})
    if "status" in changed and cycle.status != GoalCycle.Status.ACTIVE:
        raise ValidationError({"status": [_("Open a cycle for drafting with “Open for drafting”.")]})
    cycle.full_clean()
    if {"start_date", "end_date"} & changed.keys():
        _confirm_dates(cycle, confirm_dates)
    if not changed:
        return cycle
    save_versioned(cycle, version=version, fields=changed)
    audit_record(
        actor=actor,
        action="goal_cycle.update",
        target=cycle,
        before=before,
        after=audit_snapshot(cycle, (*CYCLE_FIELDS, "status")),
    )
    return cycle


@transaction.atomic
def cycle_open_drafting(*, actor: Actor, cycle: GoalCycle, people: int) -> GoalCycle:
    """Open a planned cycle for drafting: from the next tick, everyone without an objective in it
    gets a to-do and an email. `people` is how many the confirmation said (audited with it)."""
    if not permissions.can_manage_cycles(actor):
        raise PermissionDenied(_("Only HR admins manage goal cycles."))
    cycle = GoalCycle.objects.select_for_update().get(pk=cycle.pk)  # of two clicks, one opens
    if cycle.status != GoalCycle.Status.PLANNED:
        raise ValidationError({"status": [_("Only a planned cycle can be opened for drafting.")]})
    cycle.status = GoalCycle.Status.DRAFTING
    save_versioned(cycle, version=None, fields=["status"])  # an action: open edit forms go stale
    audit_record(actor=actor, action="goal_cycle.open", target=cycle, after={"people": people})
    return cycle


@transaction.atomic
def cycle_delete(*, actor: Actor, cycle: GoalCycle) -> None:
    """Delete a cycle created by mistake: only while it has no objectives (archived ones count)."""
    if not permissions.can_manage_cycles(actor):
        raise PermissionDenied(_("Only HR admins manage goal cycles."))
    cycle = GoalCycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.goals.exists():
        raise ValidationError(
            {"__all__": [_("This cycle has objectives: close it instead (only an empty cycle is deleted).")]}
        )
    todos_resolve_about(prefix=DRAFTING_KEY, object_ids=[cycle.pk])
    audit_record(
        actor=actor,
        action="goal_cycle.delete",
        target=cycle,
        before=audit_snapshot(cycle, (*CYCLE_FIELDS, "status")),
    )
    cycle.delete()


def _resolve_todos(cycle: GoalCycle) -> None:
    """Its to-dos, for everyone: writing goals for it, checking in on and approving its goals."""
    todos_resolve_about(prefix=DRAFTING_KEY, object_ids=[cycle.pk])
    goal_ids = Goal.objects.filter(cycle_id=cycle.pk)
    for prefix in ("goals:key_result_update:", "goals:approve:"):
        todos_resolve_about(prefix=prefix, object_ids=goal_ids)


@transaction.atomic
def cycle_close(
    *,
    actor: Actor,
    cycle: GoalCycle,
    carry_over: Iterable[int] = (),
    carry_unfinished: bool = False,
    into: GoalCycle | None = None,
) -> list[Goal]:
    """Score every goal (final score = progress, 0.0–1.0) and copy the chosen ones (`carry_over`, or
    with `carry_unfinished` every active one below 100%), with their key results and history, into
    the next cycle."""
    if not permissions.can_manage_cycles(actor):
        raise PermissionDenied(_("Only HR admins manage goal cycles."))
    cycle = GoalCycle.objects.select_for_update().get(pk=cycle.pk)  # of two closes, one scores
    if cycle.status == GoalCycle.Status.CLOSED:
        raise ValidationError({"status": [_("This cycle is already closed.")]})
    carry_ids = set(carry_over)
    if carry_unfinished:
        unfinished = cycle.goals.filter(state=Goal.State.ACTIVE, progress__lt=1)
        carry_ids |= set(unfinished.values_list("pk", flat=True))
    if carry_ids and (into is None or not into.is_open or into.pk == cycle.pk):
        raise ValidationError({"into": [_("Choose an open cycle to carry goals over into.")]})
    cycle.goals.filter(state=Goal.State.ACTIVE).update(final_score=F("progress"))
    cycle.status, cycle.closed_at = GoalCycle.Status.CLOSED, timezone.now()
    save_versioned(cycle, version=None, fields=["status", "closed_at"])  # an action: open edit forms go stale
    _resolve_todos(cycle)
    audit_record(
        actor=actor, action="goal_cycle.close", target=cycle, after={"carried_over": sorted(carry_ids)}
    )
    goals = cycle.goals.filter(pk__in=carry_ids, state=Goal.State.ACTIVE).order_by("path")
    return [_carry_over(actor, goal, into) for goal in goals]  # type: ignore[arg-type]


def _carry_over(actor: Actor, goal: Goal, into: GoalCycle) -> Goal:
    copy = Goal.objects.get(pk=goal.pk)
    copy.pk = None
    copy.cycle, copy.carried_from, copy.final_score = into, goal, None
    copy.due_date = into.end_date if goal.due_date else None
    # The parent stays only if it still covers the new cycle; otherwise the copy starts a new branch.
    if goal.parent_id and goal.parent.cycle.end_date < into.end_date:  # type: ignore[union-attr]
        copy.parent = None
        copy.rollup_excluded = False
    copy.save()
    tree_insert(copy, parent=copy.parent)
    copy.contributors.set(goal.contributors.all())
    kr_map: dict[int, KeyResult] = {}
    for kr in goal.key_results.prefetch_related("milestones"):
        old_pk = kr.pk
        milestones = list(kr.milestones.all())
        kr.pk, kr.goal = None, copy
        kr.save()
        Milestone.objects.bulk_create(
            Milestone(key_result=kr, title=m.title, done=m.done, position=m.position) for m in milestones
        )
        kr_map[old_pk] = kr
    KeyResultUpdate.objects.bulk_create(
        KeyResultUpdate(
            goal=copy,
            key_result=kr_map.get(c.key_result_id) if c.key_result_id else None,
            author_id=c.author_id,
            value=c.value,
            previous_value=c.previous_value,
            done=c.done,
            confidence=c.confidence,
            comment=c.comment,
            key_result_progress=c.key_result_progress,
            goal_progress=c.goal_progress,
            created_at=c.created_at,
        )
        for c in goal.updates.all()
    )
    ProgressPoint.objects.bulk_create(
        ProgressPoint(goal=copy, progress=p.progress, recorded_at=p.recorded_at)
        for p in goal.progress_points.all()
    )
    recompute_upwards(copy.parent_id)
    audit_record(
        actor=actor, action="goal.carry_over", target=copy, after={"from": goal.pk, "cycle": str(into)}
    )
    return copy
