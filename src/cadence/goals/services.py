"""Writes on goals. Every function is atomic, writes an audit event for significant changes, and
keeps stored progress true: any change to a key result, a check-in, the tree or the state of a goal
recomputes the goal and every ancestor (old and new ones, when a goal moves)."""

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cadence.core.audit import audit_record, audit_snapshot
from cadence.core.i18n import DeferredMessage, gettext_deferred
from cadence.core.models import User
from cadence.core.tree import tree_insert, tree_move
from cadence.core.versioning import Describe, changed_fields, check_version, edit_values, save_versioned
from cadence.notifications.services import notify, todo_resolve
from cadence.people.models import Employee
from cadence.people.permissions import employee_of, people_visible_to
from cadence.people.selectors import login_of

from . import mentions, permissions, rollup
from .key_results import KR_FIELDS, check_in_value_errors, key_result_progress, sync_key_results
from .models import (
    ApprovalPolicy,
    Goal,
    GoalComment,
    GoalTemplate,
    KeyResult,
    KeyResultUpdate,
    Milestone,
    ProgressPoint,
)
from .rollup import computed_progress  # also what tests and the scale seed compare with
from .selectors import develops_choices, excluded_child_ids

Actor = User  # services act for a signed-in user

GOAL_FIELDS = Goal.edit_fields


def _deny(message: str) -> None:
    raise PermissionDenied(message)


# --- progress roll-up -------------------------------------------------------------------------


def _chain_locked(goal_id: int) -> dict[int, Goal]:
    """The goal and its ancestors, locked (PostgreSQL) top-down, so every writer takes the locks in
    the same order. Two check-ins on sibling goals then recompute their parent one after the other,
    the second from the first's committed progress, instead of both from the old value."""
    start = Goal.objects.filter(pk=goal_id).only("path").first()
    if start is None:
        return {}
    chain = Goal.objects.select_for_update().filter(pk__in=[*start.ancestor_ids, goal_id]).order_by("path")
    return {goal.pk: goal for goal in chain}


def recompute_upwards(goal_id: int | None) -> list[int]:
    """Recompute `goal_id` and each of its ancestors, bottom-up; returns the ids that changed.
    One query for the chain, then two per level: depth is small, width does not matter."""
    if goal_id is None:
        return []
    goals = _chain_locked(goal_id)
    chain_ids = sorted(goals, key=lambda pk: -goals[pk].depth)  # the goal first, then up to the top
    now = timezone.now()
    changed: list[int] = []
    for pk in chain_ids:
        goal = goals[pk]
        new = computed_progress(goal)
        if abs(new - goal.progress) < 1e-9:
            continue
        Goal.objects.filter(pk=pk).update(progress=new)
        goal.progress = new
        ProgressPoint.objects.create(goal_id=pk, progress=new, recorded_at=now)
        changed.append(pk)
    return changed


# --- goals ------------------------------------------------------------------------------------


def _check_owner(actor: Actor, goal: Goal) -> None:
    if not permissions.can_own(
        actor,
        goal.level,
        employee=goal.owner_employee,
        team=goal.owner_team,
        department=goal.owner_department,
    ):
        raise PermissionDenied(_("You cannot set objectives for this owner."))


def _normalise_owner(goal: Goal) -> None:
    """Only the owner field that matches the level is kept."""
    keep = {
        Goal.Level.INDIVIDUAL: "owner_employee",
        Goal.Level.TEAM: "owner_team",
        Goal.Level.DEPARTMENT: "owner_department",
    }.get(goal.level)  # type: ignore[call-overload]
    for name in ("owner_employee", "owner_team", "owner_department"):
        if name != keep:
            setattr(goal, name, None)


def _check_parent(actor: Actor, goal: Goal) -> None:
    if goal.parent_id and not permissions.goals_visible_to(actor).filter(pk=goal.parent_id).exists():
        raise ValidationError({"parent": [_("Choose an objective you can see.")]})
    if goal.parent is not None and goal.parent.state != Goal.State.ACTIVE:
        raise ValidationError(
            {"parent": [_("Archived objectives cannot have new objectives aligned to them.")]}
        )


def _check_develops(goal: Goal) -> None:
    """A goal develops a competency of its owner's framework (the general one without an owner)."""
    if goal.develops_id is None:
        return
    choices = develops_choices(goal.owner_employee if goal.level == Goal.Level.INDIVIDUAL else None)
    if goal.develops_id not in {c.pk for c in choices}:
        raise ValidationError({"develops": [_("Choose a competency of the owner's framework.")]})


