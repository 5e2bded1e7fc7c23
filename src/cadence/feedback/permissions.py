"""Who may see and do what with praise, feedback and requests.

- Public praise: every active colleague. Private praise: its author, its recipients and the
  recipients' managers (the reporting chain above them). HR has no special access to private praise.
- Feedback: a row (who gave whom feedback, when) is visible to its author, to its recipient unless
  it is manager-only, to the recipient's reporting chain and to HR. Its *text* is readable only by
  the author, by the recipient (unless manager-only) and by the recipient's managers (unless
  recipient-only) — and protected peer feedback only by the author and the recipient.
- Feedback requests: the requester and the person asked."""

from django.db.models import Q, QuerySet

from cadence.core.permissions import is_hr
from cadence.people.models import Employee
from cadence.people.permissions import Actor, employee_of, is_above

from .models import Feedback, FeedbackRequest, Praise

# Praise ---------------------------------------------------------------------------------------


def praise_visible_to(actor: Actor) -> QuerySet[Praise]:
    me = employee_of(actor)
    if me is None:
        return Praise.objects.none()
    # Recipients whose path starts with mine: me and everyone I manage, at any depth.
    mine_or_my_reports = Praise.recipients.through.objects.filter(employee__path__startswith=me.path)
    return Praise.objects.filter(
        Q(visibility=Praise.Visibility.PUBLIC)
        | Q(author=me)
        | Q(pk__in=mine_or_my_reports.values("praise_id"))
    )


def can_give_praise(actor: Actor) -> bool:
    return employee_of(actor) is not None


# Feedback -------------------------------------------------------------------------------------


def feedback_visible_to(actor: Actor) -> QuerySet[Feedback]:
    me = employee_of(actor)
    if me is None:
        return Feedback.objects.all() if is_hr(actor) else Feedback.objects.none()
    if is_hr(actor):
        return Feedback.objects.all()
    return Feedback.objects.filter(
        Q(author=me)
        | Q(
            recipient=me,
            visibility__in=[Feedback.Visibility.RECIPIENT, Feedback.Visibility.RECIPIENT_AND_MANAGER],
        )
        | (Q(recipient__path__startswith=me.path) & ~Q(recipient=me))
    )


def feedback_is_protected(feedback: Feedback, *, protection_on: bool) -> bool:
    """Protected once written under protection; while protection is on, all peer feedback is."""
    return feedback.protected or (feedback.is_peer and protection_on)


def can_read_feedback_body(actor: Actor, feedback: Feedback, *, protection_on: bool) -> bool:
    """Whether the actor may read what the feedback says (not only that it exists)."""
    me = employee_of(actor)
    if me is None:
        return False
    if feedback.author_id == me.pk:
        return True
    if feedback.recipient_id == me.pk:
        return feedback.visibility != Feedback.Visibility.MANAGER
    if feedback_is_protected(feedback, protection_on=protection_on):
        return False
    return feedback.visibility != Feedback.Visibility.RECIPIENT and is_above(me, feedback.recipient)


# Feedback requests ----------------------------------------------------------------------------


def feedback_requests_visible_to(actor: Actor) -> QuerySet[FeedbackRequest]:
    me = employee_of(actor)
    if me is None:
        return FeedbackRequest.objects.none()
    return FeedbackRequest.objects.filter(Q(requester=me) | Q(respondent=me))


def can_request_feedback_about(actor: Actor, subject: Employee) -> bool:
    """About yourself, or as a manager about someone in your reporting chain."""
    me = employee_of(actor)
    return me is not None and (me.pk == subject.pk or is_above(me, subject))


def can_respond(actor: Actor, request: FeedbackRequest) -> bool:
    me = employee_of(actor)
    return me is not None and request.respondent_id == me.pk and request.status == FeedbackRequest.Status.OPEN


# Settings -------------------------------------------------------------------------------------


def can_configure(actor: Actor) -> bool:
    return is_hr(actor)
