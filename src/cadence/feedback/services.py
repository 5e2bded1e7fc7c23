"""Writes for praise, feedback, feedback requests and check-ins. Each is atomic, audited when it
matters, and notifies the people who must act (once per event). Audit events never carry the text
of praise, feedback or check-ins: the audit log is searchable by HR."""

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cadence.core.audit import audit_record
from cadence.core.errors import Conflict
from cadence.core.i18n import gettext_deferred
from cadence.core.models import User
from cadence.goals.models import Goal
from cadence.goals.permissions import goals_visible_to
from cadence.goals.services import checkin_create as goal_checkin_create
from cadence.meetings import selectors as meeting_selectors
from cadence.meetings import services as meeting_services
from cadence.meetings.models import Meeting, Series, TalkingPoint
from cadence.notifications.services import Notice, notify, notify_many, todo_resolve
from cadence.people.models import Department, Employee
from cadence.people.permissions import employee_of, require_employee

from . import permissions
from .models import (
    MAX_PRAISE_RECIPIENTS,
    CheckIn,
    CheckInCadence,
    CheckInComment,
    CheckInPriority,
    CheckInQuestion,
    CheckInReaction,
    CompanyValue,
    Feedback,
    FeedbackRequest,
    FeedbackSettings,
    Praise,
    PraiseComment,
    PraiseReaction,
    Reaction,
)

REMINDER_BUSINESS_DAYS = 3
MAX_REQUEST_RESPONDENTS = 20
REMINDER_BATCH = 2000
DEFAULT_QUESTIONS = (
    "What went well?",
    "What was hard?",
    "What do you need?",
    "What are your priorities for the next week?",
)
# Fortnightly periods start on Mondays an even number of weeks after this Monday.
PERIOD_EPOCH = datetime.date(2024, 1, 1)


def _require_text(value: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: [_("This field is required.")]})
    return value


def _notify_person(person: Employee, **kwargs: Any) -> None:
    """Notify a person through their login, if they have an active one."""
    if person.user_id and person.user and person.user.is_active:
        notify(recipient=person.user, **kwargs)


def _notices_to(person: Employee, **kwargs: Any) -> list[Notice]:
    """`_notify_person` for notify_many: a notice to the person's login, none without an active one."""
    if person.user_id and person.user and person.user.is_active:
        return [Notice(recipient=person.user, **kwargs)]
    return []


# Settings and values --------------------------------------------------------------------------


def feedback_settings_load() -> FeedbackSettings:
    settings_row, _created = FeedbackSettings.objects.get_or_create(pk=1)
    return settings_row


@transaction.atomic
def feedback_settings_update(*, actor: User, protected_peer_feedback: bool) -> FeedbackSettings:
    if not permissions.can_configure(actor):
        raise PermissionDenied(_("Only HR admins can change feedback settings."))
    row = feedback_settings_load()
    before = {"protected_peer_feedback": row.protected_peer_feedback}
    row.protected_peer_feedback = protected_peer_feedback
    row.save()
    audit_record(
        actor=actor,
        action="feedback.settings_updated",
        target=row,
        before=before,
        after={"protected_peer_feedback": protected_peer_feedback},
    )
    return row


@transaction.atomic
def company_value_create(*, actor: User, name: str, description: str = "", order: int = 0) -> CompanyValue:
    if not permissions.can_configure(actor):
        raise PermissionDenied(_("Only HR admins can define company values."))
    name = _require_text(name, "name")
    if CompanyValue.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": [_("A value with this name exists already.")]})
    value = CompanyValue.objects.create(name=name, description=description.strip(), order=order)
    audit_record(actor=actor, action="feedback.value_created", target=value, after={"name": name})
    return value


@transaction.atomic
def company_value_set_active(*, actor: User, value: CompanyValue, is_active: bool) -> CompanyValue:
    if not permissions.can_configure(actor):
        raise PermissionDenied(_("Only HR admins can define company values."))
    before = {"is_active": value.is_active}
    value.is_active = is_active
    value.save(update_fields=["is_active", "updated_at"])
    audit_record(
        actor=actor,
        action="feedback.value_updated",
        target=value,
        before=before,
        after={"is_active": is_active},
    )
    return value