def _needs_approval(actor: Actor, goal: Goal) -> bool:
    """A report's own individual goal waits for their manager when the manager asked for that."""
    owner = goal.owner_employee
    if goal.level != Goal.Level.INDIVIDUAL or owner is None or owner.manager_id is None:
        return False
    if permissions.can_approve(actor, goal):
        return False
    return ApprovalPolicy.objects.filter(manager_id=owner.manager_id, require_approval=True).exists()


def _ask_for_approval(goal: Goal) -> None:
    owner = goal.owner_employee
    manager = login_of(person_id=owner.manager_id if owner is not None else None)
    if manager is not None:
        notify(
            recipient=manager,
            kind="goal_approval",
            event_key=f"goals:approve:{goal.pk}",
            title=gettext_deferred("Approve the goal “%(title)s” of %(name)s")
            % {"title": goal.title, "name": goal.owner_label},
            url=reverse("goals:detail", args=[goal.pk]),
            requires_action=True,
        )


@transaction.atomic
def goal_create(
    *,
    actor: Actor,
    key_results: Sequence[dict[str, Any]] = (),
    contributors: Iterable[Employee] = (),
    **fields: Any,
) -> Goal:
    unknown = set(fields) - set(GOAL_FIELDS)
    if unknown:
        raise ValidationError({name: [_("Unknown field.")] for name in unknown})
    if not fields.get("rollup"):
        fields["rollup"] = rollup.default_rollup(has_key_results=bool(key_results))
    goal = Goal(**fields, created_by=actor if getattr(actor, "is_authenticated", False) else None)
    if goal.weight is None:
        goal.weight = Decimal("1")
    _normalise_owner(goal)
    _check_owner(actor, goal)
    if goal.cycle_id and not goal.cycle.is_open:
        raise ValidationError({"cycle": [_("This cycle is closed.")]})
    goal.full_clean(exclude=["path", "created_by"])
    _check_parent(actor, goal)
    _check_develops(goal)
    if _needs_approval(actor, goal):
        goal.approval = Goal.Approval.PENDING
    goal.save()
    tree_insert(goal, parent=goal.parent)
    goal.contributors.set(contributors)
    sync_key_results(goal, key_results)
    recompute_upwards(goal.pk)
    recompute_upwards(goal.parent_id)
    if goal.approval == Goal.Approval.PENDING:
        _ask_for_approval(goal)
    audit_record(actor=actor, action="goal.create", target=goal, after=audit_snapshot(goal, GOAL_FIELDS))
    return goal


def goal_describe(actor: Actor) -> Describe:
    """What a stale editor of a goal is told is saved now: the fields as GET gives them (a parent
    they may not see as null), its contributors and key results."""

    def describe(goal: Goal) -> dict[str, Any]:
        values = edit_values(goal)
        if goal.parent_id and not permissions.goals_visible_to(actor).filter(pk=goal.parent_id).exists():
            values["parent_id"] = None
        values["contributor_ids"] = list(goal.contributors.values_list("pk", flat=True))
        values["excluded_child_ids"] = excluded_child_ids(actor=actor, goal_id=goal.pk)
        values["key_results"] = [
            {name: getattr(kr, name) for name in ("id", *KR_FIELDS)}
            | {"milestones": [m.title for m in kr.milestones.all()]}
            for kr in goal.key_results.prefetch_related("milestones")
        ]
        return values

    return describe


