"""Weekly check-ins: questions and cadences, opening, submitting, skipping and reviewing a check-in,
comments and reactions, putting an item on the next 1:1, and the due reminder."""

import datetime
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cadence.core.audit import audit_record
from cadence.core.errors import Conflict
from cadence.core.i18n import gettext_deferred
from cadence.core.models import User
from cadence.core.versioning import check_version, save_versioned, stale
from cadence.feedback.services import REMINDER_BATCH, notices_to, notify_person, reaction_toggle, require_text
from cadence.goals.models import Goal
from cadence.goals.services import key_result_update_create as goal_update_create
from cadence.meetings import selectors as meeting_selectors
from cadence.meetings import services as meeting_services
from cadence.meetings.models import Meeting, Series, TalkingPoint
from cadence.notifications.services import notify_many, todo_resolve
from cadence.people.models import Department, Employee
from cadence.people.permissions import employee_of, require_employee
from cadence.people.selectors import people_to_notify

from . import permissions, selectors
from .models import (
    CheckIn,
    CheckInCadence,
    CheckInComment,
    CheckInPriority,
    CheckInQuestion,
    CheckInReaction,
)
from .periods import period_due_date, period_start_for


@transaction.atomic
def checkin_question_create(
    *, actor: User, text: str, department: Department | None = None, order: int = 0
) -> CheckInQuestion:
    if not permissions.can_configure(actor):
        raise PermissionDenied(_("Only HR admins can change check-in questions."))
    question = CheckInQuestion.objects.create(
        text=require_text(text, "text")[:300], department=department, order=order
    )
    audit_record(
        actor=actor, action="checkin.question_created", target=question, after={"text": question.text}
    )
    return question


@transaction.atomic
def checkin_question_set_active(
    *, actor: User, question: CheckInQuestion, version: int | None, is_active: bool
) -> CheckInQuestion:
    """Turn a question on or off, from the `version` the page showed (core.versioning)."""
    if not permissions.can_configure(actor):
        raise PermissionDenied(_("Only HR admins can change check-in questions."))
    check_version(question, version)
    if question.is_active == is_active:
        return question
    question.is_active = is_active
    save_versioned(question, version=version, fields=["is_active"])
    audit_record(
        actor=actor, action="checkin.question_updated", target=question, after={"is_active": is_active}
    )
    return question


@transaction.atomic
def checkin_cadence_set(
    *, actor: User, every_weeks: int, department: Department | None = None, version: int | None = None
) -> CheckInCadence:
    """Set the cadence of everyone or of one department. `version` is that of the row the page
    showed for it, None if it showed none: a row set meanwhile (or changed since) is a Conflict."""
    if not permissions.can_configure(actor):
        raise PermissionDenied(_("Only HR admins can change the check-in cadence."))
    if every_weeks not in CheckInCadence.Every.values:
        raise ValidationError({"every_weeks": [_("Choose every week or every two weeks.")]})
    row = CheckInCadence.objects.select_for_update().filter(department=department).first()
    if row is None:
        row = CheckInCadence.objects.create(department=department, every_weeks=every_weeks)
    elif version is None or row.version != version:
        raise stale(row)
    elif row.every_weeks != every_weeks:
        row.every_weeks = every_weeks
        save_versioned(row, version=version, fields=["every_weeks"])
    audit_record(actor=actor, action="checkin.cadence_set", target=row, after={"every_weeks": every_weeks})
    return row


def _due_event(author_id: int, period_start: datetime.date) -> str:
    return f"checkin-due:{author_id}:{period_start.isoformat()}"


@transaction.atomic
def checkin_open_current(*, actor: User, today: datetime.date | None = None) -> CheckIn:
    """The actor's check-in for the current period, created (as due) if needed."""
    me = require_employee(actor)
    start = period_start_for(today or timezone.localdate(), selectors.cadence_weeks_for(me))
    checkin, _created = CheckIn.objects.get_or_create(author=me, period_start=start)
    return checkin


def _clean_answers(questions: Sequence[CheckInQuestion], answers: dict[int, str]) -> list[dict[str, str]]:
    return [{"question": q.text, "answer": (answers.get(q.pk) or "").strip()[:5000]} for q in questions]


