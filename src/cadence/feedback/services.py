"""Writes for praise, feedback and feedback requests. Each is atomic, audited when it matters, and
notifies the people who must act (once per event). Audit events never carry the text of praise or
feedback: the audit log is searchable by HR. The check-ins app builds on the helpers here (notifying
a person, toggling a reaction)."""

import datetime
from collections.abc import Sequence
from typing import Any

import numpy as np
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cadence.competencies.models import Assessment, Competency, Level
from cadence.competencies.services import assessment_record
from cadence.core.audit import audit_record
from cadence.core.errors import Conflict
from cadence.core.i18n import gettext_deferred
from cadence.core.models import User
from cadence.core.versioning import check_version, save_versioned
from cadence.goals.models import Goal
from cadence.goals.permissions import goals_visible_to
from cadence.notifications.services import Notice, notify, notify_many, todo_resolve
from cadence.people.models import Employee
from cadence.people.permissions import employee_of, require_employee

from . import permissions, selectors
from .models import (
    MAX_PRAISE_RECIPIENTS,
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


def require_text(value: str, field: str) -> str:
    """The value without surrounding whitespace; a field error when nothing is left."""
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: [_("This field is required.")]})
    return value


def notify_person(person: Employee, **kwargs: Any) -> None:
    """Notify a person through their login, if they have an active one."""
    if person.user_id and person.user and person.user.is_active:
        notify(recipient=person.user, **kwargs)


def notices_to(person: Employee, **kwargs: Any) -> list[Notice]:
    """`notify_person` for notify_many: a notice to the person's login, none without an active one."""
    if person.user_id and person.user and person.user.is_active:
        return [Notice(recipient=person.user, **kwargs)]
    return []


# Settings and values --------------------------------------------------------------------------


@transaction.atomic
def feedback_settings_update(
    *, actor: User, version: int | None, protected_peer_feedback: bool
) -> FeedbackSettings:
    """Change the settings from the `version` the form showed (core.versioning)."""
    if not permissions.can_configure(actor):
        raise PermissionDenied(_("Only HR admins can change feedback settings."))
    # The row exists once HR first saves; until then the defaults hold (selectors.feedback_settings_get).
    row, _created = FeedbackSettings.objects.select_for_update().get_or_create(pk=1)
    check_version(row, version)
    before = {"protected_peer_feedback": row.protected_peer_feedback}
    if row.protected_peer_feedback == protected_peer_feedback:
        return row
    row.protected_peer_feedback = protected_peer_feedback
    save_versioned(row, version=version, fields=["protected_peer_feedback"])
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
    name = require_text(name, "name")
    if CompanyValue.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": [_("A value with this name exists already.")]})
    value = CompanyValue.objects.create(name=name, description=description.strip(), order=order)
    audit_record(actor=actor, action="feedback.value_created", target=value, after={"name": name})
    return value


@transaction.atomic
def company_value_set_active(
    *, actor: User, value: CompanyValue, version: int | None, is_active: bool
) -> CompanyValue:
    """Retire or reactivate a value, from the `version` the page showed (core.versioning)."""
    if not permissions.can_configure(actor):
        raise PermissionDenied(_("Only HR admins can define company values."))
    check_version(value, version)
    before = {"is_active": value.is_active}
    if value.is_active == is_active:
        return value
    value.is_active = is_active
    save_versioned(value, version=version, fields=["is_active"])
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
        notify_person(
            person,
            kind="praise_received",
            event_key=f"praise:{praise.pk}:received",
            title=gettext_deferred("%(name)s praised you") % {"name": me.full_name},
            body=", ".join(v.name for v in values),
            url=url,
        )
    return praise


def reaction_toggle(model: type[models.Model], *, person: Employee, kind: str, **target: Any) -> bool:
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
    return reaction_toggle(PraiseReaction, person=require_employee(actor), kind=kind, praise=praise)


@transaction.atomic
def praise_comment(*, actor: User, praise: Praise, body: str) -> PraiseComment:
    me = require_employee(actor)
    body = require_text(body, "body")
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
    framework_competency: Competency | None = None,
    shown_level: Level | None = None,
    goal: Goal | None = None,
    request: FeedbackRequest | None = None,
) -> Feedback:
    """Feedback to a colleague, optionally about a competency of their framework and the level of
    their track it showed; a level given is recorded as an assessed level from feedback (its
    level only: the text stays with the feedback and whom it is for)."""
    me = require_employee(actor)
    errors = _competency_errors(recipient, framework_competency, shown_level)
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
    protected = is_peer and selectors.protection_on()
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
        framework_competency=framework_competency,
        shown_level=shown_level,
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
    if framework_competency is not None and shown_level is not None:
        assessment_record(
            actor=actor,
            person=recipient,
            competency=framework_competency,
            level=shown_level,
            source=Assessment.Source.FEEDBACK,
            source_id=feedback.pk,
        )
    _notify_feedback_readers(feedback, me)
    return feedback


def _competency_errors(
    recipient: Employee, competency: Competency | None, level: Level | None
) -> dict[str, list[str]]:
    """The competency must be one of the recipient's framework (published version, their track) and
    the level one of their track there."""
    if competency is None and level is None:
        return {}
    scope = selectors.competency_scope(recipient)
    name = recipient.full_name
    if competency is None:
        return {"framework_competency": [_("Choose the competency the level is about.")]}
    if scope.competency(competency.pk) is None:
        return {"framework_competency": [_("Choose a competency of %(name)s's framework.") % {"name": name}]}
    if level is not None and scope.level(level.pk) is None:
        return {"shown_level": [_("Choose a level of %(name)s's track.") % {"name": name}]}
    return {}


def _notify_feedback_readers(feedback: Feedback, author: Employee) -> None:
    url = reverse("feedback:feedback_detail", args=[feedback.pk])
    if feedback.visibility != Feedback.Visibility.MANAGER:
        notify_person(
            feedback.recipient,
            kind="feedback_received",
            event_key=f"feedback:{feedback.pk}:received",
            title=gettext_deferred("%(name)s gave you feedback") % {"name": author.full_name},
            url=url,
        )
    manager = feedback.recipient.manager
    readable_by_manager = feedback.visibility != Feedback.Visibility.RECIPIENT and not feedback.protected
    if readable_by_manager and manager and manager.pk != author.pk:
        notify_person(
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
        notify_person(
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
    framework_competency: Competency | None = None,
    shown_level: Level | None = None,
    goal: Goal | None = None,
) -> Feedback:
    request = _request_open_for(actor, request)
    feedback = feedback_give(
        actor=actor,
        recipient=request.subject,
        body=body,
        visibility=visibility,
        framework_competency=framework_competency,
        shown_level=shown_level,
        goal=goal,
        request=request,
    )
    _close_request(request, FeedbackRequest.Status.ANSWERED)
    if request.requester_id != request.subject_id:
        notify_person(
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
    notify_person(
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
        for notice in notices_to(
            request.respondent,
            kind="feedback_request_reminder",
            event_key=f"{_request_event(request)}:reminder",
            title=gettext_deferred("Reminder: %(name)s is waiting for your feedback")
            % {"name": request.requester.full_name},
            url=reverse("feedback:request_detail", args=[request.pk]),
        )
    )
    return len(due)
