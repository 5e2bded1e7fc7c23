"""Writes for where people stand in a framework: placement (track and level from a date, one by one
or in bulk), assessed levels (from a manager, from feedback, later from reviews) and promotion
readiness. All of it is append-only history, audited. Framework editing lives in
framework_editing.py."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, Exists, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cadence.core.audit import audit_events_build, audit_record
from cadence.core.i18n import date_deferred, gettext_deferred
from cadence.core.models import AuditEvent, User
from cadence.notifications.services import Notice, notify, notify_many
from cadence.people.models import Employee
from cadence.people.services import person_lock

from . import permissions
from .models import Assessment, Competency, FrameworkVersion, Level, Placement, PromotionReadiness

PLACEMENT_AUDIT = ("level", "effective_from", "reason", "note")


def _require_published(level: Level) -> None:
    if level.track.framework_version.status != FrameworkVersion.Status.PUBLISHED:
        raise ValidationError({"level": [_("Choose a level of a published framework version.")]})


@dataclass(frozen=True)
class _Latest:
    """Where a person stood before a new placement: the keys and position of their latest level."""

    level_id: int
    track_key: str
    level_key: str
    position: int
    effective_from: datetime.date


def _latest_placements(
    people: Iterable[Employee] | QuerySet[Employee], when: datetime.date
) -> dict[int, _Latest]:
    """Person id -> their latest placement in effect on `when` (what a new one from then follows),
    in one query."""
    rows = (
        Placement.objects.filter(employee__in=people, effective_from__lte=when)
        .order_by("employee_id", "effective_from", "id")
        .values_list(
            "employee_id", "level_id", "level__track__key", "level__key", "level__position", "effective_from"
        )
    )
    return {pk: _Latest(level, track, key, position, when) for pk, level, track, key, position, when in rows}


def _derived_reason(latest: _Latest | None, level: Level) -> str:
    """Promotion when the person moves up their own track, a transfer to another track, else a
    correction; the first placement is the first."""
    if latest is None:
        return Placement.Reason.INITIAL
    if latest.track_key != level.track.key:
        return Placement.Reason.TRANSFER
    return Placement.Reason.PROMOTION if level.position > latest.position else Placement.Reason.CORRECTION


def _moves(latest: _Latest | None, level: Level) -> bool:
    """Whether the placement puts the person on another level than their latest (by keys: the same
    level of a newer version is no move)."""
    return latest is None or (latest.track_key, latest.level_key) != (level.track.key, level.key)


def _repeats(latest: _Latest | None, level: Level, when: datetime.date) -> bool:
    """The same placement again (a form sent twice): nothing new to record."""
    return latest is not None and latest.level_id == level.pk and latest.effective_from == when


def _placed_notice(person: Employee, placement: Placement) -> Notice | None:
    """Tell the person where they stand now, with a link to their career page."""
    user = person.user
    if user is None or not user.is_active:
        return None
    level = placement.level
    return Notice(
        recipient=user,
        kind="competencies",
        event_key=f"competencies:placed:{placement.pk}",
        title=gettext_deferred("You are now %(level)s on the %(track)s track")
        % {"level": f"{level.code} {level.title}", "track": level.track.name},
        body=gettext_deferred("From %(date)s. See what your level and the next one expect.")
        % {"date": date_deferred(placement.effective_from, "DATE_FORMAT")},
        url=reverse("competencies:career_mine"),
    )


@transaction.atomic
def placement_set(
    *,
    actor: User,
    person: Employee,
    level: Level,
    effective_from: datetime.date | None = None,
    reason: str | None = None,
    note: str = "",
) -> Placement:
    """Put a person on a track and level from a date (today by default). A placement is history: a
    new one is added, the earlier ones stay. The reason is derived unless given (promotion, move to
    another track, correction); the person hears of a new level. The same placement sent twice is
    recorded once."""
    if not permissions.can_place(actor):
        raise PermissionDenied(_("Only HR admins place people on a track and level."))
    _require_published(level)
    when = effective_from or timezone.localdate()
    latest = _latest_placements([person], when).get(person.pk)
    if _repeats(latest, level, when):
        return Placement.objects.filter(employee=person).order_by("-effective_from", "-id").first()  # type: ignore[return-value]
    placement = Placement(
        employee=person,
        level=level,
        effective_from=when,
        reason=reason or _derived_reason(latest, level),
        note=note.strip(),
        set_by=actor,
    )
    placement.full_clean()
    placement.save()
    audit_record(
        actor=actor,
        action="competencies.placed",
        target=person,
        after={
            "level": f"{level.track.name} {level}",
            "effective_from": str(placement.effective_from),
            "reason": placement.reason,
        },
    )
    notice = _placed_notice(person, placement) if _moves(latest, level) else None
    if notice is not None:
        notify_many([notice])
    return placement


@transaction.atomic
def placement_bulk_set(
    *,
    actor: User,
    people: Iterable[Employee] | QuerySet[Employee],
    level: Level,
    effective_from: datetime.date | None = None,
    reason: str | None = None,
    note: str = "",
) -> int:
    """Place many people on one level at once (the directory's filtered selection, an import): a
    fixed number of queries (their latest placements, one insert, one batch of audit events, the
    notifications of those who move). Each reason is derived unless given; people already placed
    there from that date are left as they are. Returns how many were placed."""
    if not permissions.can_place(actor):
        raise PermissionDenied(_("Only HR admins place people on a track and level."))
    _require_published(level)
    when = effective_from or timezone.localdate()
    if isinstance(people, QuerySet):
        people = people.select_related("user")
    people = list(people)
    latest = _latest_placements(people, when)
    rows = [
        Placement(
            employee=p,
            level=level,
            effective_from=when,
            reason=reason or _derived_reason(latest.get(p.pk), level),
            note=note.strip(),
            set_by=actor,
        )
        for p in people
        if not _repeats(latest.get(p.pk), level, when)
    ]
    Placement.objects.bulk_create(rows, batch_size=1000)
    label = f"{level.track.name} {level}"
    events = audit_events_build(
        actor=actor,
        action="competencies.placed",
        items=[
            (row.employee, {}, {"level": label, "effective_from": str(when), "reason": row.reason})
            for row in rows
        ],
    )
    AuditEvent.objects.bulk_create(events, batch_size=1000)
    if any(row.pk is None for row in rows):  # a database that returns no ids from a bulk insert
        return len(rows)
    notices = [
        _placed_notice(row.employee, row) for row in rows if _moves(latest.get(row.employee_id), level)
    ]
    notify_many(n for n in notices if n is not None)
    return len(rows)


def _check_level_for(competency: Competency, level: Level) -> None:
    if level.track.framework_version_id != competency.framework_version_id:
        raise ValidationError(
            {"level": [_("Choose a level of the same framework version as the competency.")]}
        )


@transaction.atomic
def assessment_record(
    *,
    actor: User | None,
    person: Employee,
    competency: Competency,
    level: Level,
    source: str,
    comment: str = "",
    source_id: int | None = None,
    assessed_at: datetime.datetime | None = None,
) -> Assessment:
    """Record an assessed level of one competency. A manager assessment needs the actor to be above
    the person and a comment; feedback and reviews call this from their own services, which have
    checked their own permissions."""
    if source == Assessment.Source.MANAGER:
        if actor is None or not permissions.can_assess(actor, person):
            raise PermissionDenied(_("Only the person's managers assess their competencies."))
        if not comment.strip():
            raise ValidationError({"comment": [_("Say what the assessment is based on.")]})
    _check_level_for(competency, level)
    # One recording of the person at a time, so that two at once cannot both stay current (SQLite's
    # IMMEDIATE transactions serialise writers anyway).
    person_lock(person)
    assessment = Assessment.objects.create(
        employee=person,
        competency=competency,
        level=level,
        source=source,
        comment=comment.strip(),
        assessed_by=actor,
        assessed_at=assessed_at or timezone.now(),
        source_id=source_id,
    )
    _refresh_current_of(assessment)
    audit_record(
        actor=actor,
        action="competencies.assessed",
        target=person,
        after={"competency": competency.name, "level": str(level), "source": source},
    )
    return assessment


# An assessment's competency -> the rows of every version of its framework; "of the same key" is
# this path's competency with the same key.
_SIBLING = "competency__framework_version__framework__versions__competencies"


def _same_key(competency_id: int | OuterRef) -> dict[str, object]:
    """Filter arguments for assessments of a competency's key against any version of its framework.
    Pass them to one filter() call, so that both go through the same join."""
    return {_SIBLING: competency_id, "competency__key": F(f"{_SIBLING}__key")}


def _refresh_current_of(assessment: Assessment) -> None:
    """One UPDATE: of the person's assessments of this key (any version of the framework), the
    newest by (assessed_at, id) is current, the others not. The newest, not the one just written:
    an assessment may be dated in the past."""
    rows = Assessment.objects.filter(
        employee_id=assessment.employee_id, **_same_key(assessment.competency_id)
    )
    newest = rows.order_by("-assessed_at", "-id").values("pk")[:1]
    rows.update(is_current=Case(When(pk=Subquery(newest), then=Value(True)), default=Value(False)))


def assessments_refresh_current(*, people: QuerySet[Employee] | Iterable[Employee] | None = None) -> int:
    """Set `Assessment.is_current` again, in one UPDATE, for the assessments of these people
    (everyone's when None): for code that writes assessments in bulk or changes their dates (the
    seeders, the demo, the migration that added the flag has its own copy). A row is current when
    no assessment of the same person and key in the same framework is newer by (assessed_at, id).
    Returns the number of rows updated."""
    rows = Assessment.objects.all() if people is None else Assessment.objects.filter(employee__in=people)
    newer = Assessment.objects.filter(
        Q(assessed_at__gt=OuterRef("assessed_at"))
        | Q(assessed_at=OuterRef("assessed_at"), pk__gt=OuterRef("pk")),
        employee_id=OuterRef("employee_id"),
        **_same_key(OuterRef("competency_id")),
    )
    return rows.update(is_current=~Exists(newer))


@transaction.atomic
def readiness_mark(
    *,
    actor: User,
    person: Employee,
    readiness: str,
    evidence: str,
    target_level: Level | None = None,
) -> PromotionReadiness:
    """A manager marks a report as ready now, ready in 6-12 months or not yet, with evidence."""
    if not permissions.can_mark_readiness(actor, person):
        raise PermissionDenied(_("Only the person's managers mark their promotion readiness."))
    if not evidence.strip():
        raise ValidationError({"evidence": [_("Say what shows it: projects, feedback, results.")]})
    mark = PromotionReadiness(
        employee=person,
        readiness=readiness,
        evidence=evidence.strip(),
        target_level=target_level,
        marked_by=actor,
        marked_at=timezone.now(),
    )
    mark.full_clean()
    mark.save()
    audit_record(
        actor=actor,
        action="competencies.readiness_marked",
        target=person,
        after={"readiness": readiness, "target_level": str(target_level or "")},
    )
    _tell_hr_of_ready_now(mark)
    return mark


def _tell_hr_of_ready_now(mark: PromotionReadiness) -> None:
    """HR hears when someone is marked ready now: a promotion to plan."""
    if mark.readiness != PromotionReadiness.Readiness.READY_NOW:
        return
    url = reverse("competencies:readiness_list")
    for hr in User.objects.filter(role=User.Role.HR_ADMIN, is_active=True):
        notify(
            recipient=hr,
            kind="competencies",
            event_key=f"competencies:ready_now:{mark.pk}",
            title=gettext_deferred("%(name)s is ready for promotion") % {"name": mark.employee.full_name},
            url=url,
        )