GoalUpdates = Sequence[tuple[Goal, str, str]]  # (goal, confidence, comment) from the form


def _locked(checkin: CheckIn) -> CheckIn:
    """The check-in read again under a row lock: of two writes sent at once, the second sees the first."""
    return (
        CheckIn.objects.select_for_update(of=("self",)).select_related("author__manager").get(pk=checkin.pk)
    )


def _is_author(actor: User, checkin: CheckIn) -> bool:
    return checkin.author_id == getattr(employee_of(actor), "pk", None)


def _validated(
    checkin: CheckIn, mood: int | None, carried: dict[int, str] | None, new_priorities: Iterable[str]
) -> tuple[dict[int, CheckInPriority], dict[int, str], list[str]]:
    """The earlier priorities this check-in decides on, the decisions and the new priorities; a
    ValidationError for a missing mood or a decision that is not one of done, carried or dropped."""
    errors: dict[str, list[str]] = {}
    if mood is None or not 1 <= mood <= 5:
        errors["mood"] = [_("Choose how you felt, from 1 to 5.")]
    previous = {p.pk: p for p in selectors.previous_open_priorities(checkin)}
    carried = carried or {}
    allowed = {CheckInPriority.Status.DONE, CheckInPriority.Status.CARRIED, CheckInPriority.Status.DROPPED}
    if any(pk not in previous or status not in allowed for pk, status in carried.items()):
        errors["carried"] = [_("Mark each earlier priority as done, carried forward or dropped.")]
    if errors:
        raise ValidationError(errors)
    return previous, carried, _priority_texts(new_priorities)


def _priority_texts(new_priorities: Iterable[str]) -> list[str]:
    return [t.strip()[:300] for t in new_priorities if t and t.strip()][:20]


def _record_goal_updates(actor: User, checkin: CheckIn, goal_updates: GoalUpdates) -> None:
    """Goal check-ins through the goals app, linked to the check-in so its reviewer sees them."""
    updates = [
        # The goals app owns goal progress; a failure there rolls the whole check-in back.
        goal_update_create(actor=actor, goal=goal, confidence=confidence, comment=comment)
        for goal, confidence, comment in goal_updates
    ]
    if updates:
        checkin.goal_updates.add(*updates)


@transaction.atomic
def checkin_submit(
    *,
    actor: User,
    checkin: CheckIn,
    mood: int | None,
    answers: dict[int, str],
    questions: Sequence[CheckInQuestion],
    carried: dict[int, str] | None = None,
    new_priorities: Iterable[str] = (),
    goal_updates: GoalUpdates = (),
) -> CheckIn:
    """Submit a check-in. `carried` maps each previous open priority id to done, carried or dropped."""
    checkin = _locked(checkin)
    if _is_author(actor, checkin) and checkin.status != CheckIn.Status.DUE:
        raise Conflict(_("This check-in has just been submitted. Open it to see what was sent."))
    if not permissions.can_write_checkin(actor, checkin):
        raise PermissionDenied(_("This check-in cannot be changed any more."))
    previous, carried, new_texts = _validated(checkin, mood, carried, new_priorities)
    checkin.mood = mood
    checkin.answers = _clean_answers(questions, answers)
    checkin.status = CheckIn.Status.SUBMITTED
    checkin.submitted_at = timezone.now()
    checkin.draft = {}
    checkin.save()
    _apply_carried(checkin, previous, carried, new_texts)
    _record_goal_updates(actor, checkin, goal_updates)
    audit_record(
        actor=actor,
        action="checkin.submitted",
        target=checkin,
        after={"period": checkin.period_start.isoformat()},
    )
    _after_checkin_closed(checkin, actor)
    _notify_manager_to_review(checkin)
    return checkin


