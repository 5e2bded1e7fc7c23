import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cadence.core.errors import Conflict
from cadence.feedback import services
from cadence.feedback.coaching import feedback_coach
from cadence.feedback.models import Feedback, FeedbackRequest
from cadence.notifications.models import Notification
from cadence.people.testing import EmployeeFactory

from . import factories as f

pytestmark = pytest.mark.django_db


def _notes(person, kind):
    return Notification.objects.filter(recipient=person.user, kind=kind)


# Praise


def test_praise_notifies_each_recipient_once(org):
    praise = f.praise(org.report, org.report2, org.other)
    assert set(praise.recipients.all()) == {org.report2, org.other}
    assert _notes(org.report2, "praise_received").count() == 1
    assert _notes(org.other, "praise_received").count() == 1


@pytest.mark.parametrize(
    ("recipients", "values", "message", "field"),
    [
        ([], True, "Hi", "recipients"),
        (["self"], True, "Hi", "recipients"),
        (["many"], True, "Hi", "recipients"),
        (["peer"], False, "Hi", "values"),
        (["peer"], True, "  ", "message"),
    ],
)
def test_praise_rejects_bad_input(org, recipients, values, message, field):
    people = {"self": [org.report], "many": [EmployeeFactory() for _ in range(11)], "peer": [org.report2]}
    chosen = [p for key in recipients for p in people[key]]
    with pytest.raises(ValidationError) as exc:
        services.praise_create(
            actor=org.report.user, recipients=chosen, values=[f.value()] if values else [], message=message
        )
    assert field in exc.value.message_dict


def test_praise_reaction_toggles(org):
    praise = f.praise(org.report, org.report2)
    assert services.praise_react(actor=org.manager.user, praise=praise, kind="clap") is True
    assert services.praise_react(actor=org.manager.user, praise=praise, kind="clap") is False
    with pytest.raises(ValidationError):
        services.praise_react(actor=org.manager.user, praise=praise, kind="nope")


# Feedback


def test_peer_feedback_is_protected_under_the_setting_and_stays_so(org):
    f.protect()
    fb = f.feedback(org.report2, org.report)
    assert fb.is_peer and fb.protected
    f.protect(False)
    fb.refresh_from_db()
    assert fb.protected  # never widened later


def test_manager_feedback_is_not_peer(org):
    f.protect()
    fb = f.feedback(org.manager, org.report, visibility="recipient_manager")
    assert not fb.is_peer and not fb.protected


def test_protected_peer_feedback_cannot_be_shown_to_the_manager(org):
    f.protect()
    with pytest.raises(ValidationError) as exc:
        f.feedback(org.report2, org.report, visibility="recipient_manager")
    assert "visibility" in exc.value.message_dict


def test_feedback_notifications_follow_visibility(org):
    fb = f.feedback(org.report2, org.report, visibility="manager")
    assert not _notes(org.report, "feedback_received").exists()
    assert _notes(org.manager, "feedback_about_report").filter(event_key=f"feedback:{fb.pk}:manager").exists()
    f.feedback(org.report2, org.report, visibility="recipient")
    assert _notes(org.report, "feedback_received").count() == 1
    assert _notes(org.manager, "feedback_about_report").count() == 1


def test_feedback_rejects_self_and_bad_visibility(org):
    with pytest.raises(ValidationError) as exc:
        services.feedback_give(actor=org.report.user, recipient=org.report, body="", visibility="everyone")
    assert set(exc.value.message_dict) == {"recipient", "body", "visibility"}


def test_outsider_cannot_give_feedback(org):
    with pytest.raises(PermissionDenied):
        services.feedback_give(actor=org.loner, recipient=org.report, body="x", visibility="recipient")


# Requests


def test_request_answer_resolves_the_todo_and_notifies_the_manager(org):
    (request,) = services.feedback_request_create(
        actor=org.manager.user, subject=org.report, respondents=[org.report2]
    )
    todo = _notes(org.report2, "feedback_requested").get()
    assert todo.requires_action and todo.resolved_at is None
    fb = services.feedback_request_answer(
        actor=org.report2.user,
        request=request,
        body="In the retro you listened well.",
        visibility="recipient_manager",
    )
    request.refresh_from_db()
    todo.refresh_from_db()
    assert (
        request.status == FeedbackRequest.Status.ANSWERED
        and fb.request == request
        and fb.recipient == org.report
    )
    assert todo.resolved_at is not None
    assert _notes(org.manager, "feedback_request_answered").count() == 1
    with pytest.raises(Conflict):  # already answered
        services.feedback_request_decline(actor=org.report2.user, request=request)


def test_request_decline_and_who_may_ask(org):
    (request,) = services.feedback_request_create(
        actor=org.report.user, subject=org.report, respondents=[org.other]
    )
    services.feedback_request_decline(actor=org.other.user, request=request, reason="On leave")
    assert _notes(org.other, "feedback_requested").get().resolved_at is not None
    assert _notes(org.report, "feedback_request_declined").count() == 1
    with pytest.raises(ValidationError):  # a peer is not their manager
        services.feedback_request_create(actor=org.report2.user, subject=org.report, respondents=[org.other])
    with pytest.raises(ValidationError):
        services.feedback_request_create(actor=org.report.user, subject=org.report, respondents=[org.report])


def test_reminder_after_three_business_days_once(org):
    (request,) = services.feedback_request_create(
        actor=org.report.user, subject=org.report, respondents=[org.other]
    )
    friday = timezone.make_aware(datetime.datetime(2026, 3, 6, 10))  # a Friday
    FeedbackRequest.objects.filter(pk=request.pk).update(created_at=friday)
    assert services.feedback_request_remind(now=friday + datetime.timedelta(days=4)) == 0  # Tuesday: 2 days
    assert services.feedback_request_remind(now=friday + datetime.timedelta(days=5)) == 1  # Wednesday: 3 days
    assert services.feedback_request_remind(now=friday + datetime.timedelta(days=6)) == 0
    assert _notes(org.other, "feedback_request_reminder").count() == 1


# Check-ins


# Coaching


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Good job", ["vague"]),
        ("You are lazy and you never listen to anyone on this team at all.", ["vague", "personal"]),
        (
            "In yesterday's meeting you interrupted Sam three times: awful, rude, made him furious.",
            ["negative"],
        ),
        ("In Tuesday's demo you explained the import step by step and the customer signed the contract.", []),
        ("", []),
    ],
)
def test_coaching(text, codes):
    assert feedback_coach(text).codes == codes


def test_feedback_str_never_contains_the_body(org):
    fb = f.feedback(org.report2, org.report, body="Very secret words")
    assert "secret" not in str(fb)
    assert isinstance(fb, Feedback)


def test_company_values_need_distinct_names(org):
    services.company_value_create(actor=org.hr.user, name="Own it")
    services.company_value_create(actor=org.hr.user, name="Be kind")
    with pytest.raises(ValidationError) as exc:
        services.company_value_create(actor=org.hr.user, name="own IT")
    assert "name" in exc.value.message_dict