# Praise ---------------------------------------------------------------------------------------


def _validate_praise(
    me: Employee,
    recipients: Sequence[Employee],
    values: Sequence[CompanyValue],
    message: str,
    visibility: str,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not recipients:
        errors["recipients"] = [_("Choose at least one colleague.")]
    elif len(recipients) > MAX_PRAISE_RECIPIENTS:
        errors["recipients"] = [_("Praise up to %(n)s people at once.") % {"n": MAX_PRAISE_RECIPIENTS}]
    elif any(r.pk == me.pk for r in recipients):
        errors["recipients"] = [_("Praise is for colleagues, not yourself.")]
    elif any(not r.is_active for r in recipients):
        errors["recipients"] = [_("You can only praise active colleagues.")]
    if not values:
        errors["values"] = [_("Tag the praise with at least one company value.")]
    elif any(not v.is_active for v in values):
        errors["values"] = [_("This value is retired.")]
    if not message.strip():
        errors["message"] = [_("Say what they did.")]
    if visibility not in Praise.Visibility.values:
        errors["visibility"] = [_("Choose public or private.")]
    return errors


@transaction.atomic
def praise_create(
    *,
    actor: User,
    recipients: Sequence[Employee],
    values: Sequence[CompanyValue],
    message: str,
    visibility: str = Praise.Visibility.PUBLIC,
) -> Praise:
    me = require_employee(actor)
    recipients = list({r.pk: r for r in recipients}.values())
    values = list({v.pk: v for v in values}.values())
    if errors := _validate_praise(me, recipients, values, message, visibility):
        raise ValidationError(errors)
    praise = Praise.objects.create(author=me, message=message.strip(), visibility=visibility)
    praise.recipients.set(recipients)
    praise.values.set(values)
    audit_record(
        actor=actor,
        action="feedback.praise_given",
        target=praise,
        after={"recipients": [r.full_name for r in recipients], "visibility": visibility},
    )
    url = reverse("feedback:praise_detail", args=[praise.pk])
    for person in recipients:
        _notify_person(
            person,
            kind="praise_received",
            event_key=f"praise:{praise.pk}:received",
            title=gettext_deferred("%(name)s praised you") % {"name": me.full_name},
            body=", ".join(v.name for v in values),
            url=url,
        )
    return praise


def _toggle_reaction(model: type[models.Model], *, person: Employee, kind: str, **target: Any) -> bool:
    """Add the person's reaction of this kind to the target, or take it away; True when added."""
    if kind not in Reaction.values:
        raise ValidationError({"kind": [_("Unknown reaction.")]})
    deleted, _rows = model._default_manager.filter(person=person, kind=kind, **target).delete()
    if deleted:
        return False
    model._default_manager.create(person=person, kind=kind, **target)
    return True


@transaction.atomic
def praise_react(*, actor: User, praise: Praise, kind: str) -> bool:
    """Toggle a reaction; True when it was added."""
    return _toggle_reaction(PraiseReaction, person=require_employee(actor), kind=kind, praise=praise)


@transaction.atomic
def praise_comment(*, actor: User, praise: Praise, body: str) -> PraiseComment:
    me = require_employee(actor)
    body = _require_text(body, "body")
    if len(body) > 1000:
        raise ValidationError({"body": [_("Keep comments under 1000 characters.")]})
    return PraiseComment.objects.create(praise=praise, author=me, body=body)


# Feedback -------------------------------------------------------------------------------------


@transaction.atomic
def feedback_give(
    *,
    actor: User,
    recipient: Employee,
    body: str,
    visibility: str,
    competency: str = "",
    goal: Goal | None = None,
    request: FeedbackRequest | None = None,
) -> Feedback:
    me = require_employee(actor)
    errors: dict[str, list[str]] = {}
    if goal is not None and not goals_visible_to(actor).filter(pk=goal.pk).exists():
        errors["goal"] = [_("You cannot see this goal.")]
    if recipient.pk == me.pk:
        errors["recipient"] = [_("Feedback is for someone else.")]
    elif not recipient.is_active:
        errors["recipient"] = [_("%(name)s is no longer active.") % {"name": recipient.full_name}]
    if not (body or "").strip():
        errors["body"] = [_("Write your feedback.")]
    if visibility not in Feedback.Visibility.values:
        errors["visibility"] = [_("Choose who may read it.")]
    is_peer = not permissions.is_above(me, recipient)
    protected = is_peer and feedback_settings_load().protected_peer_feedback
    if protected and visibility in Feedback.Visibility.values and visibility != Feedback.Visibility.RECIPIENT:
        errors["visibility"] = [
            _("Peer feedback is protected in this organisation: only %(name)s can read it.")
            % {"name": recipient.full_name}
        ]
    if errors:
        raise ValidationError(errors)
    feedback = Feedback.objects.create(
        author=me,
        recipient=recipient,
        body=body.strip(),
        visibility=visibility,
        competency=competency.strip()[:120],
        goal=goal,
        is_peer=is_peer,
        protected=protected,
        request=request,
    )
    audit_record(
        actor=actor,
        action="feedback.given",
        target=feedback,
        after={"recipient": recipient.full_name, "visibility": visibility, "protected": protected},
    )
    _notify_feedback_readers(feedback, me)
    return feedback


def _notify_feedback_readers(feedback: Feedback, author: Employee) -> None:
    url = reverse("feedback:feedback_detail", args=[feedback.pk])
    if feedback.visibility != Feedback.Visibility.MANAGER:
        _notify_person(
            feedback.recipient,
            kind="feedback_received",
            event_key=f"feedback:{feedback.pk}:received",
            title=gettext_deferred("%(name)s gave you feedback") % {"name": author.full_name},
            url=url,
        )
    manager = feedback.recipient.manager
    readable_by_manager = feedback.visibility != Feedback.Visibility.RECIPIENT and not feedback.protected
    if readable_by_manager and manager and manager.pk != author.pk:
        _notify_person(
            manager,
            kind="feedback_about_report",
            event_key=f"feedback:{feedback.pk}:manager",
            title=gettext_deferred("%(author)s gave %(name)s feedback")
            % {"author": author.full_name, "name": feedback.recipient.full_name},
            url=url,
        )


# Feedback requests ----------------------------------------------------------------------------


def _request_event(request: FeedbackRequest) -> str:
    return f"feedback-request:{request.pk}"


@transaction.atomic
def feedback_request_create(
    *, actor: User, subject: Employee, respondents: Sequence[Employee], questions: str = ""
) -> list[FeedbackRequest]:
    me = require_employee(actor)
    if not permissions.can_request_feedback_about(actor, subject):
        raise ValidationError({"subject": [_("Ask about yourself or about someone who reports to you.")]})
    respondents = list({r.pk: r for r in respondents}.values())
    errors: dict[str, list[str]] = {}
    if not respondents:
        errors["respondents"] = [_("Choose at least one colleague to ask.")]
    elif len(respondents) > MAX_REQUEST_RESPONDENTS:
        errors["respondents"] = [_("Ask up to %(n)s people at once.") % {"n": MAX_REQUEST_RESPONDENTS}]
    elif any(r.pk in (subject.pk, me.pk) for r in respondents):
        errors["respondents"] = [_("Ask other colleagues, not yourself or the person it is about.")]
    elif any(not r.is_active for r in respondents):
        errors["respondents"] = [_("You can only ask active colleagues.")]
    if len(questions) > 2000:
        errors["questions"] = [_("Keep the questions under 2000 characters.")]
    if errors:
        raise ValidationError(errors)
    created = [
        FeedbackRequest.objects.create(
            requester=me, subject=subject, respondent=r, questions=questions.strip()
        )
        for r in respondents
    ]
    for request in created:
        audit_record(
            actor=actor,
            action="feedback.requested",
            target=request,
            after={"respondent": str(request.respondent)},
        )
        title = (
            gettext_deferred("%(name)s asked you for feedback") % {"name": me.full_name}
            if subject.pk == me.pk
            else gettext_deferred("%(name)s asked you for feedback about %(subject)s")
            % {"name": me.full_name, "subject": subject.full_name}
        )
        _notify_person(
            request.respondent,
            kind="feedback_requested",
            event_key=_request_event(request),
            title=title,
            url=reverse("feedback:request_detail", args=[request.pk]),
            requires_action=True,
        )
    return created


def _close_request(request: FeedbackRequest, status: str) -> None:
    request.status = status
    request.closed_at = timezone.now()
    request.save(update_fields=["status", "closed_at", "decline_reason", "updated_at"])
    if (respondent := request.respondent.user) is not None:
        todo_resolve(recipient=respondent, event_key=_request_event(request))


def _request_open_for(actor: User, request: FeedbackRequest) -> FeedbackRequest:
    """The request, locked and read again, if the actor may answer it now. Its respondent sending a
    second answer (or a decline) at the same moment gets a Conflict; anyone else is refused."""
    request = (
        FeedbackRequest.objects.select_for_update(of=("self",))
        .select_related("requester", "subject", "respondent__user")
        .get(pk=request.pk)
    )
    me = employee_of(actor)
    if me is not None and request.respondent_id == me.pk and request.status != FeedbackRequest.Status.OPEN:
        raise Conflict(_("This request has already been answered or declined."))
    if not permissions.can_respond(actor, request):
        raise PermissionDenied(_("This request is not open for you."))
    return request


@transaction.atomic
def feedback_request_answer(
    *,
    actor: User,
    request: FeedbackRequest,
    body: str,
    visibility: str,
    competency: str = "",
    goal: Goal | None = None,
) -> Feedback:
    request = _request_open_for(actor, request)
    feedback = feedback_give(
        actor=actor,
        recipient=request.subject,
        body=body,
        visibility=visibility,
        competency=competency,
        goal=goal,
        request=request,
    )
    _close_request(request, FeedbackRequest.Status.ANSWERED)
    if request.requester_id != request.subject_id:
        _notify_person(
            request.requester,
            kind="feedback_request_answered",
            event_key=f"{_request_event(request)}:answered",
            title=gettext_deferred("%(name)s answered your feedback request about %(subject)s")
            % {"name": request.respondent.full_name, "subject": request.subject.full_name},
            url=reverse("feedback:request_detail", args=[request.pk]),
        )
    return feedback


@transaction.atomic
def feedback_request_decline(*, actor: User, request: FeedbackRequest, reason: str = "") -> FeedbackRequest:
    request = _request_open_for(actor, request)
    request.decline_reason = (reason or "").strip()[:300]
    _close_request(request, FeedbackRequest.Status.DECLINED)
    audit_record(actor=actor, action="feedback.request_declined", target=request)
    _notify_person(
        request.requester,
        kind="feedback_request_declined",
        event_key=f"{_request_event(request)}:declined",
        title=gettext_deferred("%(name)s declined your feedback request")
        % {"name": request.respondent.full_name},
        body=request.decline_reason,
        url=reverse("feedback:request_detail", args=[request.pk]),
    )
    return request


def reminder_cutoff(today: datetime.date) -> datetime.datetime:
    """Requests created before this moment have waited at least three business days."""
    last_day = np.busday_offset(np.datetime64(today), -REMINDER_BUSINESS_DAYS, roll="backward")
    day = last_day.astype(datetime.date) + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@transaction.atomic
def feedback_request_remind(*, now: datetime.datetime | None = None) -> int:
    """Tick job: remind people of requests open for three business days, once, a batch at a time."""
    now = now or timezone.now()
    # Locked rows are being reminded by another worker: skip them rather than remind twice.
    due = list(
        FeedbackRequest.objects.filter(
            status=FeedbackRequest.Status.OPEN,
            reminded_at__isnull=True,
            created_at__lt=reminder_cutoff(timezone.localdate(now)),
        )
        .select_related("requester", "subject", "respondent__user")
        .select_for_update(skip_locked=True, of=("self",))[:REMINDER_BATCH]
    )
    FeedbackRequest.objects.filter(pk__in=[request.pk for request in due]).update(reminded_at=now)
    notify_many(
        notice
        for request in due
        for notice in _notices_to(
            request.respondent,
            kind="feedback_request_reminder",
            event_key=f"{_request_event(request)}:reminder",
            title=gettext_deferred("Reminder: %(name)s is waiting for your feedback")
            % {"name": request.requester.full_name},
            url=reverse("feedback:request_detail", args=[request.pk]),
        )
    )
    return len(due)


# Check-ins: configuration ---------------------------------------------------------------------


def checkin_questions_ensure_defaults() -> None:
    if not CheckInQuestion.objects.exists():
        CheckInQuestion.objects.bulk_create(
            CheckInQuestion(text=text, order=i) for i, text in enumerate(DEFAULT_QUESTIONS)
        )


@transaction.atomic
def checkin_question_create(
    *, actor: User, text: str, department: Department | None = None, order: int = 0
) -> CheckInQuestion:
    if not permissions.can_configure(actor):
        raise PermissionDenied(_("Only HR admins can change check-in questions."))
    checkin_questions_ensure_defaults()
    question = CheckInQuestion.objects.create(
        text=_require_text(text, "text")[:300], department=department, order=order
    )
    audit_record(
        actor=actor, action="checkin.question_created", target=question, after={"text": question.text}
    )
    return question


@transaction.atomic
def checkin_question_set_active(
    *, actor: User, question: CheckInQuestion, is_active: bool
) -> CheckInQuestion:
    if not permissions.can_configure(actor):
        raise PermissionDenied(_("Only HR admins can change check-in questions."))
    question.is_active = is_active
    question.save(update_fields=["is_active", "updated_at"])
    audit_record(
        actor=actor, action="checkin.question_updated", target=question, after={"is_active": is_active}
    )
    return question


@transaction.atomic
def checkin_cadence_set(
    *, actor: User, every_weeks: int, department: Department | None = None
) -> CheckInCadence:
    if not permissions.can_configure(actor):
        raise PermissionDenied(_("Only HR admins can change the check-in cadence."))
    if every_weeks not in CheckInCadence.Every.values:
        raise ValidationError({"every_weeks": [_("Choose every week or every two weeks.")]})
    row, _created = CheckInCadence.objects.update_or_create(
        department=department, defaults={"every_weeks": every_weeks}
    )
    audit_record(actor=actor, action="checkin.cadence_set", target=row, after={"every_weeks": every_weeks})
    return row


# Check-ins: periods ---------------------------------------------------------------------------


def cadence_weeks_for(person: Employee) -> int:
    rows = {
        c.department_id: c.every_weeks
        for c in CheckInCadence.objects.filter(Q(department=None) | Q(department_id=person.department_id))
    }
    return rows.get(person.department_id) or rows.get(None) or CheckInCadence.Every.WEEK


def period_start_for(day: datetime.date, every_weeks: int) -> datetime.date:
    monday = day - datetime.timedelta(days=day.weekday())
    offset_weeks = ((monday - PERIOD_EPOCH).days // 7) % every_weeks
    return monday - datetime.timedelta(weeks=offset_weeks)


def period_due_date(period_start: datetime.date, every_weeks: int) -> datetime.date:
    """Check-ins are due on the Friday of the period's last week."""
    return period_start + datetime.timedelta(weeks=every_weeks - 1, days=4)


def _due_event(author_id: int, period_start: datetime.date) -> str:
    return f"checkin-due:{author_id}:{period_start.isoformat()}"


@transaction.atomic
def checkin_open_current(*, actor: User, today: datetime.date | None = None) -> CheckIn:
    """The actor's check-in for the current period, created (as due) if needed."""
    me = require_employee(actor)
    start = period_start_for(today or timezone.localdate(), cadence_weeks_for(me))
    check_in, _created = CheckIn.objects.get_or_create(author=me, period_start=start)
    return check_in


def previous_open_priorities(check_in: CheckIn) -> list[CheckInPriority]:
    """Open priorities from the author's last submitted check-in before this one."""
    previous = (
        CheckIn.objects.filter(
            author_id=check_in.author_id,
            period_start__lt=check_in.period_start,
            status=CheckIn.Status.SUBMITTED,
        )
        .order_by("-period_start")
        .first()
    )
    if previous is None:
        return []
    return list(previous.priorities.filter(status=CheckInPriority.Status.OPEN))


def _clean_answers(questions: Sequence[CheckInQuestion], answers: dict[int, str]) -> list[dict[str, str]]:
    return [{"question": q.text, "answer": (answers.get(q.pk) or "").strip()[:5000]} for q in questions]


@transaction.atomic
def checkin_submit(
    *,
    actor: User,
    check_in: CheckIn,
    mood: int | None,
    answers: dict[int, str],
    questions: Sequence[CheckInQuestion],
    carried: dict[int, str] | None = None,
    new_priorities: Iterable[str] = (),
    goal_updates: Sequence[tuple[Goal, str, str]] = (),
) -> CheckIn:
    """Submit a check-in. `carried` maps each previous open priority id to done, carried or dropped."""
    # Locked and read again: of two submissions sent at once, the second finds it submitted.
    check_in = (
        CheckIn.objects.select_for_update(of=("self",)).select_related("author__manager").get(pk=check_in.pk)
    )
    mine = check_in.author_id == getattr(employee_of(actor), "pk", None)
    if mine and check_in.status != CheckIn.Status.DUE:
        raise Conflict(_("This check-in has just been submitted. Open it to see what was sent."))
    if not permissions.can_write_check_in(actor, check_in):
        raise PermissionDenied(_("This check-in cannot be changed any more."))
    errors: dict[str, list[str]] = {}
    if mood is None or not 1 <= mood <= 5:
        errors["mood"] = [_("Choose how you felt, from 1 to 5.")]
    previous = {p.pk: p for p in previous_open_priorities(check_in)}
    carried = carried or {}
    allowed = {CheckInPriority.Status.DONE, CheckInPriority.Status.CARRIED, CheckInPriority.Status.DROPPED}
    if any(pk not in previous or status not in allowed for pk, status in carried.items()):
        errors["carried"] = [_("Mark each earlier priority as done, carried forward or dropped.")]
    new_texts = [t.strip()[:300] for t in new_priorities if t and t.strip()][:20]
    if errors:
        raise ValidationError(errors)
    check_in.mood = mood
    check_in.answers = _clean_answers(questions, answers)
    check_in.status = CheckIn.Status.SUBMITTED
    check_in.submitted_at = timezone.now()
    check_in.save()
    _apply_carried(check_in, previous, carried, new_texts)
    for goal, confidence, comment in goal_updates:
        # The goals app owns goal progress; a failure there rolls the whole check-in back.
        goal_checkin_create(actor=actor, goal=goal, confidence=confidence, comment=comment)
    audit_record(
        actor=actor,
        action="checkin.submitted",
        target=check_in,
        after={"period": check_in.period_start.isoformat()},
    )
    _after_check_in_closed(check_in, actor)
    _notify_manager_to_review(check_in)
    return check_in


def _apply_carried(
    check_in: CheckIn, previous: dict[int, CheckInPriority], carried: dict[int, str], new_texts: list[str]
) -> None:
    rows: list[CheckInPriority] = []
    for pk, status in carried.items():
        CheckInPriority.objects.filter(pk=pk).update(status=status)
        if status == CheckInPriority.Status.CARRIED:
            rows.append(CheckInPriority(check_in=check_in, text=previous[pk].text, carried_from_id=pk))
    rows += [CheckInPriority(check_in=check_in, text=text) for text in new_texts]
    for order, row in enumerate(rows):
        row.order = order
    CheckInPriority.objects.bulk_create(rows)


def _after_check_in_closed(check_in: CheckIn, actor: User) -> None:
    todo_resolve(recipient=actor, event_key=_due_event(check_in.author_id, check_in.period_start))


def _notify_manager_to_review(check_in: CheckIn) -> None:
    manager = check_in.author.manager
    if manager is None:
        return
    _notify_person(
        manager,
        kind="checkin_submitted",
        event_key=f"checkin:{check_in.pk}:review",
        title=gettext_deferred("%(name)s submitted a check-in") % {"name": check_in.author.full_name},
        url=reverse("feedback:checkin_detail", args=[check_in.pk]),
        requires_action=True,
    )


@transaction.atomic
def checkin_skip(*, actor: User, check_in: CheckIn, reason: str = "") -> CheckIn:
    """Skip a period, for example while on leave."""
    if not permissions.can_write_check_in(actor, check_in):
        raise PermissionDenied(_("This check-in cannot be changed any more."))
    check_in.status = CheckIn.Status.SKIPPED
    check_in.skip_reason = (reason or "").strip()[:200]
    check_in.save(update_fields=["status", "skip_reason", "updated_at"])
    audit_record(actor=actor, action="checkin.skipped", target=check_in)
    _after_check_in_closed(check_in, actor)
    return check_in


def _require_discussant(actor: User, check_in: CheckIn) -> Employee:
    if not permissions.can_discuss_check_in(actor, check_in):
        raise PermissionDenied(_("You cannot comment on this check-in."))
    if check_in.status != CheckIn.Status.SUBMITTED:
        raise ValidationError({"__all__": [_("Only submitted check-ins can be discussed.")]})
    return require_employee(actor)


@transaction.atomic
def checkin_comment(*, actor: User, check_in: CheckIn, body: str) -> CheckInComment:
    me = _require_discussant(actor, check_in)
    body = _require_text(body, "body")
    if len(body) > 2000:
        raise ValidationError({"body": [_("Keep comments under 2000 characters.")]})
    comment = CheckInComment.objects.create(check_in=check_in, author=me, body=body)
    if me.pk != check_in.author_id:
        _notify_person(
            check_in.author,
            kind="checkin_comment",
            event_key=f"checkin-comment:{comment.pk}",
            title=gettext_deferred("%(name)s commented on your check-in") % {"name": me.full_name},
            url=reverse("feedback:checkin_detail", args=[check_in.pk]),
        )
    return comment


@transaction.atomic
def checkin_react(*, actor: User, check_in: CheckIn, kind: str) -> bool:
    return _toggle_reaction(
        CheckInReaction, person=_require_discussant(actor, check_in), kind=kind, check_in=check_in
    )


@transaction.atomic
def checkin_mark_reviewed(*, actor: User, check_in: CheckIn) -> CheckIn:
    if not permissions.can_review_check_in(actor, check_in):
        raise PermissionDenied(_("Only the author's managers can review a check-in."))
    if check_in.status != CheckIn.Status.SUBMITTED:
        raise ValidationError({"__all__": [_("Only submitted check-ins can be reviewed.")]})
    if check_in.reviewed_at is None:
        check_in.reviewed_at = timezone.now()
        check_in.reviewed_by = require_employee(actor)
        check_in.save(update_fields=["reviewed_at", "reviewed_by", "updated_at"])
        audit_record(actor=actor, action="checkin.reviewed", target=check_in)
    manager = check_in.author.manager
    if manager and (manager_user := manager.user) is not None:
        todo_resolve(recipient=manager_user, event_key=f"checkin:{check_in.pk}:review")
    return check_in


# Check-in items on the next 1:1 ---------------------------------------------------------------

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
def checkin_item_to_talking_point(*, actor: User, check_in: CheckIn, text: str) -> TalkingPoint:
    """Put an answer or priority of a check-in on the agenda of the reviewer's next 1:1 with its author.
    Adding the same text to the same meeting again returns the existing point."""
    if not permissions.can_review_check_in(actor, check_in):
        raise PermissionDenied(_("Only the author's managers can take a check-in to a 1:1."))
    if check_in.status != CheckIn.Status.SUBMITTED:
        raise ValidationError({"__all__": [_("Only submitted check-ins can be discussed.")]})
    text = talking_point_text(text)
    if not text:
        raise ValidationError({"text": [_("Choose an answer or a priority to discuss.")]})
    me, author = require_employee(actor), check_in.author
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
        in_group = Employee.objects.filter(people, status=Employee.Status.ACTIVE, user__is_active=True)
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
            for check_in in pending
            for notice in _notices_to(
                check_in.author,
                kind="checkin_due",
                event_key=_due_event(check_in.author_id, start),
                title=gettext_deferred("Your check-in is due"),
                url=reverse("feedback:checkin_current"),
                requires_action=True,
                due_at=due_at,
            )
        )
        CheckIn.objects.filter(pk__in=[c.pk for c in pending]).update(reminded_at=timezone.now())
        reminded += len(pending)
    return reminded