@transaction.atomic
def checkin_save_draft(
    *,
    actor: User,
    checkin: CheckIn,
    mood: int | None,
    answers: dict[int, str],
    carried: dict[int, str] | None = None,
    new_priorities: Iterable[str] = (),
    goals: dict[int, tuple[str, str]] | None = None,
) -> CheckIn:
    """Keep what the author has written so far without submitting it: nothing is required yet, no
    earlier priority is decided and no goal check-in recorded until the check-in is submitted."""
    checkin = _locked(checkin)
    if _is_author(actor, checkin) and checkin.status == CheckIn.Status.SUBMITTED:
        raise Conflict(_("This check-in has just been submitted. Open it to see what was sent."))
    if not permissions.can_write_checkin(actor, checkin):
        raise PermissionDenied(_("This check-in cannot be changed any more."))
    if mood is not None and not 1 <= mood <= 5:
        raise ValidationError({"mood": [_("Choose how you felt, from 1 to 5.")]})
    checkin.mood = mood
    checkin.draft = {
        "answers": {str(pk): text.strip()[:5000] for pk, text in answers.items() if text and text.strip()},
        "carried": {str(pk): status for pk, status in (carried or {}).items() if status},
        "priorities": _priority_texts(new_priorities),
        "goals": {str(pk): list(choice) for pk, choice in (goals or {}).items()},
    }
    checkin.draft_saved_at = timezone.now()
    checkin.save(update_fields=["mood", "draft", "draft_saved_at", "updated_at"])
    return checkin


@transaction.atomic
def checkin_update(
    *,
    actor: User,
    checkin: CheckIn,
    mood: int | None,
    answers: dict[int, str],
    questions: Sequence[CheckInQuestion],
    carried: dict[int, str] | None = None,
    new_priorities: Iterable[str] = (),
    goal_updates: GoalUpdates = (),
) -> CheckIn:
    """The author changes a submitted check-in, until a manager has reviewed it. Only the author
    writes a check-in, so there is no version to compare; the review is what closes it, and it is
    read under the row lock: an edit sent after the review is refused (Conflict) with nothing written.
    Priorities a later check-in has decided on stay as they are."""
    checkin = _locked(checkin)
    if not _is_author(actor, checkin) or checkin.status != CheckIn.Status.SUBMITTED:
        raise PermissionDenied(_("This check-in cannot be changed any more."))
    if checkin.reviewed_at is not None:
        raise Conflict(
            _(
                "Your manager has already reviewed this check-in, so it can no longer be changed. "
                "Add a comment to it instead."
            )
        )
    previous, carried, new_texts = _validated(checkin, mood, carried, new_priorities)
    checkin.mood = mood
    checkin.answers = _clean_answers(questions, answers)
    checkin.edited_at = timezone.now()
    checkin.save(update_fields=["mood", "answers", "edited_at", "updated_at"])
    checkin.priorities.filter(status=CheckInPriority.Status.OPEN).delete()
    CheckInPriority.objects.filter(pk__in=previous).update(status=CheckInPriority.Status.OPEN)
    _apply_carried(checkin, previous, carried, new_texts, start=checkin.priorities.count())
    _record_goal_updates(actor, checkin, goal_updates)
    audit_record(actor=actor, action="checkin.edited", target=checkin)
    return checkin


def _apply_carried(
    checkin: CheckIn,
    previous: dict[int, CheckInPriority],
    carried: dict[int, str],
    new_texts: list[str],
    start: int = 0,
) -> None:
    """Decide on last time's priorities and add this check-in's, ordered from `start`."""
    rows: list[CheckInPriority] = []
    for pk, status in carried.items():
        CheckInPriority.objects.filter(pk=pk).update(status=status)
        if status == CheckInPriority.Status.CARRIED:
            rows.append(CheckInPriority(checkin=checkin, text=previous[pk].text, carried_from_id=pk))
    rows += [CheckInPriority(checkin=checkin, text=text) for text in new_texts]
    for order, row in enumerate(rows, start=start):
        row.order = order
    CheckInPriority.objects.bulk_create(rows)


def _after_checkin_closed(checkin: CheckIn, actor: User) -> None:
    todo_resolve(recipient=actor, event_key=_due_event(checkin.author_id, checkin.period_start))


def _notify_manager_to_review(checkin: CheckIn) -> None:
    manager = checkin.author.manager
    if manager is None:
        return
    notify_person(
        manager,
        kind="checkin_submitted",
        event_key=f"checkin:{checkin.pk}:review",
        title=gettext_deferred("%(name)s submitted a check-in") % {"name": checkin.author.full_name},
        url=reverse("checkins:checkin_detail", args=[checkin.pk]),
        requires_action=True,
    )


