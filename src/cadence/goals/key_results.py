"""A goal's key results as its form and PATCH edit them (a list that replaces the saved one), and
the progress of one key result."""

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import Goal, KeyResult, Milestone
from .progress import measured_progress, milestone_progress

KR_FIELDS = ("title", "kind", "direction", "baseline", "target", "current", "currency", "weight")
EDITABLE_KR_FIELDS = tuple(name for name in KR_FIELDS if name != "current")  # of an existing one


def key_result_progress(kr: KeyResult, milestones: Sequence[Milestone] | None = None) -> float:
    if kr.is_measured:
        if kr.baseline is None or kr.target is None:
            return 0.0
        current = kr.current if kr.current is not None else kr.baseline
        return measured_progress(
            kr.baseline, kr.target, current, decrease=kr.direction == KeyResult.Direction.DECREASE
        )
    if kr.kind == KeyResult.Kind.BINARY:
        return 1.0 if kr.done else 0.0
    items = list(milestones if milestones is not None else kr.milestones.all())
    return milestone_progress(sum(m.done for m in items), len(items))


def sync_key_results(goal: Goal, rows: Sequence[dict[str, Any]]) -> bool:
    """Make the goal's key results match `rows` (rows with an id update, without one create; the
    rest are deleted); True if anything changed. Milestones come as a list of titles or {"title",
    "done"}. Only changed fields are written. A key result's current value is set here only when it
    is created; after that it belongs to key-result updates (its history), so an edit that sends back
    the value it read cannot undo an update written meanwhile."""
    existing = {kr.pk: kr for kr in goal.key_results.all()}
    keep: set[int] = set()
    errors: dict[str, list[str]] = {}
    changed_any = False
    for position, row in enumerate(rows):
        kr = existing.get(row.get("id") or 0) or KeyResult(goal=goal)
        try:
            _check_milestones(kr, row)
            changed = _apply_key_result_row(kr, row, position)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(f"key_results.{position}.{field}", []).extend(messages)
            continue
        keep.add(kr.pk)
        if "milestones" in row:
            changed = _sync_milestones(kr, row["milestones"] or []) or changed
        if changed:
            kr.progress = key_result_progress(kr)
            kr.save(update_fields=["progress"])
            changed_any = True
    if errors:
        raise ValidationError(errors)
    deleted, _counts = goal.key_results.exclude(pk__in=keep).delete()
    return changed_any or bool(deleted)


def _check_milestones(kr: KeyResult, row: dict[str, Any]) -> None:
    """A milestones result needs at least one milestone: sent with the row, or saved already."""
    if (row.get("kind") or kr.kind) != KeyResult.Kind.MILESTONES:
        return
    if "milestones" in row:
        titles = [_title(item) for item in row["milestones"] or ()]
        if any(titles):
            return
    elif kr.pk is not None and kr.milestones.exists():
        return
    raise ValidationError({"milestones": [_("List the milestones, one per line.")]})


def check_in_value_errors(kr: KeyResult, value: Decimal) -> None:
    """A check-in's value must make sense for the key result: no negative count or amount unless the
    baseline or target is negative, no percentage over 100 unless they are."""
    low = min(kr.baseline or 0, kr.target or 0, Decimal(0))
    if value < low:
        message = _(
            "Enter a value of at least %(low)s: this key result runs from %(baseline)s to %(target)s."
        )
        raise ValidationError(
            {"value": [message % {"low": low, "baseline": kr.baseline, "target": kr.target}]}
        )
    high = max(kr.baseline or 0, kr.target or 0, Decimal(100))
    if kr.kind == KeyResult.Kind.PERCENTAGE and value > high:
        raise ValidationError({"value": [_("Enter a percentage of at most %(high)s.") % {"high": high}]})


def _title(item: Any) -> str:
    return str(item if isinstance(item, str) else item.get("title", "")).strip()


def _apply_key_result_row(kr: KeyResult, row: dict[str, Any], position: int) -> bool:
    """Set and save the fields of one row that differ from the key result; True if any did."""
    original = {name: getattr(kr, name) for name in (*KR_FIELDS, "position")}
    for name in KR_FIELDS if kr.pk is None else EDITABLE_KR_FIELDS:
        if name in row:
            value = row[name]
            if value is None and name not in ("baseline", "target", "current"):
                value = KeyResult._meta.get_field(name).get_default()  # type: ignore[union-attr]
            if name == "currency":
                value = str(value).strip().upper()
            setattr(kr, name, value)
    kr.position = position
    if kr.is_measured and kr.current is None:
        kr.current = kr.baseline
    kr.full_clean(exclude=["goal"])
    if kr.pk is None:
        kr.save()
        return True
    changed = [name for name, value in original.items() if getattr(kr, name) != value]
    if changed:
        kr.save(update_fields=[*changed, "updated_at"])
    return bool(changed)


def _sync_milestones(kr: KeyResult, items: Sequence[Any]) -> bool:
    saved = list(kr.milestones.all())
    current = {m.title: m for m in saved}
    rows = []
    for position, item in enumerate(items):
        title, done = _title(item)[:200], None if isinstance(item, str) else item.get("done")
        if title:
            was_done = current[title].done if title in current else False
            rows.append(
                Milestone(
                    key_result=kr, title=title, position=position, done=was_done if done is None else done
                )
            )
    if _shape(saved) == _shape(rows):
        return False
    kr.milestones.all().delete()
    Milestone.objects.bulk_create(rows)
    return True


def _shape(milestones: Sequence[Milestone]) -> list[tuple[str, bool, int]]:
    return [(m.title, m.done, m.position) for m in milestones]
