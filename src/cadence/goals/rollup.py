"""How an objective's progress rolls up. Each goal chooses where its progress comes from: its key
results only, its key results and the aligned objectives below it, or a percentage set by hand.
The owner of a goal (whoever may edit it) can leave an aligned objective out of its roll-up: that
is an edit of the parent, made under the parent's version, which changes nothing else of the child;
the child's owner is told. The flag is stored on the child (`Goal.rollup_excluded`), one row per
child as the parent link is, and cleared when the child moves to another parent."""

from collections.abc import Callable, Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from cadence.core.audit import audit_record
from cadence.core.i18n import gettext_deferred
from cadence.core.models import User
from cadence.notifications.services import notify

from .models import Goal, KeyResult
from .permissions import goals_visible_to
from .progress import weighted_progress

Rollup = Goal.Rollup


def default_rollup(*, has_key_results: bool) -> str:
    """A goal with key results is measured by them, so that a new aligned goal at 0% does not pull
    it down; one without them rolls up its aligned objectives (or is checked in by hand)."""
    return Rollup.KEY_RESULTS if has_key_results else Rollup.KEY_RESULTS_AND_CHILDREN


def counted_children(goal_id: int) -> list[tuple[Decimal, float]]:
    """Children that count: active, approved and not left out by the parent's owner."""
    return list(
        Goal.objects.filter(
            parent_id=goal_id,
            state=Goal.State.ACTIVE,
            approval=Goal.Approval.APPROVED,
            rollup_excluded=False,
        ).values_list("weight", "progress")
    )


def computed_progress(goal: Goal) -> float:
    """The goal's progress by its roll-up choice; the hand-set percentage when nothing counts."""
    if goal.rollup == Rollup.MANUAL:
        return goal.manual_progress
    items = list(KeyResult.objects.filter(goal_id=goal.pk).values_list("weight", "progress"))
    if goal.rollup == Rollup.KEY_RESULTS_AND_CHILDREN:
        items += counted_children(goal.pk)
    rolled = weighted_progress(items)
    return goal.manual_progress if rolled is None else rolled


def exclusions_apply(*, actor: User, goal: Goal, excluded_ids: Iterable[int]) -> list[Goal]:
    """Leave exactly `excluded_ids` of the aligned objectives the actor can see out of `goal`'s roll-up
    (the ones they cannot see keep their flag); returns the children whose flag changed, audited.
    The caller (goal_update) has checked that the actor may edit `goal` and holds its chain."""
    children = {
        child.pk: child
        for child in goals_visible_to(actor)
        .filter(parent_id=goal.pk)
        .select_related("owner_employee__user", "created_by")
    }
    wanted = set(excluded_ids)
    strangers = sorted(wanted - children.keys())
    if strangers:
        raise ValidationError(
            {
                "excluded_child_ids": [
                    _("Not aligned to this objective: %(ids)s.") % {"ids": ", ".join(map(str, strangers))}
                ]
            }
        )
    changed = [child for child in children.values() if child.rollup_excluded != (child.pk in wanted)]
    for child in changed:
        child.rollup_excluded = not child.rollup_excluded
    Goal.objects.bulk_update(changed, ["rollup_excluded"])
    for child in changed:
        audit_record(
            actor=actor,
            action="goal.rollup_exclude" if child.rollup_excluded else "goal.rollup_include",
            target=child,
            after={"parent": goal.pk, "rollup_excluded": child.rollup_excluded},
        )
    return changed


def exclusions_notify(
    *, actor: User, goal: Goal, changed: Iterable[Goal], recipients: Callable[[Goal], list[User]]
) -> None:
    """Tell each changed child's owner that the parent's owner left it out (or counts it again)."""
    for child in changed:
        if child.rollup_excluded:
            title = gettext_deferred("“%(parent)s” no longer counts your “%(title)s” in its progress")
        else:
            title = gettext_deferred("“%(parent)s” counts your “%(title)s” in its progress again")
        for user in recipients(child):
            if user.pk == actor.pk:
                continue
            notify(
                recipient=user,
                kind="goal_rollup",
                event_key=f"goals:rollup:{child.pk}:{goal.pk}:{goal.version}",
                title=title % {"parent": goal.title, "title": child.title},
                body=gettext_deferred("Changed by %(name)s.") % {"name": str(actor)},
                url=reverse("goals:detail", args=[child.pk]),
            )