@transaction.atomic
def checkin_skip(*, actor: User, checkin: CheckIn, reason: str = "") -> CheckIn:
    """Skip a period, for example while on leave. Locked and read again before the check, like a
    submission: of a skip and a submission sent at once, the second finds it closed (refused)."""
    CheckIn.objects.select_for_update().filter(pk=checkin.pk).first()
    checkin.refresh_from_db()
    if not permissions.can_write_checkin(actor, checkin):
        raise PermissionDenied(_("This check-in cannot be changed any more."))
    checkin.status = CheckIn.Status.SKIPPED
    checkin.skip_reason = (reason or "").strip()[:200]
    checkin.save(update_fields=["status", "skip_reason", "updated_at"])
    audit_record(actor=actor, action="checkin.skipped", target=checkin)
    _after_checkin_closed(checkin, actor)
    return checkin


def _require_discussant(actor: User, checkin: CheckIn) -> Employee:
    if not permissions.can_discuss_checkin(actor, checkin):
        raise PermissionDenied(_("You cannot comment on this check-in."))
    if checkin.status != CheckIn.Status.SUBMITTED:
        raise ValidationError({"__all__": [_("Only submitted check-ins can be discussed.")]})
    return require_employee(actor)


@transaction.atomic
def checkin_comment(*, actor: User, checkin: CheckIn, body: str) -> CheckInComment:
    me = _require_discussant(actor, checkin)
    body = require_text(body, "body")
    if len(body) > 2000:
        raise ValidationError({"body": [_("Keep comments under 2000 characters.")]})
    comment = CheckInComment.objects.create(checkin=checkin, author=me, body=body)
    if me.pk != checkin.author_id:
        notify_person(
            checkin.author,
            kind="checkin_comment",
            event_key=f"checkin-comment:{comment.pk}",
            title=gettext_deferred("%(name)s commented on your check-in") % {"name": me.full_name},
            url=reverse("checkins:checkin_detail", args=[checkin.pk]),
        )
    return comment


@transaction.atomic
def checkin_react(*, actor: User, checkin: CheckIn, kind: str) -> bool:
    return reaction_toggle(
        CheckInReaction, person=_require_discussant(actor, checkin), kind=kind, checkin=checkin
    )


@transaction.atomic
def checkin_mark_reviewed(*, actor: User, checkin: CheckIn) -> CheckIn:
    if not permissions.can_review_checkin(actor, checkin):
        raise PermissionDenied(_("Only the author's managers can review a check-in."))
    if checkin.status != CheckIn.Status.SUBMITTED:
        raise ValidationError({"__all__": [_("Only submitted check-ins can be reviewed.")]})
    if checkin.reviewed_at is None:
        checkin.reviewed_at = timezone.now()
        checkin.reviewed_by = require_employee(actor)
        checkin.save(update_fields=["reviewed_at", "reviewed_by", "updated_at"])
        audit_record(actor=actor, action="checkin.reviewed", target=checkin)
    manager = checkin.author.manager
    if manager and (manager_user := manager.user) is not None:
        todo_resolve(recipient=manager_user, event_key=f"checkin:{checkin.pk}:review")
    return checkin


# The meetings app's limit for a talking point; read from its model so the two cannot drift apart.
TALKING_POINT_MAX = TalkingPoint._meta.get_field("text").max_length or 500