@transaction.atomic
def goal_update(
    *,
    actor: Actor,
    goal: Goal,
    version: int | None,
    key_results: Sequence[dict[str, Any]] | None = None,
    contributors: Iterable[Employee] | None = None,
    excluded_child_ids: Iterable[int] | None = None,
    **changes: Any,
) -> Goal:
    """Owner and manager both edit (co-creation), from the `version` they opened (core.versioning):
    only what differs from the saved goal is written. When an owner changes a goal that their
    manager must approve, it goes back for approval. `excluded_child_ids`, when given, are the
    aligned objectives (of those the actor can see) left out of this goal's roll-up (goals.rollup)."""
    if not permissions.can_edit(actor, goal):
        _deny(_("You cannot change this objective."))
    unknown = set(changes) - set(GOAL_FIELDS)
    if unknown:
        raise ValidationError({name: [_("Unknown field.")] for name in unknown})
    if not changes.get("rollup", True):
        changes.pop("rollup")  # empty: keep the goal's choice
    describe = goal_describe(actor)
    # Locked as a check-in locks it (see _chain_locked), then compared with the editor's version.
    check_version(_chain_locked(goal.pk).get(goal.pk, goal), version, describe)
    if goal.final_score is not None:
        raise ValidationError({"__all__": [_("This objective's cycle is closed; it can no longer change.")]})
    before = audit_snapshot(goal, GOAL_FIELDS)
    old_parent_id, saved = goal.parent_id, edit_values(goal)
    for name, value in changes.items():
        setattr(goal, name, value)
    _normalise_owner(goal)
    written = [name for name, value in edit_values(goal).items() if value != saved[name]]
    if any(name in changes for name in ("level", "owner_employee", "owner_team", "owner_department")):
        _check_owner(actor, goal)
    goal.full_clean(exclude=["path", "created_by"])
    if {"develops_id", "level", "owner_employee_id"} & set(written):
        _check_develops(goal)
    if goal.parent_id != old_parent_id:
        _check_parent(actor, goal)
        if goal.rollup_excluded:  # left out by the old parent's owner, not by the new one
            goal.rollup_excluded = False
            written.append("rollup_excluded")
    members = _set_contributors(goal, contributors)
    key_results_changed = key_results is not None and sync_key_results(goal, key_results)
    left_out = []
    if excluded_child_ids is not None:
        left_out = rollup.exclusions_apply(actor=actor, goal=goal, excluded_ids=excluded_child_ids)
    edited = bool(written or members or key_results_changed)
    if not (edited or left_out):
        return goal  # nothing differs from what is saved: no new version
    # Leaving an aligned goal out is no change of what the manager approved.
    if edited and goal.approval == Goal.Approval.APPROVED and _needs_approval(actor, goal):
        goal.approval = Goal.Approval.PENDING
        written.append("approval")
    save_versioned(goal, version=version, fields=written, describe=describe)
    if goal.parent_id != old_parent_id:
        tree_move(goal, parent=goal.parent)
    recompute_upwards(goal.pk)
    # Both chains: the old ancestors lose the goal, the new ones gain it (weights may have changed too).
    recompute_upwards(old_parent_id)
    if goal.parent_id != old_parent_id:
        recompute_upwards(goal.parent_id)
    if goal.approval == Goal.Approval.PENDING:
        _ask_for_approval(goal)
    rollup.exclusions_notify(actor=actor, goal=goal, changed=left_out, recipients=goal_recipients)
    goal.refresh_from_db()
    audit_record(
        actor=actor, action="goal.update", target=goal, before=before, after=audit_snapshot(goal, GOAL_FIELDS)
    )
    return goal


def _set_contributors(goal: Goal, contributors: Iterable[Employee] | None) -> bool:
    if contributors is None:
        return False
    people = list(contributors)
    if {p.pk for p in people} == set(goal.contributors.values_list("pk", flat=True)):
        return False
    goal.contributors.set(people)
    return True


@transaction.atomic
def goal_set_state(*, actor: Actor, goal: Goal, state: str) -> Goal:
    """Archive (left out of every roll-up) or restore an objective."""
    if not permissions.can_edit(actor, goal):
        _deny(_("You cannot change this objective."))
    if state not in Goal.State.values:
        raise ValidationError({"state": [_("Unknown state.")]})
    before = {"state": goal.state}
    goal.state = state
    goal.save(update_fields=["state", "updated_at"])
    recompute_upwards(goal.parent_id)
    audit_record(actor=actor, action=f"goal.{state}", target=goal, before=before, after={"state": state})
    return goal


@transaction.atomic
def goal_approve(*, actor: Actor, goal: Goal) -> Goal:
    if not permissions.can_approve(actor, goal):
        _deny(_("Only the owner's manager or HR can approve this objective."))
    if goal.approval == Goal.Approval.APPROVED:
        return goal
    goal.approval = Goal.Approval.APPROVED
    goal.save(update_fields=["approval", "updated_at"])
    recompute_upwards(goal.parent_id)
    if getattr(actor, "is_authenticated", False):
        todo_resolve(recipient=actor, event_key=f"goals:approve:{goal.pk}")  # type: ignore[arg-type]
    owner_user = goal.owner_employee.user if goal.owner_employee else None
    if owner_user:
        notify(
            recipient=owner_user,
            kind="goal_approved",
            event_key=f"goals:approved:{goal.pk}:{goal.updated_at:%s}",
            title=gettext_deferred("Your goal “%(title)s” was approved") % {"title": goal.title},
            url=reverse("goals:detail", args=[goal.pk]),
        )
    audit_record(actor=actor, action="goal.approve", target=goal, after={"approval": goal.approval})
    return goal