def talking_point_text(text: str, limit: int = TALKING_POINT_MAX) -> str:
    """One line (answers may span paragraphs), cut at a word boundary with an ellipsis when too long."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    # Prefer ending at a space unless that would throw away most of the text.
    if (space := cut.rfind(" ")) > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-") + "…"


def _shared_series(actor: User, me: Employee, person: Employee) -> Series | None:
    """The running 1:1 series between the actor and `person`; the one the actor leads first."""
    rows = meeting_selectors.series_list(actor=actor, person=person.pk, active=True).filter(
        Q(manager=me, employee=person) | Q(manager=person, employee=me)
    )
    return min(rows, key=lambda s: s.manager_id != me.pk, default=None)


def _next_meeting(series: Series) -> Meeting | None:
    """The series' next meeting still to be held: the first one from today on, else the latest one
    left open (a missed meeting nobody closed still collects the agenda)."""
    meeting_services.next_meeting_ensure(series=series)
    open_meetings = meeting_selectors.meeting_list(series=series).filter(status=meeting_selectors.SCHEDULED)
    start_of_today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    upcoming = open_meetings.filter(scheduled_at__gte=start_of_today).order_by("scheduled_at").first()
    return upcoming or open_meetings.order_by("-scheduled_at").first()


@transaction.atomic
def checkin_item_to_talking_point(*, actor: User, checkin: CheckIn, text: str) -> TalkingPoint:
    """Put an answer or priority of a check-in on the agenda of the reviewer's next 1:1 with its author.
    Adding the same text to the same meeting again returns the existing point."""
    if not permissions.can_review_checkin(actor, checkin):
        raise PermissionDenied(_("Only the author's managers can take a check-in to a 1:1."))
    if checkin.status != CheckIn.Status.SUBMITTED:
        raise ValidationError({"__all__": [_("Only submitted check-ins can be discussed.")]})
    text = talking_point_text(text)
    if not text:
        raise ValidationError({"text": [_("Choose an answer or a priority to discuss.")]})
    me, author = require_employee(actor), checkin.author
    series = _shared_series(actor, me, author)
    if series is None:
        raise ValidationError(
            _("You have no 1:1 series with %(name)s yet. Set one up on the 1:1s page.")
            % {"name": author.first_name or author.full_name}
        )
    meeting = _next_meeting(series)
    if meeting is None:
        raise ValidationError(
            _("Your 1:1 with %(name)s has no upcoming meeting. Schedule one on the 1:1s page.")
            % {"name": author.first_name or author.full_name}
        )
    existing = meeting_selectors.talking_point_list(meeting=meeting).filter(text=text).first()
    if existing is not None:
        return existing
    return meeting_services.talking_point_add(actor=actor, meeting=meeting, text=text)


def _cadence_groups() -> list[tuple[int, Q]]:
    """(weeks, people filter) for each department with its own cadence and for everyone else."""
    rows = list(CheckInCadence.objects.all())
    own = [r.department_id for r in rows if r.department_id]
    default = next((r.every_weeks for r in rows if r.department_id is None), CheckInCadence.Every.WEEK)
    groups = [(r.every_weeks, Q(department_id=r.department_id)) for r in rows if r.department_id]
    groups.append((default, ~Q(department_id__in=own) | Q(department__isnull=True)))
    return groups


def checkin_remind_due(*, today: datetime.date | None = None) -> int:
    """Tick job: on the due day, create the period's check-in (as due) for everyone who has none and
    put it on their to-do list. Set-based and batched; safe to run repeatedly and concurrently."""
    today = today or timezone.localdate()
    reminded = 0
    for weeks, people in _cadence_groups():
        start = period_start_for(today, weeks)
        due = period_due_date(start, weeks)
        if today < due:
            continue
        in_group = people_to_notify().filter(people)
        lacking = in_group.exclude(Exists(CheckIn.objects.filter(author=OuterRef("pk"), period_start=start)))
        CheckIn.objects.bulk_create(
            [
                CheckIn(author_id=pk, period_start=start)
                for pk in lacking.values_list("pk", flat=True)[:REMINDER_BATCH]
            ],
            ignore_conflicts=True,
        )
        pending = list(
            CheckIn.objects.filter(
                author__in=in_group, period_start=start, status=CheckIn.Status.DUE, reminded_at__isnull=True
            ).select_related("author__user")[:REMINDER_BATCH]
        )
        due_at = timezone.make_aware(datetime.datetime.combine(due, datetime.time(18)))
        notify_many(
            notice
            for checkin in pending
            for notice in notices_to(
                checkin.author,
                kind="checkin_due",
                event_key=_due_event(checkin.author_id, start),
                title=gettext_deferred("Your check-in is due"),
                url=reverse("checkins:checkin_current"),
                requires_action=True,
                due_at=due_at,
            )
        )
        CheckIn.objects.filter(pk__in=[c.pk for c in pending]).update(reminded_at=timezone.now())
        reminded += len(pending)
    return reminded