@transaction.atomic
def approval_policy_set(*, actor: Actor, require_approval: bool) -> ApprovalPolicy:
    me = employee_of(actor)
    if me is None:
        _deny(_("Only managers set an approval policy."))
    policy, _created = ApprovalPolicy.objects.update_or_create(
        manager=me, defaults={"require_approval": require_approval}
    )
    audit_record(
        actor=actor, action="goal_policy.set", target=policy, after={"require_approval": require_approval}
    )
    return policy


# --- check-ins --------------------------------------------------------------------------------


def _decimal(value: Any, field: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ValidationError({field: [_("Enter a number.")]}) from None
    if not number.is_finite() or abs(number) >= Decimal("1e14"):
        raise ValidationError({field: [_("Enter a smaller number.")]})
    return number.quantize(Decimal("0.01"))


@transaction.atomic
def key_result_update_create(
    *,
    actor: Actor,
    goal: Goal,
    key_result: KeyResult | None = None,
    value: Any = None,
    done: bool | None = None,
    milestones_done: Iterable[int] | None = None,
    progress: Any = None,
    confidence: str = KeyResultUpdate.Confidence.ON_TRACK,
    comment: str = "",
) -> KeyResultUpdate:
    """A new value for a key result (or, for an objective without key results or aligned goals, a
    progress in percent), with a confidence and a comment. The goal and its ancestors recompute."""
    if not permissions.can_record_update(actor, goal):
        _deny(_("You cannot check in on this objective."))
    _chain_locked(goal.pk)  # before the key result changes: see _chain_locked
    if key_result is not None:
        key_result.refresh_from_db()
    if confidence not in KeyResultUpdate.Confidence.values:
        raise ValidationError({"confidence": [_("Choose on track, at risk or off track.")]})
    if key_result is not None and key_result.goal_id != goal.pk:
        raise ValidationError({"key_result": [_("This key result belongs to another objective.")]})
    update = KeyResultUpdate(
        goal=goal, key_result=key_result, author=actor, confidence=confidence, comment=comment.strip()
    )
    if key_result is not None:
        _apply_to_key_result(update, key_result, value=value, done=done, milestones_done=milestones_done)
    else:
        percent = _decimal(progress, "progress")
        if percent is not None:
            if not 0 <= percent <= 100:
                raise ValidationError({"progress": [_("Enter a percentage between 0 and 100.")]})
            goal.manual_progress = float(percent) / 100
            goal.save(update_fields=["manual_progress"])
    recompute_upwards(goal.pk)
    goal.refresh_from_db(fields=["progress"])
    goal.last_checkin_at = update.created_at = timezone.now()
    goal.status = Goal.Status.DONE if goal.progress >= 1.0 else confidence
    goal.save(update_fields=["last_checkin_at", "status", "updated_at"])
    update.goal_progress = goal.progress
    update.save()
    if getattr(actor, "is_authenticated", False):
        todo_resolve(recipient=actor, event_key=checkin_reminder_key(goal))  # type: ignore[arg-type]
    return update


def _apply_to_key_result(
    update: KeyResultUpdate,
    kr: KeyResult,
    *,
    value: Any,
    done: bool | None,
    milestones_done: Iterable[int] | None,
) -> None:
    if kr.is_measured:
        number = _decimal(value, "value")
        if number is None:
            raise ValidationError({"value": [_("Enter the new value.")]})
        check_in_value_errors(kr, number)
        update.previous_value, update.value = kr.current, number
        kr.current = number
        kr.save(update_fields=["current"])
    elif kr.kind == KeyResult.Kind.BINARY:
        update.done = bool(done)
        kr.done = bool(done)
        kr.save(update_fields=["done"])
    else:
        chosen = set(milestones_done or ())
        milestones = list(kr.milestones.all())
        for m in milestones:
            m.done = m.pk in chosen
        Milestone.objects.bulk_update(milestones, ["done"])
        update.value = Decimal(sum(m.done for m in milestones))
    kr.progress = key_result_progress(kr)
    kr.save(update_fields=["progress", "updated_at"])
    update.key_result_progress = kr.progress


# --- comments ---------------------------------------------------------------------------------

COMMENT_MAX_LENGTH = 5000


def _mentionable(actor: Actor, goal: Goal, body: str) -> list[Employee]:
    """People the comment names whom the author can see and who may see the objective: naming
    someone must not show them a private goal, nor reveal a private goal's existence."""
    named = mentions.resolve(mentions.mention_tokens(body), people_visible_to(actor))
    return [
        person
        for person in named
        if person.user is not None and person.user.is_active and permissions.can_see(person.user, goal)
    ]


@transaction.atomic
def goal_comment_add(*, actor: Actor, goal: Goal, body: str) -> GoalComment:
    """A comment on an objective. The people it @mentions and the objective's owners (not the
    author) are notified once each."""
    if not permissions.can_comment(actor, goal):
        _deny(_("You cannot comment on this objective."))
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": [_("Write a comment.")]})
    if len(body) > COMMENT_MAX_LENGTH:
        raise ValidationError({"body": [_("Keep it under %(n)s characters.") % {"n": COMMENT_MAX_LENGTH}]})
    comment = GoalComment.objects.create(goal=goal, author=actor, body=body)
    named = _mentionable(actor, goal, body)
    comment.mentioned.set(named)
    _notify_about_comment(actor, comment, named)
    return comment


def _notify_about_comment(actor: Actor, comment: GoalComment, named: list[Employee]) -> None:
    goal = comment.goal
    url = reverse("goals:detail", args=[goal.pk]) + f"#comment-{comment.pk}"
    excerpt = comment.body if len(comment.body) <= 280 else comment.body[:279] + "…"
    recipients: dict[int, tuple[User, DeferredMessage]] = {}
    for user in goal_recipients(goal):
        recipients[user.pk] = (user, gettext_deferred("%(name)s commented on “%(title)s”"))
    for person in named:  # a mention outranks ownership in the title; each person is notified once
        assert person.user is not None
        recipients[person.user.pk] = (person.user, gettext_deferred("%(name)s mentioned you on “%(title)s”"))
    recipients.pop(actor.pk, None)
    for user, title in recipients.values():
        notify(
            recipient=user,
            kind="goal_comment",
            event_key=f"goals:comment:{comment.pk}:{user.pk}",
            title=title % {"name": str(actor), "title": goal.title},
            body=excerpt,
            url=url,
        )


# --- templates --------------------------------------------------------------------------------


@transaction.atomic
def template_save(
    *, actor: Actor, template: GoalTemplate | None = None, version: int | None = None, **fields: Any
) -> GoalTemplate:
    """A new template, or an edit of one from the `version` HR opened (core.versioning)."""
    if not permissions.can_edit_templates(actor):
        _deny(_("Only HR admins edit goal templates."))
    values = {name: fields[name] for name in GoalTemplate.edit_fields if name in fields}
    if template is None:
        template = GoalTemplate(**values)
        template.full_clean()
        template.save()
    else:
        check_version(template, version)
        changed = changed_fields(template, values)
        for name, value in changed.items():
            setattr(template, name, value)
        template.full_clean()
        if changed:
            save_versioned(template, version=version, fields=changed)
    audit_record(actor=actor, action="goal_template.save", target=template)
    return template


@transaction.atomic
def template_delete(*, actor: Actor, template: GoalTemplate) -> None:
    if not permissions.can_edit_templates(actor):
        _deny(_("Only HR admins edit goal templates."))
    audit_record(actor=actor, action="goal_template.delete", target=template)
    template.delete()


# --- reminder keys and recipients (also used by goals/reminders.py) ------------------------------


def checkin_reminder_key(goal: Goal, today: datetime.date | None = None) -> str:
    """One reminder per goal per cadence period, so the tick can run every minute."""
    today = today or timezone.localdate()
    period = max(0, (today - goal.cycle.start_date).days) // goal.cycle.cadence_days
    return f"goals:key_result_update:{goal.pk}:{period}"


def goal_recipients(goal: Goal) -> list[User]:
    """Who answers for an objective: its owner, or for a team, department or company objective
    (owned by no one person) whoever wrote it."""
    if goal.owner_employee is not None:
        user = goal.owner_employee.user
        return [user] if user and user.is_active else []
    return [goal.created_by] if goal.created_by and goal.created_by.is_active else []
